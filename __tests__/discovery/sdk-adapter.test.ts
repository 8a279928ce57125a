import {
  AccessDeniedException,
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  TooManyRequestsException,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { OrganizationsCallError } from "../../lib/discovery/port";
import { SdkOrganizations } from "../../lib/discovery/sdk-adapter";

/** The Organizations adapter on mocked SDK clients: every page read, the fields discover relies on checked, errors named. */
const organizations = mockClient(OrganizationsClient);
let adapter: SdkOrganizations;

beforeEach(() => {
  organizations.reset();
  adapter = new SdkOrganizations();
});
afterEach(() => adapter.destroy());

describe("SdkOrganizations", () => {
  it("reads every page of ListAccountsForParent, 20 at a time, also past an empty page that has a NextToken", async () => {
    organizations
      .on(ListAccountsForParentCommand, { ParentId: "ou-ab12-11111111", NextToken: undefined })
      .resolves({ Accounts: [], NextToken: "page-2" })
      .on(ListAccountsForParentCommand, { ParentId: "ou-ab12-11111111", NextToken: "page-2" })
      .resolves({ Accounts: [{ Id: "222222222222", Name: "CI", State: "ACTIVE", Status: "ACTIVE" }], NextToken: "page-3" })
      .on(ListAccountsForParentCommand, { ParentId: "ou-ab12-11111111", NextToken: "page-3" })
      .resolves({ Accounts: [{ Id: "333333333333", Name: "Old", Status: "SUSPENDED" }] });

    const accounts = await adapter.listAccounts("ou-ab12-11111111");

    expect(accounts).toEqual([
      { id: "222222222222", name: "CI", state: "ACTIVE", status: "ACTIVE" },
      { id: "333333333333", name: "Old", status: "SUSPENDED" },
    ]);
    expect(organizations).toHaveReceivedCommandTimes(ListAccountsForParentCommand, 3);
    expect(organizations).toHaveReceivedCommandWith(ListAccountsForParentCommand, {
      ParentId: "ou-ab12-11111111",
      MaxResults: 20,
      NextToken: "page-3",
    });
    expect(adapter.callCounts()).toEqual({ ListAccountsForParent: 3 });
  });

  it("reads the Organization's id and management account, and every tag of an account across pages", async () => {
    organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-exampleorg1", MasterAccountId: "111111111111" } });
    organizations
      .on(ListTagsForResourceCommand, { ResourceId: "222222222222", NextToken: undefined })
      .resolves({ Tags: [{ Key: "team", Value: "ml" }], NextToken: "next" })
      .on(ListTagsForResourceCommand, { ResourceId: "222222222222", NextToken: "next" })
      .resolves({ Tags: [{ Key: "bedrock", Value: "" }] });

    expect(await adapter.describeOrganization()).toEqual({ id: "o-exampleorg1", managementAccountId: "111111111111" });
    expect(await adapter.listTags("222222222222")).toEqual({ team: "ml", bedrock: "" });
    expect(adapter.callCounts()).toEqual({ DescribeOrganization: 1, ListTagsForResource: 2 });
  });

  it("says which field AWS left out instead of guessing", async () => {
    organizations.on(ListRootsCommand).resolves({ Roots: [{ Id: "r-ab12" }] });
    organizations.on(ListParentsCommand).resolves({ Parents: [{ Id: "r-ab12" }] });

    await expect(adapter.listRoots()).rejects.toThrow(/listRoots: AWS sent no Name/);
    await expect(adapter.listParents("ou-ab12-11111111")).rejects.toThrow(/listParents: unexpected parent type undefined/);
  });

  it("names the operation and the service's error code when a call fails", async () => {
    organizations.on(ListAccountsForParentCommand).rejects(new AccessDeniedException({ message: "not allowed", $metadata: {} }));
    organizations.on(ListTagsForResourceCommand).rejects(new TooManyRequestsException({ message: "slow down", $metadata: {} }));

    const denied = await adapter.listAccounts("r-ab12").catch((err: unknown) => err);
    expect(denied).toBeInstanceOf(OrganizationsCallError);
    expect(denied).toMatchObject({ operation: "listAccounts", code: "AccessDeniedException", message: "not allowed" });
    await expect(adapter.listTags("222222222222")).rejects.toMatchObject({ operation: "listTags", code: "TooManyRequestsException" });
  });
});
