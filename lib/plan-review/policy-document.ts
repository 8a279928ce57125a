import type { AttributeValue } from "./attributes";
import { PolicyDocument } from "../domain/iam/policy";
import type { ConditionEntry, PolicyStatement } from "../domain/iam/statement";

export type PolicyState =
  | { readonly state: "absent" }
  | { readonly state: "unknown" }
  | { readonly state: "sensitive" }
  | { readonly state: "invalid"; readonly problem: string }
  | { readonly state: "known"; readonly statements: readonly PolicyStatement[] };

/**
 * Reads a policy document from a resource attribute (a JSON string, or a value known only after apply). A document IAM
 * would reject is still reviewed for what it says; only one that is not a JSON object cannot be.
 */
export function policyFromAttribute(attribute: AttributeValue): PolicyState {
  if (attribute.state !== "known") return attribute;
  if (typeof attribute.value !== "string") return { state: "invalid", problem: "not a JSON string" };
  if (attribute.value.trim() === "") return { state: "absent" };
  const reading = PolicyDocument.read(attribute.value);
  return reading.document ? { state: "known", statements: reading.document.statements } : { state: "invalid", problem: reading.unreadable };
}

/** The Sid, or `#N` (position among statements without one) so unnamed statements still pair up. */
export function keyedStatements(policy: PolicyState): { readonly key: string; readonly statement: PolicyStatement }[] {
  if (policy.state !== "known") return [];
  let unnamed = 0;
  return policy.statements.map((statement) => ({
    key: statement.sid !== undefined && statement.sid !== "" ? statement.sid : `#${unnamed++}`,
    statement,
  }));
}

export const formatCondition = (c: ConditionEntry): string => `${c.operator} ${c.key} = ${c.value}`;
