import type { PolicyStatement } from "../domain/iam/statement";
import { formatCondition, keyedStatements, type PolicyState } from "./policy-document";

export interface SetChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface StatementDiff {
  readonly key: string;
  /** `added`: the whole statement is granted; `removed`: revoked; `changed`: some of its parts. */
  readonly status: "added" | "removed" | "changed";
  /** The effect after the change (before it, for a removed statement). */
  readonly effect: string;
  /** Set when a kept statement flips between Allow and Deny. */
  readonly effectBefore?: string;
  readonly actions: SetChange;
  readonly notActions: SetChange;
  readonly resources: SetChange;
  readonly notResources: SetChange;
  readonly principals: SetChange;
  readonly notPrincipals: SetChange;
  /** Formatted `OPERATOR key = value` entries. */
  readonly conditions: SetChange;
}

export type PolicyKind = "permissions" | "trust";

export interface PolicyDiff {
  /** The resource attribute that holds the document (`policy`, `assume_role_policy`). */
  readonly attribute: string;
  readonly kind: PolicyKind;
  readonly before: PolicyState;
  readonly after: PolicyState;
  /** Only the statements that differ; empty when the documents are equivalent or cannot be compared. */
  readonly statements: readonly StatementDiff[];
}

export interface StatementPair {
  readonly key: string;
  readonly before?: PolicyStatement;
  readonly after?: PolicyStatement;
}

/** Statements of both sides paired by Sid (or position among unnamed ones), in after-order then removed ones. */
export function pairStatements(before: PolicyState, after: PolicyState): StatementPair[] {
  const old = new Map(keyedStatements(before).map(({ key, statement }) => [key, statement]));
  const pairs: StatementPair[] = keyedStatements(after).map(({ key, statement }) => ({ key, before: old.get(key), after: statement }));
  const kept = new Set(pairs.map((p) => p.key));
  for (const { key, statement } of keyedStatements(before)) if (!kept.has(key)) pairs.push({ key, before: statement });
  return pairs;
}

export function setChange(before: readonly string[], after: readonly string[]): SetChange {
  const was = new Set(before);
  const is = new Set(after);
  return { added: after.filter((v) => !was.has(v)), removed: before.filter((v) => !is.has(v)) };
}

/** Each part of a statement a diff compares, as the values it lists. */
const PART_VALUES = {
  actions: (s: PolicyStatement) => s.actions,
  notActions: (s: PolicyStatement) => s.notActions,
  resources: (s: PolicyStatement) => s.resources,
  notResources: (s: PolicyStatement) => s.notResources,
  principals: (s: PolicyStatement) => s.principalIds,
  notPrincipals: (s: PolicyStatement) => s.notPrincipalIds,
  conditions: (s: PolicyStatement) => s.conditionEntries.map(formatCondition),
} as const;
export type StatementPart = keyof typeof PART_VALUES;
export const STATEMENT_PARTS: readonly StatementPart[] = [
  "actions",
  "notActions",
  "resources",
  "notResources",
  "principals",
  "notPrincipals",
  "conditions",
];

function diffStatement({ key, before, after }: StatementPair): StatementDiff | undefined {
  const partChange = (part: StatementPart): SetChange =>
    setChange(before ? PART_VALUES[part](before) : [], after ? PART_VALUES[part](after) : []);
  const diff: StatementDiff = {
    key,
    status: !before ? "added" : !after ? "removed" : "changed",
    effect: (after ?? before)?.effect ?? "",
    ...(before && after && before.effect !== after.effect && { effectBefore: before.effect }),
    actions: partChange("actions"),
    notActions: partChange("notActions"),
    resources: partChange("resources"),
    notResources: partChange("notResources"),
    principals: partChange("principals"),
    notPrincipals: partChange("notPrincipals"),
    conditions: partChange("conditions"),
  };
  return diff.status !== "changed" || diff.effectBefore || hasChanges(diff) ? diff : undefined;
}

function hasChanges(diff: StatementDiff): boolean {
  return STATEMENT_PARTS.some((part) => diff[part].added.length > 0 || diff[part].removed.length > 0);
}

/** What a change does to one policy document, statement by statement. */
export function diffPolicy(attribute: string, kind: PolicyKind, before: PolicyState, after: PolicyState): PolicyDiff {
  const comparable = (p: PolicyState) => p.state === "known" || p.state === "absent";
  const statements =
    comparable(before) && comparable(after) ? pairStatements(before, after).flatMap((pair) => diffStatement(pair) ?? []) : [];
  return { attribute, kind, before, after, statements };
}
