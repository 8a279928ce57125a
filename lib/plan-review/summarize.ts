import { attributeOf, changedAttributes, stringAttribute, type Side } from "./attributes";
import { classifyActions, countActions, sumCounts } from "./counts";
import { marketplaceFindings, wildcardFindings, type Finding } from "./findings";
import { roleGrants, type RoleGrant } from "./iam-grants";
import type { AttributeChange, ChangeAction, PlanSummary, ResourceSummary, StackSummary, SummaryOptions } from "./model";
import { providerAccountId, type ResourceChange, type StackPlan } from "./plan-json";
import { diffPolicy, type PolicyDiff, type PolicyKind } from "./policy-diff";
import { policyFromAttribute } from "./policy-document";

/** Attributes holding IAM policy documents, by name, whatever the resource type. */
const POLICY_ATTRIBUTES: Readonly<Record<string, PolicyKind>> = { policy: "permissions", assume_role_policy: "trust" };

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
