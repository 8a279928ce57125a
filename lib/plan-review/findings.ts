import { MARKETPLACE_MANAGED_POLICY_NAMES, marketplaceActions, scopedActions } from "./action-patterns";
import { roleGrants, type RoleGrant } from "./iam-grants";
import type { PlanJson } from "./plan-json";
import { pairStatements, setChange, type PolicyDiff } from "./policy-diff";
import type { Statement } from "./policy-document";

export type FindingKind =
  "marketplace-outside-first-use" | "wildcard-action" | "wildcard-resource" | "wildcard-principal" | "wildcard-oidc-subject";

/** Something a reviewer must look at: raised only for what the plan adds, not for what already exists. */
export interface Finding {
  readonly kind: FindingKind;
  readonly stack: string;
  /** The resource to look at (the one holding the document). */
  readonly address: string;
  readonly message: string;
}

const quote = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/** The Marketplace actions a grant gives its role (an external AWS-managed policy is judged by its name). */
function grantedMarketplaceActions(grant: RoleGrant): string[] {
  if (grant.policy.kind === "external") {
    const name = grant.policy.name.split("/").pop() ?? "";
    return grant.policy.name.startsWith("arn:aws:iam::aws:policy/") && MARKETPLACE_MANAGED_POLICY_NAMES.includes(name)
      ? [`aws-marketplace:* (AWS-managed ${name})`]
      : [];
  }
  const document = grant.policy.document;
  return document.state === "known" ? [...new Set(document.statements.flatMap(marketplaceActions))] : [];
}

/**
 * Marketplace permissions that appear on a role other than the first-use role: through an inline
 * policy, a managed policy of the plan (also one that gains them while attached), or an AWS-managed one.
 */
export function marketplaceFindings(stack: string, plan: PlanJson, firstUseRoleName: string): Finding[] {
  const key = (g: RoleGrant) => `${g.role}\n${g.policy.address}`;
  const before = new Set(
    roleGrants(plan, "before")
      .filter((g) => grantedMarketplaceActions(g).length > 0)
      .map(key),
  );
  return roleGrants(plan, "after")
    .filter((g) => g.role !== firstUseRoleName && !before.has(key(g)))
    .flatMap((g) => {
      const actions = grantedMarketplaceActions(g);
      if (actions.length === 0) return [];
      const via = g.policy.kind === "inline" ? "inline policy" : g.policy.kind === "managed" ? "managed policy" : "policy";
      // Point at the document when it changes, else at what newly grants it (the attachment).
      const address = g.policy.kind !== "external" && changes(plan, g.policy.address) ? g.policy.address : g.grantedBy;
      return [
        {
          kind: "marketplace-outside-first-use" as const,
          stack,
          address,
          message: `role ${g.role} gets ${actions.join(", ")} through ${via} ${
            g.policy.name
          }; only ${firstUseRoleName} should hold Marketplace permissions`,
        },
      ];
    });
}

function changes(plan: PlanJson, address: string): boolean {
  const change = plan.resource_changes.find((c) => c.address === address);
  return change?.change.actions.some((a) => a !== "no-op" && a !== "read") ?? false;
}

function isWildcardSubject(value: string): boolean {
  const match = /^repo:([^/]*)\/([^:]*)/.exec(value);
  return match ? match[1].includes("*") || match[2].includes("*") : value.includes("*");
}

/** Wildcards a policy change adds: `*` actions, `Resource: "*"` on scoped actions, `*` principals, wildcard GitHub subjects. */
export function wildcardFindings(stack: string, address: string, holder: string, diff: PolicyDiff): Finding[] {
  const out: Finding[] = [];
  const add = (kind: FindingKind, message: string) => out.push({ kind, stack, address, message });
  for (const { key, before, after } of pairStatements(diff.before, diff.after)) {
    if (!after || after.effect !== "Allow") continue;
    const was = before?.effect === "Allow" ? before : undefined;
    const added = (part: (s: Statement) => readonly string[]) => setChange(was ? part(was) : [], part(after)).added;

    const wildActions = added((s) => s.actions).filter((a) => a.includes("*"));
    if (wildActions.length > 0) add("wildcard-action", `${holder} statement ${key} grants wildcard actions ${quote(wildActions)}`);
    const notActions = added((s) => s.notActions);
    if (notActions.length > 0)
      add("wildcard-action", `${holder} statement ${key} allows every action except ${quote(after.notActions)} (NotAction)`);

    const onStar = (s: Statement) => (s.resources.includes("*") ? scopedActions(s.actions) : []);
    const broad = added(onStar);
    if (broad.length > 0) add("wildcard-resource", `${holder} statement ${key} allows ${quote(broad)} on Resource "*"`);
    if (added((s) => s.notResources).length > 0)
      add("wildcard-resource", `${holder} statement ${key} allows every resource except ${quote(after.notResources)} (NotResource)`);

    if (added((s) => s.principals).includes("*")) add("wildcard-principal", `${holder} statement ${key} trusts any principal ("*")`);
    const subjects = added((s) => s.conditions.filter((c) => c.key.toLowerCase().endsWith(":sub")).map((c) => c.value)).filter(
      isWildcardSubject,
    );
    if (subjects.length > 0) {
      add(
        "wildcard-oidc-subject",
        `${holder} statement ${key} now trusts ${quote(subjects)}: every repository matching the pattern, not one named repository`,
      );
    }
  }
  return out;
}
