import {
  BedrockClient,
  ConflictException,
  CreateFoundationModelAgreementCommand,
  GetFoundationModelAvailabilityCommand,
  ListFoundationModelAgreementOffersCommand,
  type GetFoundationModelAvailabilityCommandOutput,
} from "@aws-sdk/client-bedrock";
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  InternalServerException,
  ModelNotReadyException,
  ResourceNotFoundException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { enableAccount, type AccountOptions } from "../../lib/enablement/enable/enable-account";
import type { AgreementStatus } from "../../lib/domain/agreement";
import { SdkEnablementAws } from "../../lib/enablement/aws/sdk-adapter";
import { buildTargets, type AccountTarget } from "../../lib/enablement/targets";
import { DEFAULT_ENABLE_OPTIONS } from "../../lib/enablement/options";
import { accessKeyId, stsAccessDenied } from "./fake-org";
import { captureLog, CI_ID, fakeClock, firstUseRole, OPUS, outputsFor, runtimeRole, SONNET, stepContext, testConfig } from "./fixtures";

const sts = mockClient(STSClient);
const bedrock = mockClient(BedrockClient);
const runtime = mockClient(BedrockRuntimeClient);

const config = testConfig();
const stacks = new Map(Object.entries(outputsFor(config)).map(([stack, outputs]) => [stack, { stack, source: "outputs.json", outputs }]));
/** ci, narrowed to one profile: us.anthropic.claude-opus-4-6-v1 in us-east-1, with a pipeline-assumable runtime role. */
const account: AccountTarget = buildTargets(config, stacks, { accounts: ["ci"], models: [OPUS] }).accounts[0];
const research: AccountTarget = buildTargets(config, stacks, { accounts: ["research"], models: [SONNET] }).accounts[0];
const options: AccountOptions = { ...DEFAULT_ENABLE_OPTIONS, formJustSubmitted: false };

const availability = (status: AgreementStatus): GetFoundationModelAvailabilityCommandOutput => ({
  modelId: OPUS,
  agreementAvailability: { status, ...(status === "ERROR" && { errorMessage: "Payment instrument declined" }) },
  authorizationStatus: "AUTHORIZED",
  entitlementAvailability: "AVAILABLE",
  regionAvailability: "AVAILABLE",
  $metadata: {},
});
const ok = {
  output: { message: { role: "assistant" as const, content: [{ text: "OK" }] } },
  stopReason: "end_turn" as const,
  usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
  metrics: { latencyMs: 812 },
};

function run(target = account, overrides: Partial<AccountOptions> = {}) {
  const log = captureLog();
  const clock = fakeClock();
  const ctx = stepContext({ aws: new SdkEnablementAws({ stsRegion: "us-east-1" }), log, clock });
  return { log, clock, result: enableAccount(target, { ...options, ...overrides }, ctx) };
}

beforeEach(() => {
  sts.reset();
  bedrock.reset();
  runtime.reset();
  let n = 0;
  sts
    .on(AssumeRoleCommand)
    .callsFake(() => ({
      Credentials: { AccessKeyId: accessKeyId(++n), SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(0) },
    }));
  runtime.on(ConverseCommand).resolves(ok);
});

describe("first use (step 2)", () => {
  it("skips the invocation when the agreement is already AVAILABLE", async () => {
    bedrock.on(GetFoundationModelAvailabilityCommand).resolves(availability("AVAILABLE"));

    const report = await run().result;

    expect(report.profiles[0]).toMatchObject({
      status: "already-enabled",
      action: "none",
      agreement: "AVAILABLE",
      proof: { status: "skipped" },
    });
    expect(bedrock).toHaveReceivedCommandWith(GetFoundationModelAvailabilityCommand, { modelId: OPUS });
    expect(runtime).not.toHaveReceivedCommand(ConverseCommand);
  });

  it("invokes the profile once with the first-use role, then waits for AVAILABLE and proves the runtime role", async () => {
    bedrock
      .on(GetFoundationModelAvailabilityCommand)
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
    expect(runtime).toHaveReceivedCommandTimes(ConverseCommand, 2);
    expect(runtime).toHaveReceivedNthSpecificCommandWith(1, ConverseCommand, {
      modelId: `us.${OPUS}`,
      messages: [{ role: "user", content: [{ text: "Reply with OK only." }] }],
      inferenceConfig: { maxTokens: 8, temperature: 0 },
    });
    expect(sts).toHaveReceivedNthSpecificCommandWith(1, AssumeRoleCommand, {
      RoleArn: firstUseRole(CI_ID),
      RoleSessionName: "bedrock-org-access-enable-test",
    });
    expect(sts).toHaveReceivedNthSpecificCommandWith(2, AssumeRoleCommand, { RoleArn: runtimeRole(CI_ID) });
    expect(clock.slept).toEqual([10_000, 10_000]);
  });

  it("invokes again with --force-invoke although the agreement is AVAILABLE", async () => {
    bedrock.on(GetFoundationModelAvailabilityCommand).resolves(availability("AVAILABLE"));

    const report = await run(account, { forceInvoke: true }).result;

    expect(report.profiles[0]).toMatchObject({ status: "enabled", action: "invoked" });
    expect(runtime).toHaveReceivedCommandTimes(ConverseCommand, 2);
  });

  it("with --strategy agreement, accepts the model's offer instead of sending a prompt", async () => {
    bedrock.on(GetFoundationModelAvailabilityCommand).resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("AVAILABLE"));
    bedrock
      .on(ListFoundationModelAgreementOffersCommand)
      .resolves({ modelId: OPUS, offers: [{ offerId: "o", offerToken: "offer-token-1", termDetails: undefined }] });
    bedrock.on(CreateFoundationModelAgreementCommand).resolves({ modelId: OPUS });

    const report = await run(account, { strategy: "agreement" }).result;

    expect(report.profiles[0]).toMatchObject({ status: "enabled", action: "agreement-created", proof: { status: "passed" } });
    expect(bedrock).toHaveReceivedCommandWith(CreateFoundationModelAgreementCommand, { modelId: OPUS, offerToken: "offer-token-1" });
    expect(runtime).toHaveReceivedCommandTimes(ConverseCommand, 1);
  });

  it("treats 'Agreement already exists' as success", async () => {
    bedrock.on(GetFoundationModelAvailabilityCommand).resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("AVAILABLE"));
    bedrock
      .on(ListFoundationModelAgreementOffersCommand)
      .resolves({ modelId: OPUS, offers: [{ offerToken: "t", termDetails: undefined }] });
    bedrock
      .on(CreateFoundationModelAgreementCommand)
      .rejects(new ConflictException({ message: "Agreement already exists", $metadata: {} }));

    const report = await run(account, { strategy: "agreement" }).result;

    expect(report.profiles[0].status).toBe("enabled");
  });

  it("fails with no-agreement-offer when AWS lists no offer", async () => {
    bedrock.on(GetFoundationModelAvailabilityCommand).resolves(availability("NOT_AVAILABLE"));
    bedrock.on(ListFoundationModelAgreementOffersCommand).resolves({ modelId: OPUS, offers: [] });

    const report = await run(account, { strategy: "agreement" }).result;

    expect(report.profiles[0].error).toMatchObject({
      kind: "no-agreement-offer",
      message: expect.stringMatching(/lists no agreement offer .*--strategy invoke/),
    });
  });

  it("goes on to verification when Converse says the agreement is being created", async () => {
    bedrock.on(GetFoundationModelAvailabilityCommand).resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("AVAILABLE"));
    runtime
      .on(ConverseCommand)
      .rejectsOnce(
        new AccessDeniedException({ message: "Your AWS Marketplace subscription for this model is still being processed", $metadata: {} })
      )
      .resolves(ok);

    const report = await run().result;

    expect(report.profiles[0]).toMatchObject({ status: "enabled", action: "invoked", proof: { status: "passed" } });
  });

  it("waits for a form this run submitted to take effect before giving up on FTUFormNotFilled", async () => {
    bedrock.on(GetFoundationModelAvailabilityCommand).resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("AVAILABLE"));
    const ftu = new ResourceNotFoundException({
      message: "FTUFormNotFilled: Model use case details have not been submitted for this account.",
      $metadata: {},
    });
    runtime.on(ConverseCommand).rejectsOnce(ftu).rejectsOnce(ftu).resolves(ok);

    const { clock, result } = run(account, { formJustSubmitted: true });
    const report = await result;

    expect(report.profiles[0].status).toBe("enabled");
    expect(clock.slept).toEqual([10_000, 10_000]);
  });
});

describe("errors of the first-use step, one per account, profile by profile", () => {
  beforeEach(() => {
    bedrock.on(GetFoundationModelAvailabilityCommand).resolves(availability("NOT_AVAILABLE"));
  });

  it.each([
    [
      "marketplace-denied",
      new AccessDeniedException({
        message:
          "Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.",
        $metadata: {},
      }),
      /first-use role arn:aws:iam::222222222222:role\/bedrock\/bedrock-first-use in account ci \(222222222222\), us-east-1 may not create the AWS Marketplace agreement/,
    ],
    [
      "use-case-form-missing",
      new ResourceNotFoundException({
        message: "FTUFormNotFilled: Model use case details have not been submitted for this account.",
        $metadata: {},
      }),
      /use-case form is not in effect/,
    ],
    [
      "invoke-denied",
      new AccessDeniedException({
        message: `not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-west-1::foundation-model/${OPUS}`,
        $metadata: {},
      }),
      /may not invoke us.anthropic.claude-opus-4-6-v1/,
    ],
    [
      "model-not-offered",
      new ValidationException({ message: "The provided model identifier is invalid.", $metadata: {} }),
      /not offered or not callable here/,
    ],
  ])("reports %s with an actionable message", async (kind, error, message) => {
    runtime.on(ConverseCommand).rejects(error);
    const { log, result } = run();

    const report = await result;

    expect(report.profiles[0]).toMatchObject({ status: "failed", error: { kind, message: expect.stringMatching(message) } });
    expect(log.text()).toMatch(message);
    expect(runtime).toHaveReceivedCommandTimes(ConverseCommand, 1);
  });

  it.each([
    ["ThrottlingException", new ThrottlingException({ message: "Too many requests", $metadata: { httpStatusCode: 429 } })],
    ["ServiceUnavailableException", new ServiceUnavailableException({ message: "unavailable", $metadata: { httpStatusCode: 503 } })],
    ["ModelNotReadyException", new ModelNotReadyException({ message: "warming up", $metadata: { httpStatusCode: 429 } })],
    ["InternalServerException", new InternalServerException({ message: "oops", $metadata: { httpStatusCode: 500 } })],
  ])("retries %s with backoff, then succeeds", async (_name, error) => {
    bedrock.on(GetFoundationModelAvailabilityCommand).resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("AVAILABLE"));
    runtime.on(ConverseCommand).rejectsOnce(error).resolves(ok);
    const { clock, result } = run();

    const report = await result;

    expect(report.profiles[0].status).toBe("enabled");
    expect(clock.slept[0]).toBe(500);
  });

  it("gives up on a persistent throttle after the bounded attempts and says so", async () => {
    runtime.on(ConverseCommand).rejects(new ThrottlingException({ message: "Too many requests", $metadata: { httpStatusCode: 429 } }));

    const report = await run().result;

    expect(runtime).toHaveReceivedCommandTimes(ConverseCommand, 3);
    expect(report.profiles[0].error).toMatchObject({ kind: "transient", code: "ThrottlingException" });
  });

  it("fails the whole account, naming the role, when the first-use role cannot be assumed", async () => {
    sts.on(AssumeRoleCommand).rejects(stsAccessDenied(`not authorized to perform: sts:AssumeRole on resource: ${firstUseRole(CI_ID)}`));

    const report = await run().result;

    expect(report.error).toMatchObject({
      kind: "assume-role-denied",
      message: expect.stringMatching(/cannot assume first-use role arn:aws:iam::222222222222:role\/bedrock\/bedrock-first-use/),
    });
    expect(report.profiles.every((p) => p.status === "failed")).toBe(true);
    expect(bedrock).not.toHaveReceivedCommand(GetFoundationModelAvailabilityCommand);
  });
});

describe("verification (step 3)", () => {
  it("reports pending, not failed outright, when the agreement stays PENDING past --wait-timeout", async () => {
    bedrock.on(GetFoundationModelAvailabilityCommand).resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("PENDING"));
    const { clock, result } = run(account, { waitTimeoutMs: 60_000, pollIntervalMs: 15_000 });

    const report = await result;

    expect(report.profiles[0]).toMatchObject({ status: "pending", agreement: "PENDING", error: { kind: "agreement-timeout" } });
    expect(report.profiles[0].error?.message).toMatch(/still PENDING after 60 s.*raise --wait-timeout/);
    expect(clock.slept).toEqual([15_000, 15_000, 15_000, 15_000]);
    expect(runtime).toHaveReceivedCommandTimes(ConverseCommand, 1);
  });

  it("fails with the agreement's error message when it ends in ERROR", async () => {
    bedrock.on(GetFoundationModelAvailabilityCommand).resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("ERROR"));

    const report = await run().result;

    expect(report.profiles[0].error).toMatchObject({
      kind: "agreement-failed",
      message: expect.stringMatching(/failed \(Payment instrument declined\)/),
    });
  });

  it("skips the runtime-role proof, with a note, when no runtime role is pipeline-assumable", async () => {
    bedrock
      .on(GetFoundationModelAvailabilityCommand)
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
    bedrock.on(GetFoundationModelAvailabilityCommand).resolvesOnce(availability("NOT_AVAILABLE")).resolves(availability("AVAILABLE"));
    runtime
      .on(ConverseCommand)
      .resolvesOnce(ok)
      .rejects(
        new AccessDeniedException({
          message: "not authorized to perform the required AWS Marketplace actions (aws-marketplace:Subscribe)",
          $metadata: {},
        })
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
