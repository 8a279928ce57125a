import { AccountClient, GetRegionOptStatusCommand } from "@aws-sdk/client-account";
import { BedrockClient, ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { SdkEnablementAws } from "../../lib/enablement/aws/sdk-adapter";
import { PreflightCallError } from "../../lib/preflight/aws/port";
import { SdkPreflightAws } from "../../lib/preflight/aws/sdk-adapter";

const organizations = mockClient(OrganizationsClient);
const account = mockClient(AccountClient);
const sts = mockClient(STSClient);
const bedrock = mockClient(BedrockClient);

const adapter = () => new SdkPreflightAws({ region: "us-east-1", connectionTimeoutMs: 1000, requestTimeoutMs: 1000, callTimeoutMs: 5000 });

beforeEach(() => {
  organizations.reset();
  account.reset();
  sts.reset();
  bedrock.reset();
});

describe("SdkPreflightAws", () => {
  it("reads whether SCPs are enabled from the root's policy types", async () => {
    organizations.on(ListRootsCommand).resolves({
      Roots: [
        {
          Id: "r-ab12",
          PolicyTypes: [
            { Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" },
            { Type: "TAG_POLICY", Status: "ENABLED" },
          ],
        },
      ],
    });
    expect(await adapter().root()).toEqual({ id: "r-ab12", scpsEnabled: true });

    organizations
      .on(ListRootsCommand)
      .resolves({ Roots: [{ Id: "r-ab12", PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "PENDING_DISABLE" }] }] });
    expect(await adapter().root()).toEqual({ id: "r-ab12", scpsEnabled: false });
  });

  it("reads a parent, and every page of the SCPs attached to a target", async () => {
    organizations
      .on(ListParentsCommand, { ChildId: "222222222222" })
      .resolves({ Parents: [{ Id: "ou-ab12-x", Type: "ORGANIZATIONAL_UNIT" }] });
    organizations
      .on(ListPoliciesForTargetCommand, { TargetId: "ou-ab12-x", Filter: "SERVICE_CONTROL_POLICY", NextToken: undefined })
      .resolves({ Policies: [{ Id: "p-FullAWSAccess", Name: "FullAWSAccess" }], NextToken: "page2" })
      .on(ListPoliciesForTargetCommand, { TargetId: "ou-ab12-x", Filter: "SERVICE_CONTROL_POLICY", NextToken: "page2" })
      .resolves({ Policies: [{ Id: "p-deny", Name: "DenyOutsideEU" }] });
    const aws = adapter();

    expect(await aws.parentOf("222222222222")).toEqual({ id: "ou-ab12-x", type: "ORGANIZATIONAL_UNIT" });
    expect(await aws.scpsAttachedTo("ou-ab12-x")).toEqual([
      { id: "p-FullAWSAccess", name: "FullAWSAccess" },
      { id: "p-deny", name: "DenyOutsideEU" },
    ]);
    expect(organizations).toHaveReceivedCommandTimes(ListPoliciesForTargetCommand, 2);
  });

  it("reads a policy's content", async () => {
    organizations.on(DescribePolicyCommand, { PolicyId: "p-deny" }).resolves({
      Policy: { PolicySummary: { Id: "p-deny", Name: "DenyOutsideEU" }, Content: '{"Version":"2012-10-17","Statement":[]}' },
    });

    expect(await adapter().policy("p-deny")).toEqual({
      id: "p-deny",
      name: "DenyOutsideEU",
      content: '{"Version":"2012-10-17","Statement":[]}',
    });
  });

  it("asks GetRegionOptStatus with AccountId for a member account and without it for the caller's own", async () => {
    account.on(GetRegionOptStatusCommand).resolves({ RegionName: "eu-south-1", RegionOptStatus: "DISABLED" });
    const aws = adapter();

    expect(await aws.regionOptStatus("222222222222", "eu-south-1")).toBe("DISABLED");
    expect(await aws.regionOptStatus(undefined, "eu-south-1")).toBe("DISABLED");
    expect(account).toHaveReceivedNthCommandWith(1, GetRegionOptStatusCommand, { RegionName: "eu-south-1", AccountId: "222222222222" });
    expect(account.commandCalls(GetRegionOptStatusCommand)[1]?.args[0].input).toEqual({ RegionName: "eu-south-1" });
  });

  it("turns service exceptions into PreflightCallError with their code, and says what an answer lacks", async () => {
    organizations.on(ListRootsCommand).rejects(new AWSOrganizationsNotInUseException({ message: "not in an organization", $metadata: {} }));
    organizations
      .on(ListParentsCommand)
      .rejects(new AccessDeniedException({ message: "not authorized to perform: organizations:ListParents", $metadata: {} }));
    // What a newer API might answer: a status this adapter does not know.
    account.on(GetRegionOptStatusCommand).callsFake(() => ({ RegionName: "eu-south-1", RegionOptStatus: "MAYBE" }));
    const aws = adapter();

    await expect(aws.root()).rejects.toMatchObject({ name: "PreflightCallError", code: "AWSOrganizationsNotInUseException" });
    await expect(aws.parentOf("222222222222")).rejects.toMatchObject({ code: "AccessDeniedException", operation: "ListParents" });
    await expect(aws.regionOptStatus("222222222222", "eu-south-1")).rejects.toThrow(
      /GetRegionOptStatus eu-south-1: expected RegionOptStatus to be one of ENABLED, .* \(got "MAYBE"\)/,
    );
    await expect(aws.root()).rejects.toBeInstanceOf(PreflightCallError);
  });
});

describe("SdkEnablementAws.listFoundationModels (preflight's model check)", () => {
  it("lists the provider's model ids in the Region, as the assumed role", async () => {
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: "ASIAEXAMPLEEXAMPLE01",
        SecretAccessKey: "secret",
        SessionToken: "token",
        Expiration: new Date(Date.now() + 3_600_000),
      },
    });
    bedrock.on(ListFoundationModelsCommand, { byProvider: "Anthropic" }).resolves({
      modelSummaries: [
        { modelId: "anthropic.claude-sonnet-4-6", modelArn: "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-6" },
        { modelId: "anthropic.claude-opus-4-6-v1", modelArn: "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-opus-4-6-v1" },
      ],
    });
    const aws = new SdkEnablementAws({ stsRegion: "us-east-1" });
    const session = await aws.assumeRole("arn:aws:iam::222222222222:role/bedrock/bedrock-first-use", "s");

    expect(await aws.listFoundationModels(session, "eu-west-1", "Anthropic")).toEqual([
      "anthropic.claude-sonnet-4-6",
      "anthropic.claude-opus-4-6-v1",
    ]);
    expect(bedrock).toHaveReceivedCommandWith(ListFoundationModelsCommand, { byProvider: "Anthropic" });
    aws.destroy();
  });
});
