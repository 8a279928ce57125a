import { parseScpDocument } from "../../domain/iam/evaluation/parse-scp";
import type { ScpChain, ScpLevel, ScpPolicy } from "../../domain/iam/evaluation/scp-decision";
import type { OrganizationParent, OrganizationRoot, OrganizationsReader } from "../aws/port";

/**
 * An OU sits at most five levels below the root (AWS Organizations User Guide, "Quotas for AWS Organizations":
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html); a longer walk means the
 * answers are wrong, not that the Organization is deep.
 */
const MAX_DEPTH = 10;

/**
 * The SCPs in effect on each account, read from AWS Organizations: ListParents up to the root, ListPoliciesForTarget
 * (SERVICE_CONTROL_POLICY) at every level, DescribePolicy once per policy. Every answer is kept for the run (parents
 * and attachments per target, documents per policy id), so accounts that share OUs cost no extra calls.
 */
export class ScpChains {
  private rootInfo?: Promise<OrganizationRoot>;
  private readonly parents = new Map<string, Promise<OrganizationParent>>();
  private readonly attached = new Map<string, Promise<readonly ScpPolicy[]>>();
  private readonly documents = new Map<string, Promise<ScpPolicy>>();
  private readonly chains = new Map<string, Promise<ScpChain>>();

  constructor(
    private readonly org: OrganizationsReader,
    private readonly managementAccountId: string,
  ) {}

  root(): Promise<OrganizationRoot> {
    return (this.rootInfo ??= this.org.root());
  }

  /** The root, the OUs from the root down, and the account, each with the SCPs attached to it. */
  chainOf(accountId: string): Promise<ScpChain> {
    let chain = this.chains.get(accountId);
    if (!chain) this.chains.set(accountId, (chain = this.read(accountId)));
    return chain;
  }

  private async read(accountId: string): Promise<ScpChain> {
    const ous: string[] = [];
    let child = accountId;
    for (let depth = 0; ; depth++) {
      if (depth > MAX_DEPTH) throw new Error(`ListParents from ${accountId}: no root within ${MAX_DEPTH} levels`);
      const parent = await this.parentOf(child);
      if (parent.type === "ROOT") {
        const [root, path, account] = await Promise.all([
          this.level(parent.id),
          Promise.all(ous.map((id) => this.level(id))),
          this.level(accountId),
        ]);
        return { root, ous: path, account, isManagementAccount: accountId === this.managementAccountId };
      }
      ous.unshift(parent.id);
      child = parent.id;
    }
  }

  private parentOf(childId: string): Promise<OrganizationParent> {
    let parent = this.parents.get(childId);
    if (!parent) this.parents.set(childId, (parent = this.org.parentOf(childId)));
    return parent;
  }

  private async level(targetId: string): Promise<ScpLevel> {
    let policies = this.attached.get(targetId);
    if (!policies) {
      policies = this.org.scpsAttachedTo(targetId).then((summaries) => Promise.all(summaries.map((s) => this.document(s.id))));
      this.attached.set(targetId, policies);
    }
    return { id: targetId, policies: await policies };
  }

  /** Throws InputError (naming the policy and each problem) when the document is not an SCP this evaluator reads. */
  private document(policyId: string): Promise<ScpPolicy> {
    let policy = this.documents.get(policyId);
    if (!policy) {
      policy = this.org
        .policy(policyId)
        .then((p) => ({ id: p.id, name: p.name, document: parseScpDocument(p.content, `${p.id} (${p.name})`) }));
      this.documents.set(policyId, policy);
    }
    return policy;
  }
}
