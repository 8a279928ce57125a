import type { AttributeValue } from "./attributes";
import { errorMessage } from "../core/errors";
import { isRecord } from "../core/validation";

/** One condition value: `StringLike token.actions.githubusercontent.com:sub = repo:org/app:*`. */
export interface ConditionEntry {
  readonly operator: string;
  readonly key: string;
  readonly value: string;
}

/**
 * An IAM policy statement with every list normalized (a single string becomes a one-item list),
 * so two renderings of the same policy (ours, and IAM's key-sorted one) compare equal.
 */
export interface Statement {
  /** The Sid, or `#N` (position among statements without one) so unnamed statements still pair up. */
  readonly key: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** `AWS arn:aws:iam::…`, `Federated arn:…`, `Service ec2.amazonaws.com`, or `*`. */
  readonly principals: readonly string[];
  readonly notPrincipals: readonly string[];
  readonly conditions: readonly ConditionEntry[];
}

export type PolicyState =
  | { readonly state: "absent" }
  | { readonly state: "unknown" }
  | { readonly state: "sensitive" }
  | { readonly state: "invalid"; readonly problem: string }
  | { readonly state: "known"; readonly statements: readonly Statement[] };

const strings = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String).sort();

function principals(value: unknown): string[] {
  if (value === undefined) return [];
  if (value === "*") return ["*"];
  if (!isRecord(value)) return [String(value)];
  return Object.entries(value)
    .flatMap(([type, ids]) => strings(ids).map((id) => (id === "*" && type === "AWS" ? "*" : `${type} ${id}`)))
    .sort();
}

function conditions(value: unknown): ConditionEntry[] {
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([operator, keys]) =>
    isRecord(keys) ? Object.entries(keys).flatMap(([key, values]) => strings(values).map((v) => ({ operator, key, value: v }))) : [],
  );
}

/** Reads a policy document from a resource attribute (a JSON string, or a value known only after apply). */
export function policyFromAttribute(attribute: AttributeValue): PolicyState {
  if (attribute.state !== "known") return attribute;
  if (typeof attribute.value !== "string") return { state: "invalid", problem: "not a JSON string" };
  if (attribute.value.trim() === "") return { state: "absent" };
  let json: unknown;
  try {
    json = JSON.parse(attribute.value);
  } catch (err) {
    return { state: "invalid", problem: `not JSON: ${errorMessage(err)}` };
  }
  if (!isRecord(json)) return { state: "invalid", problem: "not a JSON object" };
  const raw = Array.isArray(json.Statement) ? json.Statement : json.Statement === undefined ? [] : [json.Statement];
  let unnamed = 0;
  const statements = raw.filter(isRecord).map((s): Statement => ({
    key: typeof s.Sid === "string" && s.Sid !== "" ? s.Sid : `#${unnamed++}`,
    effect: typeof s.Effect === "string" ? s.Effect : "Allow",
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    principals: principals(s.Principal),
    notPrincipals: principals(s.NotPrincipal),
    conditions: conditions(s.Condition),
  }));
  return { state: "known", statements };
}

export const formatCondition = (c: ConditionEntry): string => `${c.operator} ${c.key} = ${c.value}`;
