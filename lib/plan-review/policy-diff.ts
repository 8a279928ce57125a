import { formatCondition, type PolicyState, type Statement } from "./policy-document";

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
  readonly before?: Statement;
  readonly after?: Statement;
}

const statementsOf = (policy: PolicyState): readonly Statement[] => (policy.state === "known" ? policy.statements : []);

/** Statements of both sides paired by Sid (or position among unnamed ones), in after-order then removed ones. */
export function pairStatements(before: PolicyState, after: PolicyState): StatementPair[] {
  const old = new Map(statementsOf(before).map((s) => [s.key, s]));
  const pairs: StatementPair[] = statementsOf(after).map((s) => ({ key: s.key, before: old.get(s.key), after: s }));
  const kept = new Set(pairs.map((p) => p.key));
  for (const s of statementsOf(before)) if (!kept.has(s.key)) pairs.push({ key: s.key, before: s });
  return pairs;
}

export function setChange(before: readonly string[], after: readonly string[]): SetChange {
  const was = new Set(before);
  const is = new Set(after);
  return { added: after.filter((v) => !was.has(v)), removed: before.filter((v) => !is.has(v)) };
}

const EMPTY: Statement = {
  key: "",
  effect: "",
  actions: [],
  notActions: [],
  resources: [],
  notResources: [],
  principals: [],
  notPrincipals: [],
  conditions: [],
};

function diffStatement({ key, before, after }: StatementPair): StatementDiff | undefined {
  const was = before ?? EMPTY;
  const is = after ?? EMPTY;
  const diff: StatementDiff = {
    key,
    status: !before ? "added" : !after ? "removed" : "changed",
    effect: (after ?? before ?? EMPTY).effect,
    ...(before && after && before.effect !== after.effect && { effectBefore: before.effect }),
    actions: setChange(was.actions, is.actions),
    notActions: setChange(was.notActions, is.notActions),
    resources: setChange(was.resources, is.resources),
    notResources: setChange(was.notResources, is.notResources),
    principals: setChange(was.principals, is.principals),
    notPrincipals: setChange(was.notPrincipals, is.notPrincipals),
    conditions: setChange(was.conditions.map(formatCondition), is.conditions.map(formatCondition)),
  };
  return diff.status !== "changed" || diff.effectBefore || hasChanges(diff) ? diff : undefined;
}

const PARTS = ["actions", "notActions", "resources", "notResources", "principals", "notPrincipals", "conditions"] as const;
export type StatementPart = (typeof PARTS)[number];
export const STATEMENT_PARTS: readonly StatementPart[] = PARTS;

function hasChanges(diff: StatementDiff): boolean {
  return PARTS.some((part) => diff[part].added.length > 0 || diff[part].removed.length > 0);
}

/** What a change does to one policy document, statement by statement. */
export function diffPolicy(attribute: string, kind: PolicyKind, before: PolicyState, after: PolicyState): PolicyDiff {
  const comparable = (p: PolicyState) => p.state === "known" || p.state === "absent";
  const statements =
    comparable(before) && comparable(after) ? pairStatements(before, after).flatMap((pair) => diffStatement(pair) ?? []) : [];
  return { attribute, kind, before, after, statements };
}
