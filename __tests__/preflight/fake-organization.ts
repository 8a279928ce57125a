import type { RegionOptStatus } from "../../lib/domain/opt-in-regions";
import {
  PreflightCallError,
  type OrganizationParent,
  type OrganizationRoot,
  type PolicyContent,
  type PolicySummary,
  type PreflightAws,
} from "../../lib/preflight/aws/port";

export const ROOT_ID = "r-ab12";

/**
 * An Organization behind preflight's AWS port: a root, OUs, accounts, SCPs attached to any of them, and each
 * account's opt-in Regions. By default SCPs are not enabled on the root (so none apply) and every Region is
 * enabled: what an Organization without guardrails answers. Every call is counted by operation.
 */
export class FakeOrganization implements PreflightAws {
  scpsEnabled = false;
  /** Account or OU id → its parent's id (the root when absent). */
  readonly parents = new Map<string, string>();
  /** Target id → ids of the SCPs attached to it. */
  readonly attachments = new Map<string, string[]>();
  readonly policies = new Map<string, { name: string; document: unknown }>();
  /** `${account}|${region}` → status; ENABLED when absent. */
  readonly regionStatus = new Map<string, RegionOptStatus>();
  /** Operations that fail with AccessDeniedException. */
  readonly denied = new Set<string>();
  notInOrganization = false;
  readonly calls = new Map<string, number>();
  readonly optStatusAccounts: (string | undefined)[] = [];

  /** SCPs on, FullAWSAccess attached at the root and at every account and OU given. */
  withScps(...targets: string[]): this {
    this.scpsEnabled = true;
    this.policies.set("p-FullAWSAccess", {
      name: "FullAWSAccess",
      document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
    });
    for (const target of [ROOT_ID, ...targets]) this.attach("p-FullAWSAccess", target);
    return this;
  }

  attach(policyId: string, target: string): this {
    this.attachments.set(target, [...(this.attachments.get(target) ?? []), policyId]);
    return this;
  }

  addPolicy(id: string, name: string, document: unknown, ...targets: string[]): this {
    this.policies.set(id, { name, document });
    for (const target of targets) this.attach(id, target);
    return this;
  }

  private count(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    if (this.denied.has(operation))
      throw new PreflightCallError(operation, "AccessDeniedException", `not authorized to perform: organizations:${operation}`);
  }

  async root(): Promise<OrganizationRoot> {
    this.count("ListRoots");
    if (this.notInOrganization)
      throw new PreflightCallError("ListRoots", "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
    return { id: ROOT_ID, scpsEnabled: this.scpsEnabled };
  }

  async parentOf(childId: string): Promise<OrganizationParent> {
    this.count("ListParents");
    const id = this.parents.get(childId) ?? ROOT_ID;
    return { id, type: id === ROOT_ID ? "ROOT" : "ORGANIZATIONAL_UNIT" };
  }

  async scpsAttachedTo(targetId: string): Promise<readonly PolicySummary[]> {
    this.count("ListPoliciesForTarget");
    return (this.attachments.get(targetId) ?? []).map((id) => ({ id, name: this.policies.get(id)?.name ?? id }));
  }

  async policy(policyId: string): Promise<PolicyContent> {
    this.count("DescribePolicy");
    const policy = this.policies.get(policyId);
    if (!policy) throw new PreflightCallError("DescribePolicy", "PolicyNotFoundException", `no policy ${policyId}`);
    return { id: policyId, name: policy.name, content: JSON.stringify(policy.document) };
  }

  async regionOptStatus(accountId: string | undefined, region: string): Promise<RegionOptStatus> {
    this.count("GetRegionOptStatus");
    this.optStatusAccounts.push(accountId);
    return this.regionStatus.get(`${accountId ?? "self"}|${region}`) ?? "ENABLED";
  }
}
