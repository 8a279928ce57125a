import { enableAccount, type AccountOptions } from "../../lib/enablement/enable/enable-account";
import type { AgreementStatus } from "../../lib/domain/agreement";
import { AwsCallError, type ConverseReply, type ModelAvailability } from "../../lib/enablement/aws/port";
import { buildTargets, type AccountTarget } from "../../lib/enablement/targets";
import { DEFAULT_ENABLE_OPTIONS } from "../../lib/enablement/options";
import { FakeOrg } from "./fake-org";
import { CI_ID, enablementConfig, firstUseRole, OPUS, outputsFor, runtimeRole, SONNET } from "../helpers/fixtures";
import { captureLog, fakeClock, stepContext } from "./harness";

const config = enablementConfig();
const stacks = new Map(Object.entries(outputsFor(config)).map(([stack, outputs]) => [stack, { stack, source: "outputs.json", outputs }]));
/** ci, narrowed to one profile: us.anthropic.claude-opus-4-6-v1 in us-east-1, with a pipeline-assumable runtime role. */
const account: AccountTarget = buildTargets(config, stacks, { accounts: ["ci"], models: [OPUS] }).accounts[0];
const research: AccountTarget = buildTargets(config, stacks, { accounts: ["research"], models: [SONNET] }).accounts[0];
const options: AccountOptions = { ...DEFAULT_ENABLE_OPTIONS, formJustSubmitted: false };
let aws: FakeOrg;

const availability = (status: AgreementStatus): ModelAvailability => ({
  modelId: OPUS,
  agreement: status,
  ...(status === "ERROR" && { agreementMessage: "Payment instrument declined" }),
  authorized: true,
  entitled: true,
  regionAvailable: true,
});
const ok: ConverseReply = { text: "OK", latencyMs: 812 };
/** A Converse failure as SdkEnablementAws reports the runtime's exception. */
const converseError = (code: string, message: string, httpStatus?: number) => new AwsCallError("converse", code, message, httpStatus);

function run(target = account, overrides: Partial<AccountOptions> = {}) {
  const log = captureLog();
  const clock = fakeClock();
  const ctx = stepContext({ aws, log, clock });
  return { log, clock, result: enableAccount(target, { ...options, ...overrides }, ctx) };
}

beforeEach(() => {
  aws = new FakeOrg();
  aws.on("converse").resolves(ok);
});

describe("first use (step 2)", () => {
  it("skips the invocation when the agreement is already AVAILABLE", async () => {
    aws.on("getAvailability").resolves(availability("AVAILABLE"));

    const report = await run().result;

    expect(report.profiles[0]).toMatchObject({
      status: "already-enabled",
      action: "none",
      agreement: "AVAILABLE",
      proof: { status: "skipped" },
    });
    expect(aws.calls("getAvailability")).toContainEqual({ modelId: OPUS });
    expect(aws.calls("converse")).toHaveLength(0);
  });

  it("invokes the profile once with the first-use role, then waits for AVAILABLE and proves the runtime role", async () => {
    aws
      .on("getAvailability")
      .resolvesOnce(availability("NOT_AVAILABLE"))
      .resolvesOnce(availability("PENDING"))
      .resolvesOnce(availability("PENDING"))
      .resolves(availability("AVAILABLE"));
    const { clock, result } = run();

    const report = await result;

    expect(report.profiles[0]).toMatchObject({
      status: "enabled",
      action: "invoked",
      agreement: "AVAILABLE",
      latencyMs: 812,
      answer: "OK",
      proof: { status: "passed", roleArn: runtimeRole(CI_ID), latencyMs: 812 },
    });
    expect(aws.calls("converse")).toHaveLength(2);
    expect(aws.calls("converse")[0]).toEqual({ modelId: `us.${OPUS}`, prompt: "Reply with OK only.", maxTokens: 8 });
    expect(aws.calls("assumeRole")[0]).toEqual({ roleArn: firstUseRole(CI_ID), sessionName: "bedrock-org-access-enable-test" });
    expect(aws.calls("assumeRole")[1]).toMatchObject({ roleArn: runtimeRole(CI_ID) });
    expect(aws.history.filter((call) => call.operation === "converse").map((call) => call.roleArn)).toEqual([
      firstUseRole(CI_ID),
      runtimeRole(CI_ID),
    ]);
    // The agreement scheduler reads it 1 s after the first use, then 2 s and 4 s later (an agreement just made reads
    // PENDING: no read at once, as before issue 22), the third read finding it AVAILABLE.
    expect(clock.slept).toEqual([1_000, 2_000, 4_000]);
  });

  it("invokes again with --force-invoke although the agreement is AVAILABLE", async () => {
    aws.on("getAvailability").resolves(availability("AVAILABLE"));

    const report = await run(account, { forceInvoke: true }).result;

    expect(report.profiles[0]).toMatchObject({ status: "enabled", action: "invoked" });
    expect(aws.calls("converse")).toHaveLength(2);
  });

  it("with --strategy agreement, accepts the model's offer instead of sending a prompt", async () => {
    aws.on("getAvailability").resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("AVAILABLE"));
    aws.on("listAgreementOffers").resolves([{ offerId: "o", offerToken: "offer-token-1" }]);
    aws.on("createAgreement").resolves(undefined);

    const report = await run(account, { strategy: "agreement" }).result;

    expect(report.profiles[0]).toMatchObject({ status: "enabled", action: "agreement-created", proof: { status: "passed" } });
    expect(aws.calls("createAgreement")).toContainEqual({ modelId: OPUS, offerToken: "offer-token-1" });
    expect(aws.calls("converse")).toHaveLength(1);
  });

  it("treats 'Agreement already exists' as success", async () => {
    aws.on("getAvailability").resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("AVAILABLE"));
    aws.on("listAgreementOffers").resolves([{ offerToken: "t" }]);
    aws.on("createAgreement").rejects(new AwsCallError("createAgreement", "ConflictException", "Agreement already exists"));

    const report = await run(account, { strategy: "agreement" }).result;

    expect(report.profiles[0].status).toBe("enabled");
  });

  it("fails with no-agreement-offer when AWS lists no offer", async () => {
    aws.on("getAvailability").resolves(availability("NOT_AVAILABLE"));
    aws.on("listAgreementOffers").resolves([]);

    const report = await run(account, { strategy: "agreement" }).result;

    expect(report.profiles[0].error).toMatchObject({
      kind: "no-agreement-offer",
      message: expect.stringMatching(/lists no agreement offer .*--strategy invoke/),
    });
  });

  it("goes on to verification when Converse says the agreement is being created", async () => {
    aws.on("getAvailability").resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("AVAILABLE"));
    aws
      .on("converse")
      .rejectsOnce(converseError("AccessDeniedException", "Your AWS Marketplace subscription for this model is still being processed"))
      .resolves(ok);

    const report = await run().result;

    expect(report.profiles[0]).toMatchObject({ status: "enabled", action: "invoked", proof: { status: "passed" } });
  });

  it("waits for a form this run submitted to take effect before giving up on FTUFormNotFilled", async () => {
    aws.on("getAvailability").resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("AVAILABLE"));
    const ftu = converseError(
      "ResourceNotFoundException",
      "FTUFormNotFilled: Model use case details have not been submitted for this account.",
    );
    aws.on("converse").rejectsOnce(ftu).rejectsOnce(ftu).resolves(ok);

    const { clock, result } = run(account, { formJustSubmitted: true });
    const report = await result;

    expect(report.profiles[0].status).toBe("enabled");
    // Two waits for the form, then the agreement scheduler's first read, 1 s after the first use.
    expect(clock.slept).toEqual([1_000, 2_000, 1_000]);
  });
});

describe("errors of the first-use step, one per account, profile by profile", () => {
  beforeEach(() => {
    aws.on("getAvailability").resolves(availability("NOT_AVAILABLE"));
  });

  it.each([
    [
      "marketplace-denied",
      converseError(
        "AccessDeniedException",
        "Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.",
      ),
      /first-use role arn:aws:iam::222222222222:role\/bedrock\/bedrock-first-use in account ci \(222222222222\), us-east-1 may not create the AWS Marketplace agreement/,
    ],
    [
      "use-case-form-missing",
      converseError("ResourceNotFoundException", "FTUFormNotFilled: Model use case details have not been submitted for this account."),
      /use-case form is not in effect/,
    ],
    [
      "invoke-denied",
      converseError(
        "AccessDeniedException",
        `not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-west-1::foundation-model/${OPUS}`,
      ),
      /may not invoke us.anthropic.claude-opus-4-6-v1/,
    ],
    [
      "model-not-offered",
      converseError("ValidationException", "The provided model identifier is invalid."),
      /not offered or not callable here/,
    ],
  ])("reports %s with an actionable message", async (kind, error, message) => {
    aws.on("converse").rejects(error);
    const { log, result } = run();

    const report = await result;

    expect(report.profiles[0]).toMatchObject({ status: "failed", error: { kind, message: expect.stringMatching(message) } });
    expect(log.text()).toMatch(message);
    expect(aws.calls("converse")).toHaveLength(1);
  });

  it.each([
    ["ThrottlingException", converseError("ThrottlingException", "Too many requests", 429)],
    ["ServiceUnavailableException", converseError("ServiceUnavailableException", "unavailable", 503)],
    ["ModelNotReadyException", converseError("ModelNotReadyException", "warming up", 429)],
    ["InternalServerException", converseError("InternalServerException", "oops", 500)],
  ])("retries %s with backoff, then succeeds", async (_name, error) => {
    aws.on("getAvailability").resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("AVAILABLE"));
    aws.on("converse").rejectsOnce(error).resolves(ok);
    const { clock, result } = run();

    const report = await result;

    expect(report.profiles[0].status).toBe("enabled");
    expect(clock.slept[0]).toBe(500);
  });

  it("gives up on a persistent throttle after the bounded attempts and says so", async () => {
    aws.on("converse").rejects(converseError("ThrottlingException", "Too many requests", 429));

    const report = await run().result;

    expect(aws.calls("converse")).toHaveLength(3);
    expect(report.profiles[0].error).toMatchObject({ kind: "transient", code: "ThrottlingException" });
  });

  it("fails the whole account, naming the role, when the first-use role cannot be assumed", async () => {
    aws.deniedRoles.add(firstUseRole(CI_ID));

    const report = await run().result;

    expect(report.error).toMatchObject({
      kind: "assume-role-denied",
      message: expect.stringMatching(/cannot assume first-use role arn:aws:iam::222222222222:role\/bedrock\/bedrock-first-use/),
    });
    expect(report.profiles.every((p) => p.status === "failed")).toBe(true);
    expect(aws.calls("getAvailability")).toHaveLength(0);
  });
});

describe("idempotency by state", () => {
  it("waits for an agreement already PENDING without invoking again, then proves the runtime role", async () => {
    aws
      .on("getAvailability")
      .resolvesOnce(availability("PENDING"))
      .resolvesOnce(availability("PENDING"))
      .resolves(availability("AVAILABLE"));

    const report = await run().result;

    expect(report.profiles[0]).toMatchObject({ status: "enabled", action: "none", agreement: "AVAILABLE", proof: { status: "passed" } });
    expect(aws.history.filter((c) => c.operation === "converse").map((c) => c.roleArn)).toEqual([runtimeRole(CI_ID)]);
  });

  it("proves a profile whose agreement a sibling profile of the same model created during this run", async () => {
    const sonnet = buildTargets(config, stacks, { accounts: ["ci"], models: [SONNET] }).accounts[0];
    aws.marketplaceRoles.add(firstUseRole(CI_ID));
    aws
      .on("getAvailability")
      .resolvesOnce(availability("NOT_AVAILABLE"))
      .resolvesOnce(availability("AVAILABLE"))
      .resolves(availability("AVAILABLE"));

    const report = await run(sonnet).result;

    expect(report.profiles.map((p) => [p.invocationId, p.status, p.action, p.proof.status])).toEqual([
      [`us.${SONNET}`, "enabled", "invoked", "passed"],
      [`global.${SONNET}`, "enabled", "none", "passed"],
    ]);
  });
});

describe("verification (step 3)", () => {
  it("reports pending, not failed outright, when the agreement stays PENDING past --wait-timeout", async () => {
    aws.on("getAvailability").resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("PENDING"));
    const { clock, result } = run(account, { waitTimeoutMs: 60_000, pollIntervalMs: 15_000 });

    const report = await result;

    expect(report.profiles[0]).toMatchObject({ status: "pending", agreement: "PENDING", error: { kind: "agreement-timeout" } });
    expect(report.profiles[0].error?.message).toMatch(/still PENDING after 60 s.*raise --wait-timeout/);
    // 1, 2, 4, 8 s, then the 15 s interval, until the 60 s wait is used up.
    expect(clock.slept).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
    expect(aws.calls("converse")).toHaveLength(1);
  });

  it("fails with the agreement's error message when it ends in ERROR", async () => {
    aws.on("getAvailability").resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("ERROR"));

    const report = await run().result;

    expect(report.profiles[0].error).toMatchObject({
      kind: "agreement-failed",
      message: expect.stringMatching(/failed \(Payment instrument declined\)/),
    });
  });

  it("skips the runtime-role proof, with a note, when no runtime role is pipeline-assumable", async () => {
    aws
      .on("getAvailability")
      .resolvesOnce(availability("NOT_AVAILABLE"))
      .resolvesOnce(availability("NOT_AVAILABLE"))
      .resolves(availability("AVAILABLE"));

    const report = await run(research).result;

    expect(report.profiles.map((p) => p.proof)).toEqual([
      { status: "skipped", note: "no runtime role the pipeline may assume (runtime_roles[].pipeline_assumable)" },
      { status: "skipped", note: "no runtime role the pipeline may assume (runtime_roles[].pipeline_assumable)" },
    ]);
    expect(report.profiles.map((p) => p.status)).toEqual(["enabled", "enabled"]);
  });

  it("fails the profile when the runtime role still cannot invoke", async () => {
    aws.on("getAvailability").resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("AVAILABLE"));
    aws
      .on("converse")
      .resolvesOnce(ok)
      .rejects(
        converseError(
          "AccessDeniedException",
          "not authorized to perform the required AWS Marketplace actions (aws-marketplace:Subscribe)",
        ),
      );

    const report = await run().result;

    expect(report.profiles[0]).toMatchObject({
      status: "failed",
      proof: { status: "failed", roleArn: runtimeRole(CI_ID) },
      error: { kind: "marketplace-denied" },
    });
    expect(report.profiles[0].error?.message).toMatch(/^runtime role arn:aws:iam::222222222222:role\/bedrock\/bedrock-runtime/);
  });
});
