/**
 * The emulator's own service control policy evaluation, written from AWS's documentation (not shared with the
 * project's lib/, so the two can disagree and a test notice): small on purpose.
 *
 * - Evaluation (AWS Organizations User Guide, "SCP evaluation",
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html): a Deny that
 *   matches at any level denies; otherwise every level from the root through each OU to the account needs an Allow
 *   that matches. SCPs do not affect the management account ("Service control policies (SCPs)",
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
 * - Elements (IAM User Guide, "IAM JSON policy elements reference",
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html): Action or NotAction (service
 *   prefix and action name ignore case, `*` and `?` wildcards), Resource or NotResource (`*` and `?` in any ARN part,
 *   case-sensitive), Condition: operators AND'd, keys AND'd, values OR'd (NOR'd for the negated operators); condition
 *   key names ignore case; a key missing from the request fails a condition, except the negated operators, `...IfExists`
 *   and Null ("IAM JSON policy elements: Condition operators",
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * Operators: StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike,
 * StringNotLike, ArnEquals, ArnLike, ArnNotEquals, ArnNotLike, Bool, Null, each with IfExists. Anything else (set
 * operators, numeric, date, IP) is rejected with an error naming it: the emulator does not guess.
 */
import type { ScpLevels, ScpPolicyDocument } from "../aws/scps";
import { isJsonObject } from "../protocol/http";

export type { ScpLevels, ScpPolicyDocument } from "../aws/scps";

export interface ScpRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

export type ScpVerdict = { readonly allowed: true } | { readonly allowed: false; readonly explicit: boolean; readonly policyArn?: string };

export class ScpEvaluationError extends Error {}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

const strings = (value: unknown, what: string): string[] =>
  asList(value).map((v) => {
    if (typeof v === "string") return v;
    if (typeof v === "boolean" || typeof v === "number") return String(v);
    throw new ScpEvaluationError(`${what}: expected strings (got ${JSON.stringify(v)})`);
  });

function globMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const body = pattern
    .replace(/[.+^${}()|[\]\\/]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, ignoreCase ? "is" : "s").test(value);
}

function actionMatches(pattern: string, action: string): boolean {
  if (pattern === "*") return true;
  const [pService, pName = ""] = pattern.split(/:(.*)/s);
  const [service, name = ""] = action.split(/:(.*)/s);
  return pService.toLowerCase() === service.toLowerCase() && globMatches(pName, name, true);
}

/** Each of the six colon-separated parts on its own; the last part keeps its colons. */
function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === "*") return true;
  const split = (s: string) => {
    const parts = s.split(":");
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(":")];
  };
  const p = split(pattern);
  const a = split(arn);
  return p !== undefined && a !== undefined && p.every((part, i) => globMatches(part, a[i] ?? "", false));
}

function elementMatches(statement: Record<string, unknown>, name: "Action" | "Resource", value: string): boolean {
  const match = name === "Action" ? actionMatches : arnMatches;
  const not = statement[`Not${name}`];
  if (not !== undefined) return !strings(not, `Not${name}`).some((p) => match(p, value));
  return strings(statement[name], name).some((p) => match(p, value));
}

const OPERATORS: Readonly<Record<string, { readonly negated: boolean; readonly test: (policy: string, value: string) => boolean }>> = {
  stringequals: { negated: false, test: (p, v) => p === v },
  stringnotequals: { negated: true, test: (p, v) => p === v },
  stringequalsignorecase: { negated: false, test: (p, v) => p.toLowerCase() === v.toLowerCase() },
  stringnotequalsignorecase: { negated: true, test: (p, v) => p.toLowerCase() === v.toLowerCase() },
  stringlike: { negated: false, test: (p, v) => globMatches(p, v, false) },
  stringnotlike: { negated: true, test: (p, v) => globMatches(p, v, false) },
  arnequals: { negated: false, test: arnMatches },
  arnlike: { negated: false, test: arnMatches },
  arnnotequals: { negated: true, test: arnMatches },
  arnnotlike: { negated: true, test: arnMatches },
  bool: { negated: false, test: (p, v) => p.toLowerCase() === v.toLowerCase() },
};

function contextValue(context: ScpRequest["context"], key: string): readonly string[] | undefined {
  const found = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase());
  if (!found) return undefined;
  return typeof found[1] === "string" ? [found[1]] : found[1];
}

function conditionHolds(operatorName: string, key: string, policyValues: readonly string[], context: ScpRequest["context"]): boolean {
  const values = contextValue(context, key);
  const lower = operatorName.toLowerCase();
  if (lower === "null") return policyValues.some((p) => (p.toLowerCase() === "true") === (values === undefined));
  const ifExists = lower.endsWith("ifexists");
  const operator = OPERATORS[ifExists ? lower.slice(0, -"ifexists".length) : lower];
  if (!operator) throw new ScpEvaluationError(`condition operator ${operatorName} is not supported by the Bedrock emulator`);
  if (values === undefined) return ifExists || operator.negated;
  // A single-valued key: the request has one value.
  const [value = ""] = values;
  const anyMatch = policyValues.some((p) => operator.test(p, value));
  return operator.negated ? !anyMatch : anyMatch;
}

function statementMatches(statement: Record<string, unknown>, request: ScpRequest): boolean {
  if (!elementMatches(statement, "Action", request.action) || !elementMatches(statement, "Resource", request.resource)) return false;
  const condition = statement.Condition;
  if (condition === undefined) return true;
  if (!isJsonObject(condition)) throw new ScpEvaluationError("Condition: expected an object");
  return Object.entries(condition).every(([operator, clauses]) => {
    if (!isJsonObject(clauses)) throw new ScpEvaluationError(`Condition.${operator}: expected an object`);
    return Object.entries(clauses).every(([key, values]) =>
      conditionHolds(operator, key, strings(values, `Condition.${operator}.${key}`), request.context),
    );
  });
}

function statementsOf(policy: ScpPolicyDocument): Record<string, unknown>[] {
  if (!isJsonObject(policy.document)) throw new ScpEvaluationError(`SCP ${policy.id}: not a JSON object`);
  return asList(policy.document.Statement).map((s) => {
    if (!isJsonObject(s)) throw new ScpEvaluationError(`SCP ${policy.id}: a statement is not an object`);
    return s;
  });
}

/** The verdict of the SCPs on one request; `policyArn` names the SCP whose Deny decided, as AWS's message does. */
export function evaluateScps(scps: ScpLevels, request: ScpRequest): ScpVerdict {
  for (const level of scps.levels) {
    for (const policy of level) {
      if (statementsOf(policy).some((s) => s.Effect === "Deny" && statementMatches(s, request))) {
        return { allowed: false, explicit: true, policyArn: policy.arn };
      }
    }
  }
  const everyLevelAllows = scps.levels.every((level) =>
    level.some((policy) => statementsOf(policy).some((s) => s.Effect === "Allow" && statementMatches(s, request))),
  );
  return everyLevelAllows ? { allowed: true } : { allowed: false, explicit: false };
}
