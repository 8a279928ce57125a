import { attributeOf, changedAttributes, stringAttribute, type Side } from "./attributes";
import { classifyActions, countActions, sumCounts } from "./counts";
import { documentFindings } from "./document-findings";
import type { Finding } from "./findings";
import { grantFindings } from "./grant-findings";
import { grantsOf, type Grant } from "./iam-grants";
import type {
  AttributeChange,
  ChangeAction,
  PlanSelectionSummary,
  PlanSummary,
  ResourceSummary,
  StackSummary,
  SummaryOptions,
} from "./model";
import { providerAccountId, type ResourceChange, type StackPlan } from "./plan-json";
import { diffPolicy, type PolicyDiff, type PolicyKind } from "./policy-diff";
import { policyFromAttribute } from "./policy-document";

/** Attributes holding IAM policy documents, by name, whatever the resource type. */
const POLICY_ATTRIBUTES: Readonly<Record<string, PolicyKind>> = { policy: "permissions", assume_role_policy: "trust" };

function shown(value: ReturnType<typeof attributeOf>): string | undefined {
  if (value.state === "unknown") return "(known after apply)";
  if (value.state === "sensitive") return "(sensitive)";
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
    const unreadable = after.state === "unknown" || after.state === "invalid" || after.state === "sensitive";
    return diff.statements.length > 0 || unreadable ? [diff] : [];
  });
}

/** @internal its tests read it */
export function summarizeStack(input: StackPlan, options: SummaryOptions): StackSummary {
  const { plan, stack } = input;
  const byAddress = groupBy(grantFindings(stack, plan, options), (f) => f.address);
  const relations = { before: relationIndex(grantsOf(plan, "before")), after: relationIndex(grantsOf(plan, "after")) };
  const resources: ResourceSummary[] = [];
  for (const change of plan.resource_changes) {
    if (change.mode !== "managed") continue;
    const action = classifyActions(change.change.actions);
    if (!action) continue;
    const side: Side = action === "delete" ? "before" : "after";
    const iamName = stringAttribute(change, side, "name") ?? stringAttribute(change, "before", "name");
    const policies = policyDiffs(change);
    const holder = `${change.type.replace(/^aws_iam_/, "").replace(/_/g, " ")} ${iamName ?? change.address}`;
    const relation = relations[side](change.address);
    const context = { stack, address: change.address, holder, ...(change.type === "aws_iam_role" && iamName && { roleName: iamName }) };
    const findings: Finding[] = [];
    for (const p of policies) for (const f of documentFindings(p, context, options)) findings.push(f);
    for (const f of byAddress.get(change.address) ?? []) findings.push(f);
    byAddress.delete(change.address);
    resources.push({
      address: change.address,
      type: change.type,
      action,
      ...(iamName && { iamName }),
      ...(relation && { relation }),
      policies,
      attributes: attributeChanges(change, action),
      findings: dedupe(findings),
    });
  }
  const findings: Finding[] = [];
  for (const r of resources) for (const f of r.findings) findings.push(f);
  // Grants pointing at something that is not a changed resource (an unchanged role's inline_policy block, say).
  for (const rest of byAddress.values()) for (const f of rest) findings.push(f);
  return {
    stack,
    ...(providerAccountId(plan) && { accountId: providerAccountId(plan) }),
    counts: countActions(resources.map((r) => r.action)),
    resources,
    findings: dedupe(findings),
    errored: plan.errored,
    ...(plan.bedrock_access && { synthesized: { reason: plan.bedrock_access.reason } }),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Which principals a resource concerns: `inline policy of role x`, `attaches p to roles a, b`, `attached to role x`. */
function relationIndex(grants: readonly Grant[]): (address: string) => string | undefined {
  const byGrantor = groupBy(grants, (g) => g.grantedBy);
  const byManaged = groupBy(
    grants.filter((g) => g.policy.kind === "managed"),
    (g) => g.policy.address,
  );
  // `roles a, b; user c`: holders grouped by kind.
  const holders = (list: readonly Grant[]) => {
    const byKind = groupBy(list, (g) => g.holder.kind);
    return [...byKind.entries()]
      .map(([kind, grants]) => {
        const names = [...new Set(grants.map((g) => g.holder.name ?? "(known after apply)"))].sort();
        return `${kind}${names.length === 1 ? "" : "s"} ${names.join(", ")}`;
      })
      .join("; ");
  };
  return (address) => {
    const granting = byGrantor.get(address) ?? [];
    if (granting.length > 0 && granting[0].policy.kind === "inline") return `inline policy of ${holders(granting)}`;
    if (granting.length > 0) return `attaches ${granting[0].policy.name ?? "(policy ARN known after apply)"} to ${holders(granting)}`;
    const attachedTo = byManaged.get(address) ?? [];
    return attachedTo.length > 0 ? `attached to ${holders(attachedTo)}` : undefined;
  };
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

/** `selection`: what `plan` selected (readPlanRun), when its plans directories say. */
export function summarizePlans(plans: readonly StackPlan[], options: SummaryOptions, selection?: PlanSelectionSummary): PlanSummary {
  const removed = new Set(selection?.removed);
  const stacks = [...plans]
    .sort(stackOrder)
    .map((p) => summarizeStack(p, options))
    .map((s) => (removed.has(s.stack) ? { ...s, removed: true } : s));
  return {
    stacks,
    totals: sumCounts(stacks.map((s) => s.counts)),
    findings: stacks.flatMap((s) => s.findings),
    ...(selection && { selection }),
  };
}
