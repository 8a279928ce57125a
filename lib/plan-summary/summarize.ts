import { attributeOf, changedAttributes, stringAttribute, type Side } from "./attributes";
import { marketplaceFindings, wildcardFindings, type Finding } from "./findings";
import { roleGrants, type RoleGrant } from "./iam-grants";
import { providerAccountId, type ResourceChange, type StackPlan } from "./plan-json";
import { diffPolicy, type PolicyDiff, type PolicyKind } from "./policy-diff";
import { policyFromAttribute } from "./policy-document";

export type ChangeAction = "create" | "update" | "delete" | "replace" | "forget";

/** A non-policy attribute an update changes; scalar values are shown, others only named. */
export interface AttributeChange {
  readonly name: string;
  readonly before?: string;
  readonly after?: string;
}

export interface ResourceSummary {
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** The IAM name (role, policy) when the resource has one. */
  readonly iamName?: string;
  /** Which roles it concerns: `attaches bedrock-invoke to role bedrock-runtime`, `inline policy of role …`, `attached to roles …`. */
  readonly relation?: string;
  readonly policies: readonly PolicyDiff[];
  readonly attributes: readonly AttributeChange[];
  readonly findings: readonly Finding[];
}

export interface Counts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

export interface StackSummary {
  readonly stack: string;
  /** From the provider's `allowed_account_ids`. */
  readonly accountId?: string;
  readonly counts: Counts;
  readonly resources: readonly ResourceSummary[];
  readonly findings: readonly Finding[];
  /** Terraform reported the plan as errored (incomplete). */
  readonly errored: boolean;
}

export interface PlanSummary {
  readonly stacks: readonly StackSummary[];
  readonly totals: Counts;
  readonly findings: readonly Finding[];
}

export interface SummaryOptions {
  /** The one role allowed to hold Marketplace permissions: `<iam.namePrefix>first-use`. */
  readonly firstUseRoleName: string;
}

/** Attributes holding IAM policy documents, by name, whatever the resource type. */
const POLICY_ATTRIBUTES: Readonly<Record<string, PolicyKind>> = { policy: "permissions", assume_role_policy: "trust" };

export function classifyActions(actions: readonly string[]): ChangeAction | undefined {
  const set = new Set(actions);
  if (set.has("create") && set.has("delete")) return "replace";
  if (set.has("create")) return "create";
  if (set.has("delete")) return "delete";
  if (set.has("update")) return "update";
  if (set.has("forget")) return "forget";
  return undefined;
}

/** Counts as Terraform's "Plan: X to add, Y to change, Z to destroy" does: a replacement adds one and destroys one. */
export function countActions(actions: readonly ChangeAction[]): Counts {
  const n = (...kinds: ChangeAction[]) => actions.filter((a) => kinds.includes(a)).length;
  return { add: n("create", "replace"), change: n("update"), destroy: n("delete", "replace") };
}

const sumCounts = (all: readonly Counts[]): Counts => ({
  add: all.reduce((s, c) => s + c.add, 0),
  change: all.reduce((s, c) => s + c.change, 0),
  destroy: all.reduce((s, c) => s + c.destroy, 0),
});

function shown(value: ReturnType<typeof attributeOf>): string | undefined {
  if (value.state === "unknown") return "(known after apply)";
  if (value.state === "absent") return "null";
  return ["string", "number", "boolean"].includes(typeof value.value) ? JSON.stringify(value.value) : undefined;
}

function attributeChanges(change: ResourceChange, action: ChangeAction): AttributeChange[] {
  if (action !== "update" && action !== "replace") return [];
  return changedAttributes(change)
    .filter((name) => !(name in POLICY_ATTRIBUTES))
    .map((name) => {
      const before = shown(attributeOf(change, "before", name));
      const after = shown(attributeOf(change, "after", name));
      return before !== undefined && after !== undefined ? { name, before, after } : { name };
    });
}

function policyDiffs(change: ResourceChange): PolicyDiff[] {
  return Object.entries(POLICY_ATTRIBUTES).flatMap(([attribute, kind]) => {
    const before = policyFromAttribute(attributeOf(change, "before", attribute));
    const after = policyFromAttribute(attributeOf(change, "after", attribute));
    if (before.state === "absent" && after.state === "absent") return [];
    const diff = diffPolicy(attribute, kind, before, after);
    const unreadable = after.state === "unknown" || after.state === "invalid";
    return diff.statements.length > 0 || unreadable ? [diff] : [];
  });
}

export function summarizeStack(input: StackPlan, options: SummaryOptions): StackSummary {
  const { plan, stack } = input;
  const marketplace = marketplaceFindings(stack, plan, options.firstUseRoleName);
  const grants = { before: roleGrants(plan, "before"), after: roleGrants(plan, "after") };
  const resources: ResourceSummary[] = [];
  for (const change of plan.resource_changes.filter((c) => c.mode === "managed")) {
    const action = classifyActions(change.change.actions);
    if (!action) continue;
    const side: Side = action === "delete" ? "before" : "after";
    const iamName = stringAttribute(change, side, "name") ?? stringAttribute(change, "before", "name");
    const policies = policyDiffs(change);
    const holder = `${change.type.replace(/^aws_iam_/, "").replace(/_/g, " ")} ${iamName ?? change.address}`;
    const relation = describeRelation(change.address, grants[side]);
    resources.push({
      address: change.address,
      type: change.type,
      action,
      ...(iamName && { iamName }),
      ...(relation && { relation }),
      policies,
      attributes: attributeChanges(change, action),
      findings: [
        ...policies.flatMap((p) => wildcardFindings(stack, change.address, holder, p)),
        ...marketplace.filter((f) => f.address === change.address),
      ],
    });
  }
  const findings = [...resources.flatMap((r) => r.findings), ...marketplace.filter((f) => !resources.some((r) => r.address === f.address))];
  return {
    stack,
    ...(providerAccountId(plan) && { accountId: providerAccountId(plan) }),
    counts: countActions(resources.map((r) => r.action)),
    resources,
    findings: dedupe(findings),
    errored: plan.errored,
  };
}

function describeRelation(address: string, grants: readonly RoleGrant[]): string | undefined {
  const granting = grants.filter((g) => g.grantedBy === address);
  const roles = (list: readonly RoleGrant[]) => {
    const names = [...new Set(list.map((g) => g.role))].sort();
    return `${names.length === 1 ? "role" : "roles"} ${names.join(", ")}`;
  };
  if (granting.length > 0 && granting[0].policy.kind === "inline") return `inline policy of ${roles(granting)}`;
  if (granting.length > 0) return `attaches ${granting[0].policy.name} to ${roles(granting)}`;
  const holders = grants.filter((g) => g.policy.kind === "managed" && g.policy.address === address);
  return holders.length > 0 ? `attached to ${roles(holders)}` : undefined;
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.kind}\n${f.address}\n${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `management` first, then the runtime stacks by name. */
const stackOrder = (a: StackPlan, b: StackPlan) =>
  Number(b.stack === "management") - Number(a.stack === "management") || a.stack.localeCompare(b.stack);

export function summarizePlans(plans: readonly StackPlan[], options: SummaryOptions): PlanSummary {
  const stacks = [...plans].sort(stackOrder).map((p) => summarizeStack(p, options));
  return { stacks, totals: sumCounts(stacks.map((s) => s.counts)), findings: stacks.flatMap((s) => s.findings) };
}
