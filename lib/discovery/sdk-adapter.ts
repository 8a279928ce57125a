import {
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { errorMessage } from "../core/errors";
import {
  OrganizationsCallError,
  type OrganizationAccount,
  type OrganizationNode,
  type OrganizationParent,
  type OrganizationsOperation,
  type OrganizationsPort,
} from "./port";

/** The AWS API operation behind each call of the port: what the call counts are keyed by. */
const API_OPERATIONS: Record<OrganizationsOperation, string> = {
  describeOrganization: "DescribeOrganization",
  listRoots: "ListRoots",
  describeOrganizationalUnit: "DescribeOrganizationalUnit",
  listParents: "ListParents",
  listOrganizationalUnits: "ListOrganizationalUnitsForParent",
  listAccounts: "ListAccountsForParent",
  listTags: "ListTagsForResource",
};

/** The most a List call returns per page (botocore's organizations model: MaxResults 1..20). */
const PAGE_SIZE = 20;

export interface SdkOrganizationsOptions {
  /**
   * Region of the client. In the aws partition every region resolves to the one Organizations endpoint,
   * organizations.us-east-1.amazonaws.com (the SDK's endpoint rules). @default "us-east-1"
   */
  readonly region?: string;
  /** Where to send the calls, e.g. the sandbox's moto. @default - the SDK's settings (AWS_ENDPOINT_URL_ORGANIZATIONS, AWS_ENDPOINT_URL, the profile) */
  readonly endpoint?: string;
  /** @default - the SDK's default credential chain */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

/** Every page of a List call: follow NextToken until AWS sends none (a page may be empty while more follow). */
async function allPages<T>(page: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const out = await page(nextToken);
    items.push(...out.items);
    nextToken = out.nextToken;
  } while (nextToken);
  return items;
}

function required<T>(value: T | undefined, operation: OrganizationsOperation, field: string): T {
  if (value === undefined) throw new OrganizationsCallError(operation, "UnexpectedResponse", `${operation}: AWS sent no ${field}`);
  return value;
}

const node = (operation: OrganizationsOperation, n: { Id?: string; Name?: string }): OrganizationNode => ({
  id: required(n.Id, operation, "Id"),
  name: required(n.Name, operation, "Name"),
});

const isParentType = (type: string | undefined): type is OrganizationParent["type"] => type === "ROOT" || type === "ORGANIZATIONAL_UNIT";

/**
 * OrganizationsPort on the AWS SDK v3, with the caller's own credentials (the SDK's default chain) and endpoint
 * settings (AWS_ENDPOINT_URL_ORGANIZATIONS or AWS_ENDPOINT_URL point it at the sandbox). Retries throttling
 * (TooManyRequestsException) with the SDK's adaptive mode. Counts the calls it makes, per API operation.
 */
export class SdkOrganizations implements OrganizationsPort {
  private readonly client: OrganizationsClient;
  private readonly counts = new Map<string, number>();

  constructor(options: SdkOrganizationsOptions = {}) {
    this.client = new OrganizationsClient({
      region: options.region ?? "us-east-1",
      maxAttempts: 8,
      retryMode: "adaptive",
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  }

  /** API calls sent so far, per operation (each page is one call; the SDK's retries are not counted). */
  callCounts(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  async describeOrganization(): Promise<{ id: string; managementAccountId: string }> {
    const out = await this.call("describeOrganization", () => this.client.send(new DescribeOrganizationCommand({})));
    const organization = required(out.Organization, "describeOrganization", "Organization");
    return {
      id: required(organization.Id, "describeOrganization", "Organization.Id"),
      managementAccountId: required(organization.MasterAccountId, "describeOrganization", "Organization.MasterAccountId"),
    };
  }

  listRoots(): Promise<OrganizationNode[]> {
    return allPages(async (NextToken) => {
      const out = await this.call("listRoots", () => this.client.send(new ListRootsCommand({ NextToken, MaxResults: PAGE_SIZE })));
      return { items: (out.Roots ?? []).map((root) => node("listRoots", root)), nextToken: out.NextToken };
    });
  }

  async describeOrganizationalUnit(ouId: string): Promise<OrganizationNode> {
    const out = await this.call("describeOrganizationalUnit", () =>
      this.client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: ouId })),
    );
    return node("describeOrganizationalUnit", required(out.OrganizationalUnit, "describeOrganizationalUnit", "OrganizationalUnit"));
  }

  listParents(childId: string): Promise<OrganizationParent[]> {
    return allPages(async (NextToken) => {
      const out = await this.call("listParents", () =>
        this.client.send(new ListParentsCommand({ ChildId: childId, NextToken, MaxResults: PAGE_SIZE })),
      );
      const items = (out.Parents ?? []).map((parent): OrganizationParent => {
        if (!isParentType(parent.Type)) {
          throw new OrganizationsCallError(
            "listParents",
            "UnexpectedResponse",
            `listParents: unexpected parent type ${String(parent.Type)}`,
          );
        }
        return { id: required(parent.Id, "listParents", "Parents[].Id"), type: parent.Type };
      });
      return { items, nextToken: out.NextToken };
    });
  }

  listOrganizationalUnits(parentId: string): Promise<OrganizationNode[]> {
    return allPages(async (NextToken) => {
      const out = await this.call("listOrganizationalUnits", () =>
        this.client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken, MaxResults: PAGE_SIZE })),
      );
      return { items: (out.OrganizationalUnits ?? []).map((ou) => node("listOrganizationalUnits", ou)), nextToken: out.NextToken };
    });
  }

  listAccounts(parentId: string): Promise<OrganizationAccount[]> {
    return allPages(async (NextToken) => {
      const out = await this.call("listAccounts", () =>
        this.client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken, MaxResults: PAGE_SIZE })),
      );
      const items = (out.Accounts ?? []).map((a): OrganizationAccount => ({
        id: required(a.Id, "listAccounts", "Accounts[].Id"),
        name: required(a.Name, "listAccounts", "Accounts[].Name"),
        ...(a.State !== undefined ? { state: a.State } : {}),
        ...(a.Status !== undefined ? { status: a.Status } : {}),
      }));
      return { items, nextToken: out.NextToken };
    });
  }

  async listTags(accountId: string): Promise<Record<string, string>> {
    const tags = await allPages(async (NextToken) => {
      const out = await this.call("listTags", () => this.client.send(new ListTagsForResourceCommand({ ResourceId: accountId, NextToken })));
      return { items: out.Tags ?? [], nextToken: out.NextToken };
    });
    return Object.fromEntries(tags.flatMap((tag) => (tag.Key !== undefined ? [[tag.Key, tag.Value ?? ""]] : [])));
  }

  destroy(): void {
    this.client.destroy();
  }

  private async call<T>(operation: OrganizationsOperation, send: () => Promise<T>): Promise<T> {
    const api = API_OPERATIONS[operation];
    this.counts.set(api, (this.counts.get(api) ?? 0) + 1);
    try {
      return await send();
    } catch (err) {
      if (err instanceof OrganizationsCallError) throw err;
      const code = err instanceof Error ? err.name : "Error";
      throw new OrganizationsCallError(operation, code, errorMessage(err));
    }
  }
}
