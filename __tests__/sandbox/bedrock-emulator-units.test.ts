import type { PrincipalPolicies } from "../../sandbox/bedrock-emulator/aws/identity-policies";
import { decodePolicyDocument } from "../../sandbox/bedrock-emulator/aws/identity-policies";
import { parsePrincipal } from "../../sandbox/bedrock-emulator/aws/principal";
import {
  findModel,
  lifecycleIn,
  modelLifecycleJson,
  MODELS,
  parseCatalog,
  profileGeographies,
  type CatalogFile,
} from "../../sandbox/bedrock-emulator/catalog";
import rawCatalog from "../../sandbox/bedrock-emulator/data/claude-models.json";
import { DEFAULT_FAULTS, FaultInjector, parseFaultPatch } from "../../sandbox/bedrock-emulator/faults";
import { evaluateAccess } from "../../sandbox/bedrock-emulator/iam/evaluate";
import { resolveInvocationTarget, resolveProfile, type TargetContext } from "../../sandbox/bedrock-emulator/model-target";
import { ROUTES } from "../../sandbox/bedrock-emulator/operations/routes";
import { matchRoute } from "../../sandbox/bedrock-emulator/operations/router";
import { parseSigV4 } from "../../sandbox/bedrock-emulator/protocol/sigv4";

const ACCOUNT = "222222222222";
const CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/bedrock-first-use/s`;
const SONNET = "anthropic.claude-sonnet-4-6";
const OPUS = "anthropic.claude-opus-4-6-v1";
const HAIKU_3 = "anthropic.claude-3-haiku-20240307-v1:0";
/** A fixed clock for lifecycle checks: the data file's asOf date. */
const NOW = Date.parse("2026-11-27T12:00:00Z");
const fm = (region: string, model = SONNET) => `arn:aws:bedrock:${region}::foundation-model/${model}`;

const withPolicy = (...statements: object[]): PrincipalPolicies => ({
  principalArn: `arn:aws:iam::${ACCOUNT}:role/bedrock/bedrock-first-use`,
  identityPolicies: [{ name: "p", document: { Version: "2012-10-17", Statement: statements } }],
  isRoot: false,
});

describe("IAM evaluation", () => {
  const subscribeFor = (productIds: string[]) =>
    withPolicy({
      Effect: "Allow",
      Action: "aws-marketplace:Subscribe",
      Resource: "*",
      Condition: { "ForAnyValue:StringEquals": { "aws-marketplace:ProductId": productIds } },
    });
  const subscribe = (product: string) => ({
    action: "aws-marketplace:Subscribe",
    resource: "*",
    context: { "aws-marketplace:ProductId": [product] },
  });

  it("evaluates an aws-marketplace:ProductId condition on Subscribe (absent from iam-simulate's data)", async () => {
    await expect(evaluateAccess(CALLER, ACCOUNT, subscribeFor(["prod-a"]), subscribe("prod-a"))).resolves.toEqual({ allowed: true });
    await expect(evaluateAccess(CALLER, ACCOUNT, subscribeFor(["prod-a"]), subscribe("prod-b"))).resolves.toEqual({
      allowed: false,
      reason: "implicit-identity",
    });
  });

  it("evaluates the region-less foundation-model ARN of global profiles", async () => {
    const regionless = `arn:aws:bedrock:::foundation-model/${SONNET}`;
    const profile = `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/global.${SONNET}`;
    const policy = withPolicy({
      Effect: "Allow",
      Action: "bedrock:InvokeModel",
      Resource: regionless,
      Condition: { StringEquals: { "bedrock:InferenceProfileArn": profile } },
    });
    const check = (through: string) => ({
      action: "bedrock:InvokeModel",
      resource: regionless,
      context: { "bedrock:InferenceProfileArn": through },
    });

    await expect(evaluateAccess(CALLER, ACCOUNT, policy, check(profile))).resolves.toEqual({ allowed: true });
    await expect(evaluateAccess(CALLER, ACCOUNT, policy, check(profile.replace("global.", "us.")))).resolves.toMatchObject({
      allowed: false,
    });
  });

  it("tells an explicit deny from a missing allow, and a permissions boundary from the identity policy", async () => {
    const fm = `arn:aws:bedrock:us-east-1::foundation-model/${SONNET}`;
    const allow = { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" };
    const bounded: PrincipalPolicies = {
      ...withPolicy(allow),
      permissionsBoundary: {
        name: "b",
        document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] },
      },
    };

    await expect(
      evaluateAccess(CALLER, ACCOUNT, withPolicy(allow, { Effect: "Deny", Action: "bedrock:*", Resource: "*" }), {
        action: "bedrock:InvokeModel",
        resource: fm,
      }),
    ).resolves.toEqual({
      allowed: false,
      reason: "explicit-identity",
    });
    await expect(evaluateAccess(CALLER, ACCOUNT, bounded, { action: "bedrock:InvokeModel", resource: fm })).resolves.toEqual({
      allowed: false,
      reason: "implicit-boundary",
    });
  });

  it("denies, with its reason, a check of the same shape as checks it already allowed (the fast path only allows)", async () => {
    const profile = (model: string) => `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.${model}`;
    const policy = withPolicy(
      { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: profile(SONNET) },
      { Effect: "Deny", Action: "bedrock:InvokeModel", Resource: profile(HAIKU_3) },
    );
    const invoke = (model: string) => ({ action: "bedrock:InvokeModel", resource: profile(model) });

    await expect(evaluateAccess(CALLER, ACCOUNT, policy, invoke(SONNET))).resolves.toEqual({ allowed: true });
    await expect(evaluateAccess(CALLER, ACCOUNT, policy, invoke(SONNET))).resolves.toEqual({ allowed: true });
    await expect(evaluateAccess(CALLER, ACCOUNT, policy, invoke(OPUS))).resolves.toEqual({ allowed: false, reason: "implicit-identity" });
    await expect(evaluateAccess(CALLER, ACCOUNT, policy, invoke(HAIKU_3))).resolves.toEqual({
      allowed: false,
      reason: "explicit-identity",
    });
  });

  it("reads IAM's URL-encoded policy documents", () => {
    expect(decodePolicyDocument(encodeURIComponent('{"Version":"2012-10-17","Statement":[]}'), "p")).toEqual({
      Version: "2012-10-17",
      Statement: [],
    });
  });

  it("parses the caller kinds STS reports", () => {
    expect(parsePrincipal(CALLER)).toEqual({ kind: "assumed-role", roleName: "bedrock-first-use", sessionName: "s" });
    expect(parsePrincipal("arn:aws:sts::123456789012:user/moto")).toEqual({ kind: "user", userName: "moto" });
    expect(parsePrincipal("arn:aws:iam::123456789012:root")).toEqual({ kind: "root" });
  });
});

describe("model identifiers", () => {
  const from = (region: string, extra: Partial<TargetContext> = {}): TargetContext => ({
    region,
    account: ACCOUNT,
    now: NOW,
    isUnavailable: () => false,
    ...extra,
  });

  it("routes a us profile to the destinations of the caller's source region, with the profile ARN in the caller's account and region", () => {
    const target = resolveInvocationTarget(`us.${SONNET}`, from("us-east-2"));
    expect(target.profile?.arn).toBe(`arn:aws:bedrock:us-east-2:${ACCOUNT}:inference-profile/us.${SONNET}`);
    expect(target.destinations.map((d) => d.foundationModelArn)).toEqual(["us-east-1", "us-east-2", "us-west-2"].map((r) => fm(r)));
  });

  it("gives each source region its own destinations, as the model cards list them", () => {
    const destinations = (id: string, region: string) => resolveInvocationTarget(id, from(region)).destinations.map((d) => d.region);
    expect(destinations(`us.${SONNET}`, "us-west-1")).toEqual(["us-east-1", "us-east-2", "us-west-1", "us-west-2"]);
    expect(destinations(`us.${SONNET}`, "ca-central-1")).toEqual(["ca-central-1", "us-east-1", "us-east-2", "us-west-2"]);
    expect(destinations(`eu.${SONNET}`, "eu-west-2")).toContain("eu-west-2");
    expect(destinations(`eu.${SONNET}`, "eu-west-1")).not.toContain("eu-west-2");
    expect(destinations(`jp.${SONNET}`, "ap-northeast-1")).toEqual(["ap-northeast-1", "ap-northeast-3"]);
    expect(destinations(`au.${SONNET}`, "ap-southeast-6")).toEqual(["ap-southeast-2", "ap-southeast-4", "ap-southeast-6"]);
    // Claude 3 Haiku's US profile, before its end of life there (2026-09-10).
    const beforeEol = from("us-east-2", { now: Date.parse("2026-08-01T00:00:00Z") });
    expect(resolveInvocationTarget(`us.${HAIKU_3}`, beforeEol).destinations.map((d) => d.region)).toEqual([
      "us-east-1",
      "us-east-2",
      "us-west-2",
    ]);
  });

  it("routes a global profile to the source region and the region-less ARN", () => {
    const target = resolveInvocationTarget(`global.${SONNET}`, from("sa-east-1"));
    expect(target.destinations.map((d) => d.foundationModelArn)).toEqual([fm("sa-east-1"), `arn:aws:bedrock:::foundation-model/${SONNET}`]);
  });

  it("rejects profiles outside their geography, foreign profile ARNs and unavailable models", () => {
    expect(() => resolveInvocationTarget(`eu.${SONNET}`, from("us-east-1"))).toThrow("The provided model identifier is invalid.");
    expect(() =>
      resolveInvocationTarget(`arn:aws:bedrock:us-east-1:333333333333:inference-profile/us.${SONNET}`, from("us-east-1")),
    ).toThrow("The provided model identifier is invalid.");
    expect(() => resolveInvocationTarget(`us.${SONNET}`, from("us-east-1", { isUnavailable: () => true }))).toThrow(
      "The provided model identifier is invalid.",
    );
  });

  it("rejects a profile the model does not have like an unknown model id, from every region", () => {
    for (const region of ["ap-southeast-1", "ap-northeast-1", "ap-south-1"]) {
      expect(() => resolveInvocationTarget(`apac.${SONNET}`, from(region))).toThrow("The provided model identifier is invalid.");
      expect(() => resolveInvocationTarget(`apac.${SONNET}`, from(region))).toThrow(
        expect.objectContaining({ name: "ValidationException" }),
      );
      expect(resolveProfile(`apac.${SONNET}`, from(region))).toBeUndefined();
    }
    expect(() => resolveInvocationTarget(`jp.${OPUS}`, from("ap-northeast-1"))).toThrow("The provided model identifier is invalid.");
    expect(() => resolveInvocationTarget(`apac.${OPUS}`, from("ap-southeast-2"))).toThrow("The provided model identifier is invalid.");
    expect(() => resolveInvocationTarget("us.anthropic.claude-nonexistent-v1:0", from("us-east-1"))).toThrow(
      "The provided model identifier is invalid.",
    );
  });

  it("allows direct invocation only where the model has on-demand throughput", () => {
    expect(() => resolveInvocationTarget(SONNET, from("us-east-1"))).toThrow(/on-demand throughput isn't supported/);
    expect(resolveInvocationTarget(SONNET, from("eu-west-2")).destinations).toEqual([
      { region: "eu-west-2", foundationModelArn: fm("eu-west-2") },
    ]);
    expect(resolveInvocationTarget(HAIKU_3, from("ca-central-1")).destinations).toEqual([
      { region: "ca-central-1", foundationModelArn: fm("ca-central-1", HAIKU_3) },
    ]);
  });

  it("answers a model past its end of life in a region with AWS's end-of-life error, and serves it before", () => {
    const eol = "This model version has reached the end of its life. Please refer to the AWS documentation for more details.";
    const before = Date.parse("2026-08-01T00:00:00Z");
    expect(() => resolveInvocationTarget(HAIKU_3, from("us-east-1"))).toThrow(eol);
    expect(() => resolveInvocationTarget(HAIKU_3, from("us-east-1"))).toThrow(
      expect.objectContaining({ name: "ResourceNotFoundException" }),
    );
    expect(() => resolveInvocationTarget(`us.${HAIKU_3}`, from("us-east-1"))).toThrow(eol);
    expect(resolveProfile(`us.${HAIKU_3}`, from("us-east-1"))).toBeUndefined();
    expect(resolveInvocationTarget(HAIKU_3, from("us-east-1", { now: before })).destinations).toHaveLength(1);
    expect(resolveInvocationTarget(`us.${HAIKU_3}`, from("us-east-1", { now: before })).profile?.id).toBe(`us.${HAIKU_3}`);
  });

  it("adds a fault's extra destination region to the profile's destinations, for that profile only", () => {
    const extra = { extraDestinations: (id: string) => (id === `us.${SONNET}` ? ["ca-central-1"] : []) };
    const target = resolveInvocationTarget(`us.${SONNET}`, from("us-east-1", extra));
    expect(target.destinations.map((d) => d.region)).toEqual(["us-east-1", "us-east-2", "us-west-2", "ca-central-1"]);
    expect(target.profile?.listedModelArns).toContain(fm("ca-central-1"));
    expect(resolveInvocationTarget(`us.${OPUS}`, from("us-east-1", extra)).destinations.map((d) => d.region)).not.toContain("ca-central-1");
  });
});

describe("catalog data file", () => {
  const copy = (): CatalogFile => parseCatalog(structuredClone(rawCatalog));
  const invalid = (edit: (c: CatalogFile) => void) => {
    const c = copy();
    edit(c);
    return () => parseCatalog(c);
  };
  const sonnet = (c: CatalogFile) => c.models.find((m) => m.modelId === SONNET)!;

  it("loads the shipped file: every model names its sources, and the ones the project needs are there", () => {
    expect(() => parseCatalog(rawCatalog)).not.toThrow();
    expect(MODELS.map((m) => m.modelId)).toEqual(
      expect.arrayContaining([
        OPUS,
        SONNET,
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        "anthropic.claude-opus-4-5-20251101-v1:0",
        "anthropic.claude-haiku-4-5-20251001-v1:0",
        "anthropic.claude-opus-4-1-20250805-v1:0",
        "anthropic.claude-sonnet-4-20250514-v1:0",
        HAIKU_3,
      ]),
    );
    for (const m of MODELS) expect(m.sources.length).toBeGreaterThan(0);
  });

  it("holds the geographies the sources give, not one table for every model", () => {
    expect(profileGeographies(findModel(SONNET)!)).toEqual(["us", "eu", "jp", "au", "global"]);
    expect(profileGeographies(findModel(OPUS)!)).toEqual(["us", "eu", "au", "global"]);
    expect(profileGeographies(findModel("anthropic.claude-sonnet-4-5-20250929-v1:0")!)).toEqual(["us", "eu", "jp", "au", "global"]);
    expect(profileGeographies(findModel("anthropic.claude-opus-4-1-20250805-v1:0")!)).toEqual(["us"]);
    expect(profileGeographies(findModel(HAIKU_3)!)).toEqual(["us", "eu"]);
  });

  it("rejects a source Region missing from its own destinations", () => {
    expect(
      invalid((c) => {
        sonnet(c).profiles.us!.routes["us-east-1"] = ["us-east-2", "us-west-2"];
      }),
    ).toThrow(/us\.anthropic\.claude-sonnet-4-6: source Region us-east-1 is not among its own destinations/);
  });

  it("rejects an unknown source id, a Region listed twice, a malformed Region and an unknown geography", () => {
    expect(invalid((c) => sonnet(c).sources.push("nowhere"))).toThrow(/unknown source nowhere/);
    expect(
      invalid((c) => {
        sonnet(c).profiles.eu!.routes["eu-west-1"].push("eu-west-1");
      }),
    ).toThrow(/a Region is listed twice/);
    expect(invalid((c) => sonnet(c).onDemandRegions.push("London"))).toThrow(/expected an AWS Region code/);
    expect(invalid((c) => Object.assign(sonnet(c).profiles, { mars: { routes: { "us-east-1": ["us-east-1"] } } }))).toThrow(/mars/);
  });

  it("rejects a duplicate model, a LEGACY model without its schedule, and a schedule ending before it starts", () => {
    expect(invalid((c) => c.models.push(sonnet(c)))).toThrow(/anthropic\.claude-sonnet-4-6 is listed twice/);
    expect(invalid((c) => (sonnet(c).lifecycle = { status: "LEGACY" }))).toThrow(/a LEGACY model needs its legacy schedule/);
    expect(
      invalid(
        (c) =>
          (sonnet(c).lifecycle = { status: "LEGACY", legacy: { since: "2027-01-01", endOfLife: "2026-01-01", regions: ["us-east-1"] } }),
      ),
    ).toThrow(/legacy.since must come before legacy.endOfLife/);
  });

  it("reports lifecycle per region from the Legacy schedule", () => {
    const sonnet45 = findModel("anthropic.claude-sonnet-4-5-20250929-v1:0")!;
    expect(lifecycleIn(sonnet45, "us-east-1", NOW)).toBe("LEGACY");
    expect(lifecycleIn(sonnet45, "me-central-1", NOW)).toBe("ACTIVE");
    expect(modelLifecycleJson(sonnet45, "us-east-1", NOW)).toEqual({
      status: "LEGACY",
      legacyTime: "2026-10-08T00:00:00.000Z",
      publicExtendedAccessTime: "2027-01-08T00:00:00.000Z",
      endOfLifeTime: "2027-04-08T00:00:00.000Z",
    });
    expect(modelLifecycleJson(findModel(SONNET)!, "us-east-1", NOW)).toEqual({ status: "ACTIVE" });
    expect(lifecycleIn(findModel(HAIKU_3)!, "us-east-1", NOW)).toBe("EOL");
    expect(lifecycleIn(findModel(HAIKU_3)!, "ca-central-1", NOW)).toBe("ACTIVE");
  });
});

describe("protocol", () => {
  it("takes access key, region and session token from the SigV4 headers", () => {
    expect(
      parseSigV4({
        authorization: "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260101/eu-west-1/bedrock/aws4_request, SignedHeaders=host, Signature=abc",
        "x-amz-security-token": "token",
      }),
    ).toEqual({ accessKeyId: "ASIAEXAMPLE", region: "eu-west-1", service: "bedrock", sessionToken: "token" });
    expect(() => parseSigV4({})).toThrow("Missing Authentication Token");
  });

  it("routes percent-encoded model ARNs to the runtime operations", () => {
    const arn = `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.${SONNET}`;
    const match = matchRoute(ROUTES, "POST", `/model/${encodeURIComponent(arn)}/converse`);
    expect(match?.route.operation).toBe("Converse");
    expect(match?.params).toEqual({ modelId: arn });
    expect(matchRoute(ROUTES, "DELETE", "/use-case-for-model-access")).toBeUndefined();
  });
});

describe("faults", () => {
  it("draws the same throttling sequence from the same seed, only for the listed operations", async () => {
    const outcomes = async (seed: number) => {
      const faults = new FaultInjector({ ...DEFAULT_FAULTS, throttleRate: 0.5, operations: ["Converse"] }, seed);
      const results: string[] = [];
      for (let i = 0; i < 12; i++)
        results.push(
          await faults.beforeOperation("Converse").then(
            () => "ok",
            (e: Error) => e.name,
          ),
        );
      await expect(faults.beforeOperation("ListFoundationModels")).resolves.toBeUndefined();
      return results;
    };
    const first = await outcomes(3);
    expect(await outcomes(3)).toEqual(first);
    expect(new Set(first)).toEqual(new Set(["ok", "ThrottlingException"]));
  });

  it("names the field and what was expected in a bad fault config", () => {
    expect(() => parseFaultPatch({ throttleRate: 2 })).toThrow(/throttleRate/);
    expect(() => parseFaultPatch({ scpDenyMarketplaceAccounts: ["12"] })).toThrow(/expected a 12-digit account id/);
    expect(() => parseFaultPatch({ nonsense: true })).toThrow(/nonsense/);
    expect(() => parseFaultPatch({ extraDestinations: { [`apac.${SONNET}`]: ["ap-east-1"] } })).toThrow(
      /expected the id of a system-defined inference profile/,
    );
    expect(() => parseFaultPatch({ extraDestinations: { [`us.${SONNET}`]: ["Canada"] } })).toThrow(/expected an AWS Region code/);
  });

  it("keeps extra destination regions per profile id", () => {
    const patch = parseFaultPatch({ extraDestinations: { [`us.${SONNET}`]: ["ca-central-1"] } });
    const faults = new FaultInjector({ ...DEFAULT_FAULTS, ...patch }, 1);
    expect(faults.extraDestinations(`us.${SONNET}`)).toEqual(["ca-central-1"]);
    expect(faults.extraDestinations(`eu.${SONNET}`)).toEqual([]);
    faults.update({}, "replace");
    expect(faults.extraDestinations(`us.${SONNET}`)).toEqual([]);
  });
});
