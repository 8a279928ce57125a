import type { PrincipalPolicies } from "../../sandbox/bedrock-emulator/aws/identity-policies";
import { decodePolicyDocument } from "../../sandbox/bedrock-emulator/aws/identity-policies";
import { parsePrincipal } from "../../sandbox/bedrock-emulator/aws/principal";
import { DEFAULT_FAULTS, FaultInjector, parseFaultPatch } from "../../sandbox/bedrock-emulator/faults";
import { evaluateAccess } from "../../sandbox/bedrock-emulator/iam/evaluate";
import { resolveInvocationTarget } from "../../sandbox/bedrock-emulator/model-target";
import { ROUTES } from "../../sandbox/bedrock-emulator/operations/routes";
import { matchRoute } from "../../sandbox/bedrock-emulator/operations/router";
import { parseSigV4 } from "../../sandbox/bedrock-emulator/protocol/sigv4";

const ACCOUNT = "222222222222";
const CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/bedrock-first-use/s`;
const SONNET = "anthropic.claude-sonnet-4-6";

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
  const from = (region: string) => ({ region, account: ACCOUNT, isUnavailable: () => false });

  it("routes a us profile to every US region, with the profile ARN in the caller's account and region", () => {
    const target = resolveInvocationTarget(`us.${SONNET}`, from("us-east-2"));
    expect(target.profile?.arn).toBe(`arn:aws:bedrock:us-east-2:${ACCOUNT}:inference-profile/us.${SONNET}`);
    expect(target.destinations.map((d) => d.foundationModelArn)).toEqual(
      ["us-east-1", "us-east-2", "us-west-1", "us-west-2"].map((r) => `arn:aws:bedrock:${r}::foundation-model/${SONNET}`),
    );
  });

  it("routes a global profile to the source region and the region-less ARN", () => {
    const target = resolveInvocationTarget(`global.${SONNET}`, from("sa-east-1"));
    expect(target.destinations.map((d) => d.foundationModelArn)).toEqual([
      `arn:aws:bedrock:sa-east-1::foundation-model/${SONNET}`,
      `arn:aws:bedrock:::foundation-model/${SONNET}`,
    ]);
  });

  it("rejects profiles outside their geography, foreign profile ARNs and unavailable models", () => {
    expect(() => resolveInvocationTarget(`eu.${SONNET}`, from("us-east-1"))).toThrow("The provided model identifier is invalid.");
    expect(() =>
      resolveInvocationTarget(`arn:aws:bedrock:us-east-1:333333333333:inference-profile/us.${SONNET}`, from("us-east-1")),
    ).toThrow("The provided model identifier is invalid.");
    expect(() => resolveInvocationTarget(`us.${SONNET}`, { ...from("us-east-1"), isUnavailable: () => true })).toThrow(
      "The provided model identifier is invalid.",
    );
  });

  it("allows direct invocation only where the model has on-demand throughput", () => {
    expect(() => resolveInvocationTarget(SONNET, from("us-east-1"))).toThrow(/on-demand throughput isn't supported/);
    expect(resolveInvocationTarget("anthropic.claude-3-haiku-20240307-v1:0", from("us-east-1")).destinations).toEqual([
      { region: "us-east-1", foundationModelArn: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0" },
    ]);
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
  });
});
