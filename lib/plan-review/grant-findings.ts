import { awsManagedDocument } from "./aws-managed-policies";
import type { Finding, FindingKind } from "./findings";
import { grantsOf, type Grant, type Holder } from "./iam-grants";
import { isAdministrator, marketplaceActionsOf } from "./iam-semantics";
import type { SummaryOptions } from "./model";
import { planIndex } from "./plan-index";
import type { PlanJson } from "./plan-json";
import type { PolicyState } from "./policy-document";

/** What a grant gives its holder, as far as the review can tell. */
interface Rights {
  readonly marketplace: readonly string[];
  readonly admin: boolean;
  /** Why the document cannot be judged, when it cannot. */
  readonly unverifiable?: string;
}

function documentOf(grant: Grant): { document: PolicyState; unverifiable?: string } {
  const policy = grant.policy;
  if (policy.kind !== "external") return { document: policy.document };
  if (!policy.name) return { document: { state: "unknown" }, unverifiable: "the policy ARN is known only after apply" };
  const managed = awsManagedDocument(policy.name);
  if (!managed)
    return { document: { state: "unknown" }, unverifiable: `${policy.name} is not in this plan, so its document is not either` };
  if (managed.state !== "known")
    return { document: managed, unverifiable: `${policy.name} is an AWS-managed policy whose document the review does not record` };
  return { document: managed };
}

function rightsOf(grant: Grant): Rights {
  const { document, unverifiable } = documentOf(grant);
  const statements = document.state === "known" ? document.statements : [];
  return {
    marketplace: [...new Set(statements.flatMap(marketplaceActionsOf))],
    admin: statements.some(isAdministrator),
    ...(unverifiable && { unverifiable }),
  };
}

const holderLabel = (h: Holder) => (h.name ? `${h.kind} ${h.name}` : `a ${h.kind} whose name is known only after apply`);
const policyLabel = (grant: Grant) =>
  `${grant.policy.kind === "inline" ? "inline policy" : grant.policy.kind === "managed" ? "managed policy" : "policy"} ${grant.policy.name ?? "(ARN known after apply)"}`;
const grantKey = (g: Grant) =>
  `${g.holder.kind}:${g.holder.name ?? "?"}\n${g.policy.kind === "external" ? (g.policy.name ?? "?") : g.policy.address}`;

/**
 * What the plan newly gives principals through their policies: Marketplace permissions outside the
 * first-use role, administrator rights anywhere, and grants the review cannot judge (a holder or policy
 * known only after apply, a policy document not in the plan).
 */
export function grantFindings(stack: string, plan: PlanJson, options: SummaryOptions): Finding[] {
  const before = new Map<string, Rights>();
  for (const grant of grantsOf(plan, "before")) before.set(grantKey(grant), rightsOf(grant));
  const index = planIndex(plan);
  const changes = (address: string) => index.change(address)?.change.actions.some((a) => a !== "no-op" && a !== "read") ?? false;

  const out: Finding[] = [];
  for (const grant of grantsOf(plan, "after")) {
    const key = grantKey(grant);
    const was = before.get(key);
    const rights = rightsOf(grant);
    // Point at the document when it changes, else at what newly grants it (the attachment).
    const address = grant.policy.kind !== "external" && changes(grant.policy.address) ? grant.policy.address : grant.grantedBy;
    const add = (kind: FindingKind, message: string) => out.push({ kind, stack, address, message });
    const who = holderLabel(grant.holder);

    if (!was && !grant.holder.name)
      add("cannot-verify", `cannot verify who gets ${policyLabel(grant)}: ${who}; check the plan output before merging`);
    if (!was && rights.unverifiable) add("cannot-verify", `cannot verify what ${policyLabel(grant)} gives ${who}: ${rights.unverifiable}`);

    const isFirstUse = grant.holder.kind === "role" && grant.holder.name === options.firstUseRoleName;
    const newMarketplace = rights.marketplace.filter((a) => !was?.marketplace.includes(a));
    if (!isFirstUse && newMarketplace.length > 0)
      add(
        "marketplace-outside-first-use",
        `${who} gets ${newMarketplace.join(", ")} through ${policyLabel(grant)}; only role ${options.firstUseRoleName} should hold Marketplace permissions (they let it accept Marketplace agreements for the account)`,
      );
    if (rights.admin && !was?.admin)
      add("admin-rights", `${who} gets administrator rights (every action on every resource) through ${policyLabel(grant)}`);
  }
  return out;
}
