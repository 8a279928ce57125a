/**
 * The preflight's checks against a fake Organization (SCPs on a root, OUs and accounts; opt-in Regions) and fake roles.
 *
 * Sources of the expectations: AWS Organizations User Guide, "SCP evaluation" (an Allow at every level, a Deny at any
 * level wins, the management account unaffected); AWS Machine Learning Blog, "Securing Amazon Bedrock cross-Region
 * inference: Geographic and global" ("unspecified" for the region-less ARN of global profiles); AWS Account Management
 * Reference Guide, "Enable or disable AWS Regions in your account" and API_GetRegionOptStatus (the management account
 * leaves AccountId out). The URLs are next to the code in lib/preflight and lib/domain.
 */
import type { Finding } from "../../lib/contracts/preflight-report";
import { type ProfileKind, ModelCatalog } from "../../lib/domain/catalog/catalog";
import { PreflightCallError, type RoleAccess } from "../../lib/preflight/aws/port";
import { renderPreflight } from "../../lib/preflight/report/render-table";
import { runPreflight, type PreflightDeps } from "../../lib/preflight/run-preflight";
import type { PreflightAccountTarget, PreflightProfileTarget, PreflightTargets } from "../../lib/preflight/targets";
import { captureLog } from "../enablement/harness";
import { CI_ID, firstUseRole, MANAGEMENT_ID, OPUS, PIPELINE_ROLE, RESEARCH_ID, runtimeRole, SONNET } from "../helpers/fixtures";
import { FakeOrganization, ROOT_ID } from "./fake-organization";

const WORKLOADS_OU = "ou-ab12-workloads";
const OPUS_5 = "anthropic.claude-opus-5";

function profile(modelId: string, kind: ProfileKind, region: string, account: string): PreflightProfileTarget {
  const resolved = ModelCatalog.builtIn.resolve(modelId, kind, region, account);
  if (!resolved) throw new Error(`${kind}.${modelId} does not resolve in ${region}`);
  return resolved;
}

const ci = (): PreflightAccountTarget => ({
  name: "ci",
  accountId: CI_ID,
  firstUseRoleArn: firstUseRole(CI_ID),
  proofRoleArn: runtimeRole(CI_ID),
  profiles: [
    profile(SONNET, "us", "us-east-1", CI_ID),
    profile(SONNET, "global", "us-east-1", CI_ID),
    profile(OPUS, "us", "us-east-1", CI_ID),
  ],
});

const research = (): PreflightAccountTarget => ({
  name: "research",
  accountId: RESEARCH_ID,
  firstUseRoleArn: firstUseRole(RESEARCH_ID),
  profiles: [profile(SONNET, "eu", "eu-west-1", RESEARCH_ID), profile(SONNET, "global", "eu-west-1", RESEARCH_ID)],
});

const targets = (...accounts: PreflightAccountTarget[]): PreflightTargets => ({
  managementAccountId: MANAGEMENT_ID,
  pipelinePrincipals: [PIPELINE_ROLE],
  stsRegion: "us-east-1",
  accounts,
});

/** Roles the pipeline may assume (all, unless denied), each listing the catalog's models unless told otherwise. */
class FakeRoles implements RoleAccess {
  readonly denied = new Set<string>();
  readonly listDenied = new Set<string>();
  readonly assumed: string[] = [];
  offered: readonly string[] = [SONNET, OPUS];
  /** Regions where the account has its own use-case form; "denied" Regions cannot be read. */
  readonly forms = new Map<string, "submitted" | "denied">();

  async assume(roleArn: string) {
    this.assumed.push(roleArn);
    if (this.denied.has(roleArn))
      throw new PreflightCallError(
        "assumeRole",
        "AccessDenied",
        `AccessDenied: not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    return {
      anthropicModelIds: async (region: string) => {
        if (this.listDenied.has(region))
          throw new PreflightCallError(
            "listFoundationModels",
            "AccessDeniedException",
            "not authorized to perform: bedrock:ListFoundationModels",
          );
        return this.offered;
      },
      useCaseFormSubmitted: async (region: string) => {
        if (this.forms.get(region) === "denied")
          throw new PreflightCallError(
            "getUseCase",
            "AccessDeniedException",
            "not authorized to perform: bedrock:GetUseCaseForModelAccess",
          );
        return this.forms.get(region) === "submitted";
      },
    };
  }
}

let org: FakeOrganization;
let roles: FakeRoles;

beforeEach(() => {
  org = new FakeOrganization();
  roles = new FakeRoles();
});

const deps = (overrides: Partial<PreflightDeps> = {}): PreflightDeps => ({
  aws: org,
  roles,
  log: captureLog(),
  concurrency: 4,
  ...overrides,
});

const regionDeny = (allowed: readonly string[]) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "DenyRegions",
      Effect: "Deny",
      NotAction: ["iam:*", "organizations:*", "sts:*", "aws-marketplace:*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": allowed } },
    },
  ],
});

const blocking = (findings: readonly Finding[]) => findings.filter((f) => f.severity === "blocking");
const rowsBlocked = (result: Awaited<ReturnType<typeof runPreflight>>) =>
  result.profiles.filter((p) => Object.values(p.checks).includes("blocked")).map((p) => `${p.accountName} ${p.invocationId}`);

describe("preflight: SCPs", () => {
  it("finds nothing in an Organization whose root has SCPs disabled, and reads only the root", async () => {
    const result = await runPreflight(targets(ci(), research()), deps());

    expect(result.scps).toBe("not-enabled");
    expect(result.findings).toEqual([]);
    expect(result.summary).toEqual({ accounts: 2, profiles: 5, blockedProfiles: 0, blocking: 0, warnings: 0 });
    expect(Object.fromEntries(org.calls)).toEqual({ ListRoots: 1 });
  });

  it("names the policy, statement and OU of a Region-deny SCP, and each destination Region it denies, with the fix", async () => {
    org
      .withScps(CI_ID, RESEARCH_ID, WORKLOADS_OU)
      .addPolicy("p-deny", "DenyOutsideUS", regionDeny(["us-east-1", "eu-west-1", "unspecified"]), WORKLOADS_OU);
    org.parents.set(CI_ID, WORKLOADS_OU);

    const result = await runPreflight(targets(ci(), research()), deps());

    expect(rowsBlocked(result)).toEqual(["ci us.anthropic.claude-sonnet-4-6", "ci us.anthropic.claude-opus-4-6-v1"]);
    const usWest = blocking(result.findings).find(
      (f) => f.invocationId === "us.anthropic.claude-sonnet-4-6" && f.requestedRegion === "us-west-2",
    );
    expect(usWest).toMatchObject({
      check: "scp",
      accountId: CI_ID,
      region: "us-east-1",
      actions: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
      resource: "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-6",
      principals: [firstUseRole(CI_ID), runtimeRole(CI_ID)],
      policy: { id: "p-deny", name: "DenyOutsideUS", sid: "DenyRegions", statementIndex: 0, level: { kind: "ou", id: WORKLOADS_OU } },
    });
    expect(usWest?.message).toBe(
      `policy p-deny (DenyOutsideUS) statement DenyRegions at OU ${WORKLOADS_OU} denies bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream on arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-6 (aws:RequestedRegion us-west-2) for first-use role ${firstUseRole(CI_ID)} and runtime role ${runtimeRole(CI_ID)}`,
    );
    expect(usWest?.fix).toMatch(
      /^add "us-west-2" to the Regions that policy p-deny \(DenyOutsideUS\) statement DenyRegions allows \(its aws:RequestedRegion condition\), or exempt bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream from it, or remove us\.anthropic\.claude-sonnet-4-6 in us-east-1 from account ci in the config\.$/,
    );
    // One finding per profile and denied destination: us-east-2 and us-west-2, for each of the two us. profiles.
    expect(
      blocking(result.findings)
        .map((f) => `${f.invocationId} ${f.requestedRegion}`)
        .sort(),
    ).toEqual([
      "us.anthropic.claude-opus-4-6-v1 us-east-2",
      "us.anthropic.claude-opus-4-6-v1 us-west-2",
      "us.anthropic.claude-sonnet-4-6 us-east-2",
      "us.anthropic.claude-sonnet-4-6 us-west-2",
    ]);
  });

  it('asks with aws:RequestedRegion "unspecified" for the global profile\'s region-less model ARN', async () => {
    org.withScps(CI_ID).addPolicy("p-deny", "DenyOutsideUS", regionDeny(["us-east-1", "us-east-2", "us-west-2"]), ROOT_ID);

    const result = await runPreflight(targets(ci()), deps());

    expect(rowsBlocked(result)).toEqual(["ci global.anthropic.claude-sonnet-4-6"]);
    const [finding] = blocking(result.findings);
    expect(finding).toMatchObject({
      resource: "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-6",
      requestedRegion: "unspecified",
    });
    expect(finding?.fix).toMatch(
      /^add "unspecified" \(what global inference profiles send for the region-less model ARN\) to the Regions that/,
    );
  });

  it("warns instead of blocking when a Deny depends on a condition key the request's context cannot give (a network perimeter)", async () => {
    const perimeter = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyOutsideCorporateNetwork",
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { NotIpAddressIfExists: { "aws:SourceIp": "203.0.113.0/24" }, BoolIfExists: { "aws:ViaAWSService": "false" } },
        },
      ],
    };
    org.withScps(CI_ID).addPolicy("p-net", "Perimeter", perimeter, ROOT_ID);

    const result = await runPreflight(targets(ci()), deps());

    expect(blocking(result.findings)).toEqual([]);
    const warnings = result.findings.filter((f) => f.check === "scp" && f.severity === "warning");
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]?.message).toMatch(/could not decide .*statement DenyOutsideCorporateNetwork.*aws:SourceIp, aws:ViaAWSService/);
  });

  it("warns instead of passing when a Deny of Subscribe depends on the Marketplace product id", async () => {
    const productAllowList = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "OnlyApprovedProducts",
          Effect: "Deny",
          Action: "aws-marketplace:Subscribe",
          Resource: "*",
          Condition: { "ForAnyValue:StringNotEquals": { "aws-marketplace:ProductId": ["prod-approved"] } },
        },
      ],
    };
    org.withScps(CI_ID).addPolicy("p-mp", "ApprovedProducts", productAllowList, ROOT_ID);

    const result = await runPreflight(targets(ci()), deps());

    expect(blocking(result.findings)).toEqual([]);
    expect(result.findings.map((f) => [f.severity, f.actions, f.message])).toContainEqual([
      "warning",
      ["aws-marketplace:Subscribe"],
      expect.stringMatching(/statement OnlyApprovedProducts .*aws-marketplace:ProductId/),
    ]);
  });

  it("leaves the management account alone, as SCPs do not affect it", async () => {
    org
      .withScps(MANAGEMENT_ID)
      .addPolicy("p-deny", "DenyAll", { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] }, ROOT_ID);
    const management = {
      ...ci(),
      name: "management",
      accountId: MANAGEMENT_ID,
      firstUseRoleArn: firstUseRole(MANAGEMENT_ID),
      proofRoleArn: runtimeRole(MANAGEMENT_ID),
    };

    const result = await runPreflight(targets(management), deps());

    expect(result.findings).toEqual([]);
  });

  it("reports an implicit deny where a level has no SCP that allows the request", async () => {
    org.scpsEnabled = true;
    org.addPolicy(
      "p-FullAWSAccess",
      "FullAWSAccess",
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      ROOT_ID,
    );
    org.addPolicy(
      "p-s3",
      "OnlyS3",
      { Version: "2012-10-17", Statement: [{ Sid: "S3", Effect: "Allow", Action: "s3:*", Resource: "*" }] },
      RESEARCH_ID,
    );

    const result = await runPreflight(targets(research()), deps());

    const [finding] = blocking(result.findings);
    expect(finding).toMatchObject({ check: "scp", levelsWithoutAllow: [{ kind: "account", id: RESEARCH_ID }] });
    expect(finding?.message).toMatch(new RegExp(`^no SCP at account ${RESEARCH_ID} allows .* \\(implicit deny\\)$`));
    expect(finding?.fix).toMatch(new RegExp(`^attach an SCP that allows .* at account ${RESEARCH_ID}`));
    expect(result.summary.blockedProfiles).toBe(2);
  });

  it("names the first-use role when an SCP denies it the Marketplace actions, and spares the other roles", async () => {
    org
      .withScps(CI_ID)
      .addPolicy(
        "p-mp",
        "NoMarketplace",
        { Version: "2012-10-17", Statement: [{ Sid: "NoMarketplace", Effect: "Deny", Action: "aws-marketplace:*", Resource: "*" }] },
        ROOT_ID,
      );

    const result = await runPreflight(targets(ci()), deps());

    const findings = blocking(result.findings);
    expect(new Set(findings.map((f) => f.actions?.join(",")))).toEqual(
      new Set(["aws-marketplace:Subscribe,aws-marketplace:ViewSubscriptions"]),
    );
    expect(new Set(findings.flatMap((f) => f.principals ?? []))).toEqual(new Set([firstUseRole(CI_ID)]));
    expect(findings[0]?.fix).toMatch(
      /^exempt first-use role arn:aws:iam::222222222222:role\/bedrock\/bedrock-first-use from policy p-mp \(NoMarketplace\) statement NoMarketplace/,
    );
    expect(findings[0]?.fix).toMatch(/enable --no-preflight skips this check/);
  });

  it("checks the pipeline's AssumeRole against the SCPs of a pipeline principal's member account", async () => {
    const pipeline = `arn:aws:iam::${RESEARCH_ID}:role/ci-pipeline`;
    org.withScps(CI_ID, RESEARCH_ID).addPolicy(
      "p-sts",
      "NoAssumeIntoCi",
      {
        Version: "2012-10-17",
        Statement: [{ Sid: "NoCi", Effect: "Deny", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${CI_ID}:role/*` }],
      },
      RESEARCH_ID,
    );

    const result = await runPreflight({ ...targets(ci()), pipelinePrincipals: [PIPELINE_ROLE, pipeline] }, deps());

    expect(blocking(result.findings).map((f) => [f.resource, f.principals, f.invocationId])).toEqual([
      [firstUseRole(CI_ID), [pipeline], undefined],
      [runtimeRole(CI_ID), [pipeline], undefined],
    ]);
    expect(result.summary.blockedProfiles).toBe(3);
  });

  it("reads each level and each policy once, however many accounts share them", async () => {
    org
      .withScps(CI_ID, RESEARCH_ID, WORKLOADS_OU)
      .addPolicy("p-deny", "DenyOutsideUS", regionDeny(["us-east-1", "eu-west-1", "unspecified"]), WORKLOADS_OU);
    org.parents.set(CI_ID, WORKLOADS_OU).set(RESEARCH_ID, WORKLOADS_OU);

    await runPreflight(targets(ci(), research()), deps());

    expect(Object.fromEntries(org.calls)).toMatchObject({ ListRoots: 1, ListParents: 3, ListPoliciesForTarget: 4, DescribePolicy: 2 });
  });

  it("warns, and decides nothing, when the SCPs cannot be read or parsed", async () => {
    org
      .withScps(CI_ID)
      .addPolicy(
        "p-bad",
        "Broken",
        { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }] },
        ROOT_ID,
      );

    const result = await runPreflight(targets(ci()), deps());

    expect(blocking(result.findings)).toEqual([]);
    expect(result.findings.map((f) => [f.check, f.severity])).toEqual([["scp", "warning"]]);
    expect(result.findings[0]?.message).toMatch(/SCP p-bad \(Broken\) is not a valid service control policy/);
    expect(result.profiles.every((p) => p.checks.scp === "warning")).toBe(true);
  });

  it("warns, and checks no SCP, when the caller may not read the Organization or belongs to none", async () => {
    org.denied.add("ListRoots");
    const denied = await runPreflight(targets(ci()), deps());
    expect(denied.scps).toBe("unknown");
    expect(denied.findings.map((f) => [f.check, f.severity])).toEqual([["scp", "warning"]]);
    expect(denied.profiles.every((p) => p.checks.scp === "skipped")).toBe(true);

    org = new FakeOrganization();
    org.notInOrganization = true;
    const outside = await runPreflight(targets(ci()), deps());
    expect(outside.scps).toBe("unknown");
    expect(outside.findings).toEqual([
      expect.objectContaining({ check: "scp", severity: "warning", message: expect.stringMatching(/belongs to no AWS Organization/) }),
    ]);
  });
});

describe("preflight: opt-in Regions", () => {
  it("blocks a source Region the account has not enabled, and asks nothing about default Regions", async () => {
    const account = { ...ci(), profiles: [profile(SONNET, "eu", "eu-south-1", CI_ID), profile(SONNET, "us", "us-east-1", CI_ID)] };
    org.regionStatus.set(`${CI_ID}|eu-south-1`, "DISABLED");

    const result = await runPreflight(targets(account), deps());

    expect(org.calls.get("GetRegionOptStatus")).toBe(1);
    expect(blocking(result.findings)).toEqual([
      expect.objectContaining({
        check: "opt-in-region",
        region: "eu-south-1",
        message: expect.stringMatching(/opt-in Region eu-south-1 is DISABLED in account ci/),
      }),
    ]);
    expect(result.profiles.map((p) => [p.region, p.checks.optInRegion])).toEqual([
      ["eu-south-1", "blocked"],
      ["us-east-1", "passed"],
    ]);
  });

  it("asks about the management account without AccountId, and warns when the status cannot be read", async () => {
    const management = {
      ...ci(),
      accountId: MANAGEMENT_ID,
      proofRoleArn: undefined,
      profiles: [profile(SONNET, "eu", "eu-south-1", MANAGEMENT_ID)],
    };
    await runPreflight(targets(management), deps());
    expect(org.optStatusAccounts).toEqual([undefined]);

    org.denied.add("GetRegionOptStatus");
    const result = await runPreflight(targets({ ...ci(), profiles: [profile(SONNET, "eu", "eu-south-2", CI_ID)] }), deps());
    expect(result.findings.map((f) => [f.check, f.severity])).toEqual([["opt-in-region", "warning"]]);
    expect(result.findings[0]?.fix).toMatch(/account:GetRegionOptStatus/);
  });
});

describe("preflight: the use-case form in opt-in Regions", () => {
  const hyderabad = (): PreflightAccountTarget => ({
    ...ci(),
    profiles: [profile(OPUS_5, "in", "ap-south-2", CI_ID), profile(OPUS_5, "in", "ap-south-1", CI_ID)],
  });

  it("reports the account's own form per opt-in Region it calls from, as its first-use role reads it", async () => {
    roles.offered = [OPUS_5];
    const result = await runPreflight(targets(hyderabad()), deps());

    // ap-south-1 (Mumbai) is a default Region: the Organization's form covers it, nothing is read there.
    expect(result.useCaseForms).toEqual([{ accountName: "ci", accountId: CI_ID, region: "ap-south-2", state: "not-submitted" }]);
    expect(result.findings).toEqual([]);
    expect(renderPreflight(result)).toContain(
      `Use-case form in ap-south-2 (opt-in Region), account ci (${CI_ID}): not-submitted (enable submits it)`,
    );

    roles.forms.set("ap-south-2", "submitted");
    expect((await runPreflight(targets(hyderabad()), deps())).useCaseForms?.[0]?.state).toBe("submitted");
  });

  it("warns when the form cannot be read there: the role may predate the permission", async () => {
    roles.offered = [OPUS_5];
    roles.forms.set("ap-south-2", "denied");
    const result = await runPreflight(targets(hyderabad()), deps());
    expect(result.findings.map((f) => [f.check, f.severity, f.region])).toEqual([["opt-in-region", "warning", "ap-south-2"]]);
    expect(result.findings[0]?.fix).toMatch(/run cdktf deploy/);
  });

  it("blocks when an SCP denies the first-use role the form in the opt-in Region", async () => {
    roles.offered = [OPUS_5];
    org.withScps(CI_ID).addPolicy(
      "p-noform",
      "NoUseCaseForm",
      {
        Version: "2012-10-17",
        Statement: [{ Sid: "NoForm", Effect: "Deny", Action: "bedrock:PutUseCaseForModelAccess", Resource: "*" }],
      },
      ROOT_ID,
    );
    const result = await runPreflight(targets(hyderabad()), deps());
    // Only in the opt-in Region: in Mumbai the first-use role never submits a form.
    expect(blocking(result.findings)).toEqual([
      expect.objectContaining({ check: "scp", region: "ap-south-2", actions: ["bedrock:PutUseCaseForModelAccess"] }),
    ]);
  });
});

describe("preflight: roles and models", () => {
  it("assumes the first-use role and the proof role, nothing else, and lists the models as the first-use role", async () => {
    await runPreflight(targets(ci(), research()), deps());

    expect(roles.assumed.sort()).toEqual([firstUseRole(CI_ID), firstUseRole(RESEARCH_ID), runtimeRole(CI_ID)].sort());
  });

  it("blocks a role the pipeline cannot assume, and skips that account's model check", async () => {
    roles.denied.add(firstUseRole(RESEARCH_ID));

    const result = await runPreflight(targets(ci(), research()), deps());

    expect(blocking(result.findings)).toEqual([
      expect.objectContaining({
        check: "assume-role",
        accountId: RESEARCH_ID,
        resource: firstUseRole(RESEARCH_ID),
        actions: ["sts:AssumeRole"],
      }),
    ]);
    expect(result.profiles.filter((p) => p.accountId === RESEARCH_ID).map((p) => [p.checks.assumeRole, p.checks.modelOffered])).toEqual([
      ["blocked", "skipped"],
      ["blocked", "skipped"],
    ]);
  });

  it("blocks a model Bedrock does not list in the Region, and warns when the list cannot be read", async () => {
    roles.offered = [SONNET];
    roles.listDenied.add("eu-west-1");

    const result = await runPreflight(targets(ci(), research()), deps());

    expect(result.findings.map((f) => [f.check, f.severity, f.region, f.resource])).toEqual([
      ["model-offered", "blocking", "us-east-1", OPUS],
      ["model-offered", "warning", "eu-west-1", undefined],
    ]);
    expect(rowsBlocked(result)).toEqual(["ci us.anthropic.claude-opus-4-6-v1"]);
  });

  it("skips the role and model checks when it is given no role access, as in enable", async () => {
    const { roles: _unused, ...withoutRoles } = deps();

    const result = await runPreflight(targets(ci()), withoutRoles);

    expect(roles.assumed).toEqual([]);
    expect(result.profiles.every((p) => p.checks.assumeRole === "skipped" && p.checks.modelOffered === "skipped")).toBe(true);
  });
});

describe("preflight: Messages API profiles (bedrock-mantle)", () => {
  const OPUS_48 = "anthropic.claude-opus-4-8";
  const withMessages = (): PreflightAccountTarget => ({ ...ci(), profiles: [profile(OPUS_48, "messages", "us-east-1", CI_ID)] });
  const denyMantle = (condition?: Record<string, unknown>) => ({
    Version: "2012-10-17",
    Statement: [{ Sid: "NoMantle", Effect: "Deny", Action: "bedrock-mantle:*", Resource: "*", ...(condition && { Condition: condition }) }],
  });

  it("asks bedrock-mantle:CreateInference on the account's default project in the source Region, for both roles", async () => {
    org.withScps(CI_ID).addPolicy("p-mantle", "NoMantle", denyMantle(), ROOT_ID);

    const result = await runPreflight(targets(withMessages()), deps());

    expect(rowsBlocked(result)).toEqual([`ci ${OPUS_48}`]);
    expect(blocking(result.findings)).toEqual([
      expect.objectContaining({
        actions: ["bedrock-mantle:CreateInference"],
        resource: `arn:aws:bedrock-mantle:us-east-1:${CI_ID}:project/default`,
        requestedRegion: "us-east-1",
        principals: [firstUseRole(CI_ID), runtimeRole(CI_ID)],
      }),
    ]);
  });

  it("lets a Region-deny SCP through when the source Region is allowed: nothing else is called", async () => {
    org.withScps(CI_ID).addPolicy("p-deny", "DenyOutsideUsEast1", regionDeny(["us-east-1"]), ROOT_ID);

    const result = await runPreflight(targets(withMessages()), deps());

    expect(result.findings).toEqual([]);
  });

  it("warns, not blocks, on an SCP that tests bedrock-mantle:Model, whose value AWS does not document", async () => {
    org.withScps(CI_ID).addPolicy("p-model", "OnlyOpus", denyMantle({ StringNotEquals: { "bedrock-mantle:Model": OPUS_48 } }), ROOT_ID);

    const result = await runPreflight(targets(withMessages()), deps());

    expect(blocking(result.findings)).toEqual([]);
    expect(result.findings.filter((f) => f.severity === "warning").map((f) => f.message)).toEqual([
      expect.stringContaining("bedrock-mantle:Model"),
    ]);
  });

  it("warns, not blocks, when an SCP denies the first-use role the Marketplace actions bedrock-mantle may or may not need", async () => {
    const denyMarketplace = {
      Version: "2012-10-17",
      Statement: [{ Sid: "NoMarketplace", Effect: "Deny", Action: "aws-marketplace:*", Resource: "*" }],
    };
    org.withScps(CI_ID).addPolicy("p-mp", "NoMarketplace", denyMarketplace, ROOT_ID);

    const result = await runPreflight(targets(withMessages()), deps());

    expect(blocking(result.findings)).toEqual([]);
    const [warning] = result.findings;
    expect(warning).toMatchObject({
      severity: "warning",
      actions: ["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions"],
      principals: [firstUseRole(CI_ID)],
    });
    expect(warning.message).toMatch(/blocks enable only if bedrock-mantle needs the Marketplace agreement, which AWS does not say/);
    expect(result.profiles[0].checks.scp).toBe("warning");
  });

  it("does not ask ListFoundationModels for bedrock-mantle's ids", async () => {
    roles.offered = [];

    const result = await runPreflight(targets(withMessages()), deps());

    expect(result.findings.filter((f) => f.check !== "scp")).toEqual([]);
    expect(result.profiles[0].checks.modelOffered).toBe("skipped");
  });
});
