import { enableAccount, type AccountOptions } from "../../lib/enablement/enable/enable-account";
import { inspectAccount } from "../../lib/enablement/status/inspect-account";
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

function run(overrides: Partial<AccountOptions> = {}, target = account) {
  const log = captureLog();
  const ctx = stepContext({ aws, log, clock: fakeClock() });
  return enableAccount(target, { ...options, ...overrides }, ctx);
}
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
    expect(report.profiles[0].error?.message).toMatch(/bedrock-mantle:CreateInference on the account's projects in this region/);
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

  it("reports already-enabled once enable has run", async () => {
    await run();
    aws.resetHistory();

    const report = await inspect();

    expect(report.profiles[0]).toMatchObject({ status: "already-enabled", proof: { status: "passed", roleArn: runtimeRole(CI_ID) } });
    expect(messageCalls()).toEqual([`${runtimeRole(CI_ID)} us-east-1`]);
  });
});
