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
 * - IAM User Guide, "IAM JSON policy elements: Action" / "Resource": a statement has an Action or a NotAction, and a
 *   Resource or a NotResource.
 */
import { InputError } from "../../../core/errors";
import { isRecord } from "../../../core/validation";
import { parseConditionOperator } from "./condition-operators";
import { resourcePatternParts } from "./match-elements";
import type { ConditionClause, Effect, PatternList, ScpDocument, ScpStatement } from "./scp-document";
import { policyValueProblem } from "./value-tests";

const POLICY_VERSION = "2012-10-17";
const DOCUMENT_ELEMENTS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_ELEMENTS = new Set(["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"]);
const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/i;

type Problems = string[];

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
};

const problem = (path: string, message: string, value?: unknown): string =>
  value === undefined ? `${path}: ${message}` : `${path}: ${message} (got ${shown(value)})`;

/** A string or a non-empty list of strings, as Action and Resource take them. */
function stringList(value: unknown, path: string, problems: Problems): readonly string[] {
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) problems.push(problem(path, "expected at least one value", value));
  const strings = list.filter((item): item is string => typeof item === "string");
  if (strings.length !== list.length) problems.push(problem(path, "expected a string or a list of strings", value));
  return strings;
}

/** Exactly one of `name` and `Not${name}`. */
function patternList(
  statement: Record<string, unknown>,
  name: "Action" | "Resource",
  path: string,
  problems: Problems,
  check: (pattern: string) => string | undefined,
): PatternList {
  const notName = `Not${name}`;
  const hasPlain = statement[name] !== undefined;
  const hasNot = statement[notName] !== undefined;
  if (hasPlain === hasNot) {
    problems.push(problem(path, hasPlain ? `has both ${name} and ${notName}; expected one` : `expected ${name} or ${notName}`));
    return { negated: false, patterns: [] };
  }
  const element = hasPlain ? name : notName;
  const patterns = stringList(statement[element], `${path}.${element}`, problems);
  patterns.forEach((pattern, i) => {
    const wrong = check(pattern);
    if (wrong) problems.push(problem(`${path}.${element}${Array.isArray(statement[element]) ? `[${i}]` : ""}`, wrong, pattern));
  });
  return { negated: hasNot, patterns };
}

const actionProblem = (pattern: string): string | undefined =>
  pattern === "*" || ACTION.test(pattern) ? undefined : 'expected "*" or "service:Action" (wildcards * and ? allowed in the action name)';

function resourceProblem(pattern: string): string | undefined {
  if (pattern.includes("${")) return "policy variables (${...}) are not supported by this evaluator";
  if (pattern === "*" || resourcePatternParts(pattern)) return undefined;
  return 'expected "*" or an ARN (arn:partition:service:region:account:resource)';
}

function conditionValues(value: unknown, path: string, problems: Problems): readonly string[] {
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  const values = list.flatMap((item) =>
    typeof item === "string" || typeof item === "number" || typeof item === "boolean" ? [String(item)] : [],
  );
  if (list.length === 0 || values.length !== list.length)
    problems.push(problem(path, "expected a value or a non-empty list of values", value));
  return values;
}

function conditions(block: unknown, path: string, problems: Problems): readonly ConditionClause[] {
  if (block === undefined) return [];
  if (!isRecord(block)) {
    problems.push(problem(path, "expected an object of operator → key → value(s)", block));
    return [];
  }
  return Object.entries(block).flatMap(([name, keys]) => {
    const operator = parseConditionOperator(name);
    if (typeof operator === "string") {
      problems.push(problem(`${path}.${name}`, operator));
      return [];
    }
    if (!isRecord(keys) || Object.keys(keys).length === 0) {
      problems.push(problem(`${path}.${name}`, "expected an object of condition key → value(s)", keys));
      return [];
    }
    return Object.entries(keys).map(([key, raw]) => {
      const values = conditionValues(raw, `${path}.${name}.${key}`, problems);
      for (const value of values) {
        const wrong = policyValueProblem(operator.base, value);
        if (wrong) problems.push(problem(`${path}.${name}.${key}`, wrong, value));
      }
      return { operator, key, values };
    });
  });
}

function effect(value: unknown, path: string, problems: Problems): Effect {
  if (value === "Allow" || value === "Deny") return value;
  problems.push(problem(`${path}.Effect`, 'expected "Allow" or "Deny"', value ?? "nothing"));
  return "Deny";
}

function statement(raw: unknown, index: number, path: string, problems: Problems): ScpStatement | undefined {
  if (!isRecord(raw)) {
    problems.push(problem(path, "expected a statement object", raw));
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (key === "Principal" || key === "NotPrincipal") problems.push(problem(`${path}.${key}`, `SCPs do not support ${key}`));
    else if (!STATEMENT_ELEMENTS.has(key)) problems.push(problem(`${path}.${key}`, "not a statement element"));
  }
  if (raw.Sid !== undefined && typeof raw.Sid !== "string") problems.push(problem(`${path}.Sid`, "expected a string", raw.Sid));
  return {
    index,
    ...(typeof raw.Sid === "string" && { sid: raw.Sid }),
    effect: effect(raw.Effect, path, problems),
    actions: patternList(raw, "Action", path, problems, actionProblem),
    resources: patternList(raw, "Resource", path, problems, resourceProblem),
    conditions: conditions(raw.Condition, `${path}.Condition`, problems),
  };
}

function fromJsonText(input: unknown, problems: Problems): unknown {
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input);
  } catch (err) {
    problems.push(problem("(root)", `not JSON: ${err instanceof Error ? err.message : String(err)}`));
    return undefined;
  }
}

function statements(document: Record<string, unknown>, problems: Problems): readonly ScpStatement[] {
  const raw = document.Statement;
  if (raw === undefined) {
    problems.push(problem("Statement", "missing"));
    return [];
  }
  if (Array.isArray(raw) && raw.length === 0) problems.push(problem("Statement", "expected at least one statement", raw));
  const list: readonly unknown[] = Array.isArray(raw) ? raw : [raw];
  return list.flatMap((item, i) => statement(item, i, Array.isArray(raw) ? `Statement[${i}]` : "Statement", problems) ?? []);
}

/**
 * Parses `input` (the policy JSON, as text or already parsed) as an SCP. `label` names the policy in the error,
 * e.g. `p-abc123 (DenyOutsideEU)`.
 */
export function parseScpDocument(input: unknown, label: string): ScpDocument {
  const problems: Problems = [];
  const document = fromJsonText(input, problems);
  if (problems.length === 0 && !isRecord(document)) problems.push(problem("(root)", "expected a JSON object", document));
  if (problems.length > 0 || !isRecord(document)) throw new InputError(`SCP ${label} is not a valid service control policy`, problems);
  for (const key of Object.keys(document)) if (!DOCUMENT_ELEMENTS.has(key)) problems.push(problem(key, "not a policy element"));
  if (document.Version !== POLICY_VERSION) problems.push(problem("Version", `expected "${POLICY_VERSION}"`, document.Version ?? "nothing"));
  const parsed = statements(document, problems);
  if (problems.length > 0) throw new InputError(`SCP ${label} is not a valid service control policy`, problems);
  return { statements: parsed };
}
