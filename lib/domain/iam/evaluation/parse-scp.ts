/**
 * Reads an SCP's JSON into an `ScpDocument`, or throws one InputError naming every field that is wrong.
 *
 * Sources:
 * - AWS Organizations User Guide, "SCP syntax"
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html): every SCP has
 *   `"Version": "2012-10-17"`; one `Statement`, an object or an array; each statement one `Effect` (Allow or Deny);
 *   `Principal` and `NotPrincipal` are not supported in SCPs ("Unsupported elements").
 * - AWS Security Blog, "AWS Organizations service control policy now supports full IAM language"
 *   (https://aws.amazon.com/blogs/security/unlock-new-possibilities-aws-organizations-service-control-policy-now-supports-full-iam-language):
 *   Condition, individual resource ARNs, NotAction and NotResource in Allow statements as well as Deny, and
 *   wildcards anywhere in an action name. So no element is restricted by effect here.
 * The grammar every policy shares (Action or NotAction, Resource or NotResource, …) is the document model's
 * (lib/domain/iam/policy.ts); this adds what SCPs require and what this evaluator can evaluate faithfully.
 */
import { InputError } from "../../../core/errors";
import type { PolicyDialect } from "../dialect";
import { isActionPattern, resourcePatternParts } from "../matching";
import { PolicyDocument } from "../policy";
import type { PolicyStatement } from "../statement";
import { parseConditionOperator } from "../condition-operators";
import type { ConditionClause, ScpDocument } from "./scp-document";
import { policyValueProblem } from "./value-tests";

function resourceProblem(pattern: string): string | undefined {
  if (pattern.includes("${")) return "policy variables (${...}) are not supported by this evaluator";
  if (pattern === "*" || resourcePatternParts(pattern)) return undefined;
  return 'expected "*" or an ARN (arn:partition:service:region:account:resource)';
}

const SCP: PolicyDialect = {
  name: "SCPs",
  version: "2012-10-17",
  principals: false,
  actionProblem: (pattern) =>
    isActionPattern(pattern) ? undefined : 'expected "*" or "service:Action" (wildcards * and ? allowed in the action name)',
  resourceProblem,
  operatorProblem: (name) => {
    const operator = parseConditionOperator(name);
    return typeof operator === "string" ? operator : undefined;
  },
  conditionValueProblem: (name, value) => {
    const operator = parseConditionOperator(name);
    return typeof operator === "string" ? undefined : policyValueProblem(operator.base, value);
  },
};

/** The statement's Condition block as clauses; its operators have passed `SCP.operatorProblem`. */
function clauses(statement: PolicyStatement): ConditionClause[] {
  return Object.entries(statement.conditions ?? {}).flatMap(([name, keys]) => {
    const operator = parseConditionOperator(name);
    if (typeof operator === "string") return [];
    return Object.entries(keys).map(([key, values]) => ({ operator, key, values: typeof values === "string" ? [values] : values }));
  });
}

/**
 * Parses `input` (the policy JSON, as text or already parsed) as an SCP. `label` names the policy in the error,
 * e.g. `p-abc123 (DenyOutsideEU)`.
 */
export function parseScpDocument(input: unknown, label: string): ScpDocument {
  const title = `SCP ${label} is not a valid service control policy`;
  const reading = PolicyDocument.read(input, SCP);
  if (!reading.document) throw new InputError(title, [`(root): ${reading.unreadable}`]);
  if (reading.problems.length > 0) throw new InputError(title, reading.problems);
  return {
    statements: reading.document.statements.map((statement, index) => ({
      index,
      ...(statement.sid !== undefined && { sid: statement.sid }),
      effect: statement.effect,
      statement,
      conditions: clauses(statement),
    })),
  };
}
