import { AccountClient, GetRegionOptStatusCommand } from "@aws-sdk/client-account";
import {
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { REGION_OPT_STATUSES, type RegionOptStatus } from "../../domain/opt-in-regions";
import {
  PreflightCallError,
  type OrganizationParent,
  type OrganizationRoot,
  type PolicyContent,
  type PolicySummary,
  type PreflightAws,
} from "./port";

export interface SdkPreflightAwsOptions {
  /** Region of the clients; both services answer on one global endpoint, which the SDK resolves from it. */
  readonly region: string;
  /** A connection not established within this fails the attempt. */
  readonly connectionTimeoutMs: number;
  /** A response with no data for this long fails the attempt. */
  readonly requestTimeoutMs: number;
  /** One call, the SDK's attempts included, is abandoned after this long. */
  readonly callTimeoutMs: number;
}

/** The SCP policy type as ListRoots reports it (AWS Organizations API Reference, PolicyTypeSummary). */
const SCP_TYPE = "SERVICE_CONTROL_POLICY";

/**
 * PreflightAws on the AWS SDK v3, with the caller's credentials from the SDK's default chain and endpoints from its
 * standard settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_ORGANIZATIONS, AWS_ENDPOINT_URL_ACCOUNT), as the sandbox uses.
 */
export class SdkPreflightAws implements PreflightAws {
  private readonly organizations: OrganizationsClient;
  private readonly account: AccountClient;

  constructor(private readonly options: SdkPreflightAwsOptions) {
    const common = {
      region: options.region,
      requestHandler: new NodeHttpHandler({ connectionTimeout: options.connectionTimeoutMs, socketTimeout: options.requestTimeoutMs }),
    };
    this.organizations = new OrganizationsClient(common);
    this.account = new AccountClient(common);
  }

  async root(): Promise<OrganizationRoot> {
    const roots = [];
    let NextToken: string | undefined;
    do {
      const out = await this.call("ListRoots", (abortSignal) =>
        this.organizations.send(new ListRootsCommand({ NextToken }), { abortSignal }),
      );
      roots.push(...(out.Roots ?? []));
      NextToken = out.NextToken;
    } while (NextToken);
    const [root] = roots;
    if (!root?.Id) throw unexpected("ListRoots", "ListRoots: expected a root with an Id");
    return { id: root.Id, scpsEnabled: (root.PolicyTypes ?? []).some((t) => t.Type === SCP_TYPE && t.Status === "ENABLED") };
  }

  async parentOf(childId: string): Promise<OrganizationParent> {
    const out = await this.call("ListParents", (abortSignal) =>
      this.organizations.send(new ListParentsCommand({ ChildId: childId }), { abortSignal }),
    );
    const [parent] = out.Parents ?? [];
    if (!parent?.Id || (parent.Type !== "ROOT" && parent.Type !== "ORGANIZATIONAL_UNIT"))
      throw unexpected("ListParents", `ListParents ${childId}: expected a parent with an Id and Type ROOT or ORGANIZATIONAL_UNIT`);
    return { id: parent.Id, type: parent.Type };
  }

  async scpsAttachedTo(targetId: string): Promise<readonly PolicySummary[]> {
    const policies: PolicySummary[] = [];
    let NextToken: string | undefined;
    do {
      const out = await this.call("ListPoliciesForTarget", (abortSignal) =>
        this.organizations.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: SCP_TYPE, NextToken }), { abortSignal }),
      );
      for (const p of out.Policies ?? []) {
        if (!p.Id || !p.Name)
          throw unexpected("ListPoliciesForTarget", `ListPoliciesForTarget ${targetId}: expected Id and Name of every policy`);
        policies.push({ id: p.Id, name: p.Name });
      }
      NextToken = out.NextToken;
    } while (NextToken);
    return policies;
  }

  async policy(policyId: string): Promise<PolicyContent> {
    const out = await this.call("DescribePolicy", (abortSignal) =>
      this.organizations.send(new DescribePolicyCommand({ PolicyId: policyId }), { abortSignal }),
    );
    const summary = out.Policy?.PolicySummary;
    const content = out.Policy?.Content;
    if (!summary?.Name || content === undefined)
      throw unexpected("DescribePolicy", `DescribePolicy ${policyId}: expected a Name and Content`);
    return { id: summary.Id ?? policyId, name: summary.Name, content };
  }

  async regionOptStatus(accountId: string | undefined, region: string): Promise<RegionOptStatus> {
    const out = await this.call("GetRegionOptStatus", (abortSignal) =>
      this.account.send(new GetRegionOptStatusCommand({ RegionName: region, ...(accountId && { AccountId: accountId }) }), { abortSignal }),
    );
    const status = REGION_OPT_STATUSES.find((s) => s === out.RegionOptStatus);
    if (!status)
      throw unexpected(
        "GetRegionOptStatus",
        `GetRegionOptStatus ${region}: expected RegionOptStatus to be one of ${REGION_OPT_STATUSES.join(", ")} (got ${JSON.stringify(out.RegionOptStatus)})`,
      );
    return status;
  }

  destroy(): void {
    this.organizations.destroy();
    this.account.destroy();
  }

  /** Sends with the call's deadline; SDK service exceptions become PreflightCallError with their code. */
  private async call<T>(operation: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const abortSignal = AbortSignal.timeout(this.options.callTimeoutMs);
    try {
      return await send(abortSignal);
    } catch (err) {
      if (err instanceof PreflightCallError) throw err;
      if (abortSignal.aborted)
        throw new PreflightCallError(operation, "CallTimeout", `no answer within ${this.options.callTimeoutMs / 1000} s`);
      const name = err instanceof Error ? err.name : "UnknownError";
      throw new PreflightCallError(operation, name, err instanceof Error ? err.message : String(err));
    }
  }
}

function unexpected(operation: string, message: string): PreflightCallError {
  return new PreflightCallError(operation, "UnexpectedResponse", message);
}
