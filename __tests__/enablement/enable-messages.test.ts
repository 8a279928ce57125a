import { enableAccount, type AccountOptions } from "../../lib/enablement/enable/enable-account";
import { inspectAccount } from "../../lib/enablement/status/inspect-account";
import type { StepContext } from "../../lib/enablement/context";
import { AwsCallError } from "../../lib/enablement/aws/port";
import { DEFAULT_ENABLE_OPTIONS } from "../../lib/enablement/options";
import { buildTargets, type AccountTarget } from "../../lib/enablement/targets";
import { CI_ID, enablementConfig, firstUseRole, outputsFor, runtimeRole, SONNET } from "../helpers/fixtures";
import { FakeOrg } from "./fake-org";
import { captureLog, fakeClock, stepContext } from "./harness";

/** Enabling a Messages API (bedrock-mantle) profile: proof first, first use through the first-use role, proof again. */
const HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0";
const config = enablementConfig((raw) => {
  raw.models = [
    { id: SONNET, profiles: ["us"] },
    { id: HAIKU, profiles: ["messages"] },
  ];
  raw.accounts = [raw.accounts[0]];
});
const stacks = new Map(Object.entries(outputsFor(config)).map(([stack, outputs]) => [stack, { stack, source: "outputs.json", outputs }]));
const account: AccountTarget = buildTargets(config, stacks, { models: [HAIKU] }).accounts[0];
const options: AccountOptions = { ...DEFAULT_ENABLE_OPTIONS, formJustSubmitted: false };
let aws: FakeOrg;

function run(overrides: Partial<AccountOptions> = {}, target = account, parts: Partial<StepContext> = {}) {
  const ctx = stepContext({ aws, log: captureLog(), clock: fakeClock(), ...parts });
  return enableAccount(target, { ...options, ...overrides }, ctx);
}
const marketplaceDenied = () =>
  new AwsCallError(
    "createMessage",
    "AccessDeniedException",
    "not authorized to perform the required AWS Marketplace actions (aws-marketplace:Subscribe)",
    403,
  );
const messageCalls = () => aws.history.filter((c) => c.operation === "createMessage").map((c) => `${c.roleArn} ${c.region}`);

beforeEach(() => {
  aws = new FakeOrg();
  aws.marketplaceRoles.add(firstUseRole(CI_ID));
});

describe("a Messages API profile", () => {
  it("targets bedrock-mantle's own id for the model in the account region", () => {
    expect(account.profiles).toEqual([
      { region: "us-east-1", modelId: HAIKU, kind: "messages", invocationId: "anthropic.claude-haiku-4-5", grantedRegions: ["us-east-1"] },
    ]);
  });

  it("calls it once through the first-use role, then proves the runtime role, without any bedrock-runtime call", async () => {
    const report = await run();

    expect(report.profiles[0]).toMatchObject({
      status: "enabled",
      kind: "messages",
      action: "invoked",
      agreement: "UNKNOWN",
      answer: "OK",
      proof: { status: "passed", roleArn: runtimeRole(CI_ID) },
    });
    expect(messageCalls()).toEqual([
      `${runtimeRole(CI_ID)} us-east-1`, // not callable yet: denied by the Marketplace gate
      `${firstUseRole(CI_ID)} us-east-1`,
      `${runtimeRole(CI_ID)} us-east-1`,
    ]);
    expect(aws.calls("createMessage")[0]).toEqual({ modelId: "anthropic.claude-haiku-4-5", prompt: "Reply with OK only.", maxTokens: 8 });
    expect(aws.history.map((c) => c.operation)).not.toEqual(expect.arrayContaining(["converse", "getAvailability", "getInferenceProfile"]));
  });

  it("is already enabled when the runtime role's proof answers, and then never calls through the first-use role", async () => {
    await run();
    aws.resetHistory();

    const report = await run();

    expect(report.profiles[0]).toMatchObject({ status: "already-enabled", action: "none", proof: { status: "passed" } });
    expect(messageCalls()).toEqual([`${runtimeRole(CI_ID)} us-east-1`]);
  });

  it("works the same when bedrock-mantle has no Marketplace gate: the first proof answers", async () => {
    aws.messagesAgreement = "none";

    const report = await run();

    expect(report.profiles[0]).toMatchObject({ status: "already-enabled", proof: { status: "passed" } });
    expect(messageCalls()).toEqual([`${runtimeRole(CI_ID)} us-east-1`]);
  });

  it("fails with the invoke policy's fix when no role may call bedrock-mantle:CreateInference", async () => {
    aws.noMessagesRoles.add(runtimeRole(CI_ID)).add(firstUseRole(CI_ID));

    const report = await run();

    expect(report.profiles[0]).toMatchObject({ status: "failed", action: "none", error: { kind: "invoke-denied" } });
    expect(report.profiles[0].error?.message).toMatch(/bedrock-mantle:CreateInference on the account's default project in this region/);
  });

  it("reports marketplace-denied for a first-use role without Marketplace permissions", async () => {
    aws.marketplaceRoles.clear();

    const report = await run();

    expect(report.profiles[0]).toMatchObject({ status: "failed", error: { kind: "marketplace-denied" } });
  });

  it("re-tries the runtime role's proof while the agreement is still being created", async () => {
    aws
      .on("createMessage")
      .rejectsOnce(
        new AwsCallError("createMessage", "AccessDeniedException", "aws-marketplace:Subscribe not allowed (AWS Marketplace actions)", 403),
      )
      .resolvesOnce({ text: "OK", latencyMs: 5 })
      .rejectsOnce(
        new AwsCallError(
          "createMessage",
          "AccessDeniedException",
          "Your AWS Marketplace subscription for this model is still being processed.",
          403,
        ),
      )
      .resolvesOnce({ text: "OK", latencyMs: 7 });

    const report = await run();

    expect(report.profiles[0]).toMatchObject({ status: "enabled", action: "invoked", proof: { status: "passed", latencyMs: 7 } });
    expect(aws.calls("createMessage")).toHaveLength(4);
  });

  it("fails fast, without a first use, when IAM denies the runtime role bedrock-mantle:CreateInference", async () => {
    aws.noMessagesRoles.add(runtimeRole(CI_ID));

    const report = await run();

    expect(report.profiles[0]).toMatchObject({ status: "failed", action: "none", error: { kind: "invoke-denied" } });
    expect(messageCalls()).toEqual([`${runtimeRole(CI_ID)} us-east-1`]);
  });

  it("fails without a first use when the runtime role's call fails for another reason than a refusal", async () => {
    aws.on("createMessage").rejectsOnce(new AwsCallError("createMessage", "ValidationException", "max_tokens: bad", 400));

    const report = await run();

    expect(report.profiles[0]).toMatchObject({ status: "failed", error: { kind: "model-not-offered" } });
    expect(messageCalls()).toHaveLength(1);
  });

  it("with --force-invoke, calls through the first-use role first, then proves", async () => {
    aws.messagesAgreement = "none";

    const report = await run({ forceInvoke: true });

    expect(report.profiles[0]).toMatchObject({ status: "enabled", action: "invoked" });
    expect(messageCalls()).toEqual([`${firstUseRole(CI_ID)} us-east-1`, `${runtimeRole(CI_ID)} us-east-1`]);
  });

  it("without a runtime role the pipeline may assume, calls through the first-use role on every run", async () => {
    const noProof: AccountTarget = { ...account, proofRole: undefined };

    const first = await run({}, noProof);
    const second = await run({}, noProof);

    for (const report of [first, second])
      expect(report.profiles[0]).toMatchObject({ status: "enabled", action: "invoked", proof: { status: "skipped" } });
    expect(messageCalls()).toEqual([`${firstUseRole(CI_ID)} us-east-1`, `${firstUseRole(CI_ID)} us-east-1`]);
  });

  it("starts nothing once the run is interrupted", async () => {
    const report = await run({}, account, { signal: AbortSignal.abort() });

    expect(report.profiles[0]).toMatchObject({ status: "not-enabled", error: { kind: "interrupted" } });
    expect(messageCalls()).toEqual([]);
  });

  it("stops waiting for the runtime role at an interruption, instead of re-trying until --wait-timeout", async () => {
    aws.on("createMessage").rejectsOnce(marketplaceDenied()).resolvesOnce({ text: "OK", latencyMs: 1 }).rejects(marketplaceDenied());
    const controller = new AbortController();
    const clock = fakeClock();
    const sleep = clock.sleep;
    const interruptingClock = { ...clock, sleep: (ms: number, signal?: AbortSignal) => (controller.abort(), sleep(ms, signal)) };

    const report = await run({}, account, { signal: controller.signal, clock: interruptingClock });

    expect(report.profiles[0]).toMatchObject({ status: "not-enabled", action: "invoked", error: { kind: "interrupted" } });
    expect(aws.calls("createMessage")).toHaveLength(3);
  });

  it("reports pending when the runtime role is still refused at --wait-timeout after the first use", async () => {
    aws.on("createMessage").rejectsOnce(marketplaceDenied()).resolvesOnce({ text: "OK", latencyMs: 1 }).rejects(marketplaceDenied());

    const report = await run({ waitTimeoutMs: 30_000, pollIntervalMs: 10_000 });

    expect(report.profiles[0]).toMatchObject({ status: "pending", action: "invoked", proof: { status: "failed" } });
    expect(aws.calls("createMessage").length).toBeLessThan(10);
  });

  it("plans the first use and the proof in a dry run, calling nothing", async () => {
    const report = await run({ dryRun: true });

    expect(report.profiles[0]).toMatchObject({ status: "would-enable", action: "would-invoke", proof: { status: "planned" } });
    expect(aws.calls("createMessage")).toHaveLength(0);
  });
});

describe("status of a Messages API profile", () => {
  const inspect = () => inspectAccount(account, { accountConcurrency: 2 }, stepContext({ aws, log: captureLog(), clock: fakeClock() }));

  it("asks the runtime role once, which cannot create an agreement, and reports not-enabled on a fresh account", async () => {
    const report = await inspect();

    expect(report.profiles[0]).toMatchObject({ status: "not-enabled", kind: "messages", error: { kind: "marketplace-denied" } });
    expect(messageCalls()).toEqual([`${runtimeRole(CI_ID)} us-east-1`]);
  });

  it("reports a runtime role the pipeline cannot assume as failed, not as a model that is not enabled", async () => {
    aws.deniedRoles.add(runtimeRole(CI_ID));

    const report = await inspect();

    expect(report.profiles[0]).toMatchObject({ status: "failed", error: { kind: "assume-role-denied" } });
    expect(messageCalls()).toEqual([]);
  });

  it("reports already-enabled once enable has run", async () => {
    await run();
    aws.resetHistory();

    const report = await inspect();

    expect(report.profiles[0]).toMatchObject({ status: "already-enabled", proof: { status: "passed", roleArn: runtimeRole(CI_ID) } });
    expect(messageCalls()).toEqual([`${runtimeRole(CI_ID)} us-east-1`]);
  });
});
