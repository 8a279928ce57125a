import { buildTargets } from "../../lib/enablement/targets";
import { reportSchema } from "../../lib/contracts/report";
import { profileKey } from "../../lib/enablement/enable/proofs-due";
import { runEnable } from "../../lib/enablement/enable/run-enable";
import type { RunContext } from "../../lib/enablement/run-context";
import { runStatus } from "../../lib/enablement/status/run-status";
import { DEFAULT_ENABLE_OPTIONS, type EnableOptions } from "../../lib/enablement/options";
import { encodeForm, formData } from "../../lib/domain/use-case-form";
import { FakeOrg } from "./fake-org";
import {
  CI_ID,
  enablementConfig,
  firstUseRole,
  OPUS,
  outputsFor,
  RESEARCH_ID,
  runtimeRole,
  SONNET,
  SUBMITTER_ROLE,
} from "../helpers/fixtures";
import { captureLog, fakeClock, noProgress } from "./harness";

const config = enablementConfig();
/** The targets of a config whose stacks were all deployed (their outputs as the stacks would export them). */
const targetsOf = (deployed: typeof config) =>
  buildTargets(
    deployed,
    new Map(Object.entries(outputsFor(deployed)).map(([stack, outputs]) => [stack, { stack, source: "outputs.json", outputs }])),
  );
const plan = targetsOf(config);
let org: FakeOrg;

function context(log = captureLog()): RunContext & { log: ReturnType<typeof captureLog> } {
  return {
    aws: org,
    log,
    progress: noProgress,
    clock: fakeClock(),
    random: () => 0.5,
    retry: { attempts: 3, baseDelayMs: 1000, maxDelayMs: 8000 },
    runId: "20250102T030405Z-test",
  };
}

const enable = (overrides: Partial<EnableOptions> = {}, ctx = context()) =>
  runEnable(plan, { ...DEFAULT_ENABLE_OPTIONS, ...overrides }, ctx);
const statuses = (report: Awaited<ReturnType<typeof enable>>) =>
  report.accounts.flatMap((a) => a.profiles.map((p) => `${a.name} ${p.invocationId} ${p.status}`));

beforeEach(() => {
  org = new FakeOrg();
  org.marketplaceRoles.add(firstUseRole(CI_ID)).add(firstUseRole(RESEARCH_ID));
});

describe("runStatus and the Messages API", () => {
  const withMessages = enablementConfig((raw) => raw.models.push({ id: "anthropic.claude-opus-4-8", profiles: ["messages"] }));
  const messagesPlan = targetsOf(withMessages);

  it("leaves Messages API profiles out and says so, making no inference call, unless asked", async () => {
    const ctx = context();
    const report = await runStatus(messagesPlan, DEFAULT_ENABLE_OPTIONS, ctx);

    expect(report.accounts.flatMap((a) => a.profiles.map((p) => p.kind))).not.toContain("messages");
    expect(ctx.log.text()).toMatch(
      /not checked: 1 Messages API profile\(s\) \(ci us-east-1 anthropic\.claude-opus-4-8\).*--prove-messages/,
    );
    expect(org.calls("createMessage")).toEqual([]);
  });

  it("asks them with --prove-messages, as the runtime role", async () => {
    const report = await runStatus(messagesPlan, { ...DEFAULT_ENABLE_OPTIONS, proveMessages: true }, context());

    expect(report.accounts.flatMap((a) => a.profiles.filter((p) => p.kind === "messages").map((p) => p.status))).toEqual(["not-enabled"]);
    expect(org.history.filter((c) => c.operation === "createMessage").map((c) => c.roleArn)).toEqual([runtimeRole(CI_ID)]);
  });
});

describe("use-case forms in opt-in Regions", () => {
  // research calls Opus 5's in. profile from Hyderabad (ap-south-2, opt-in) and Mumbai (ap-south-1, a default Region).
  const india = enablementConfig((raw) => {
    raw.models.push({ id: "anthropic.claude-opus-5", profiles: ["in"] });
    raw.accounts[0] = { ...raw.accounts[0], models: [SONNET, OPUS] };
    raw.accounts[1] = {
      ...raw.accounts[1],
      regions: ["eu-west-1", "ap-south-1", "ap-south-2"],
      models: [SONNET, "anthropic.claude-opus-5"],
    };
  });
  const indiaPlan = targetsOf(india);

  it("submits each account's own form in its opt-in Regions through its first-use role, before the first use there", async () => {
    const ctx = context();
    const report = await runEnable(indiaPlan, DEFAULT_ENABLE_OPTIONS, ctx);

    expect([report.exitCode, ctx.log.text()]).toEqual([0, expect.not.stringMatching(/error/)]);
    expect(report.accounts.map((a) => [a.name, a.useCaseForms?.map((f) => `${f.region} ${f.status} ${f.roleArn}`)])).toEqual([
      ["ci", undefined],
      ["research", [`ap-south-2 submitted ${firstUseRole(RESEARCH_ID)}`]],
    ]);
    const puts = org.history.filter((c) => c.operation === "putUseCase").map((c) => `${c.roleArn} ${c.region}`);
    expect(puts).toEqual([`${SUBMITTER_ROLE} us-east-1`, `${firstUseRole(RESEARCH_ID)} ap-south-2`]);
  });

  it("leaves them alone on a second run and only then says nothing was submitted; status reports them", async () => {
    await runEnable(indiaPlan, DEFAULT_ENABLE_OPTIONS, context());
    const ctx = context();
    const second = await runEnable(indiaPlan, DEFAULT_ENABLE_OPTIONS, ctx);
    expect(second.accounts[1]?.useCaseForms?.map((f) => f.status)).toEqual(["unchanged"]);
    expect(ctx.log.text()).toMatch(/Already enabled/);

    const status = await runStatus(indiaPlan, DEFAULT_ENABLE_OPTIONS, context());
    expect(status.accounts[1]?.useCaseForms?.map((f) => `${f.region} ${f.status}`)).toEqual(["ap-south-2 unchanged"]);
  });

  it("does not say nothing was submitted when only an opt-in Region's form was", async () => {
    await runEnable(indiaPlan, DEFAULT_ENABLE_OPTIONS, context());
    org.optInForms.clear();
    const ctx = context();
    const report = await runEnable(indiaPlan, DEFAULT_ENABLE_OPTIONS, ctx);
    expect(report.accounts[1]?.useCaseForms?.map((f) => f.status)).toEqual(["submitted"]);
    expect(ctx.log.text()).not.toMatch(/Already enabled/);
  });
});

describe("runEnable", () => {
  it("takes a fresh Organization to every profile enabled and proven, in one run", async () => {
    const report = await enable();

    expect(report.exitCode).toBe(0);
    expect(report.useCase.status).toBe("submitted");
    expect(statuses(report)).toEqual([
      "ci us.anthropic.claude-sonnet-4-6 enabled",
      "ci global.anthropic.claude-sonnet-4-6 enabled",
      "ci us.anthropic.claude-opus-4-6-v1 enabled",
      "research eu.anthropic.claude-sonnet-4-6 enabled",
      "research global.anthropic.claude-sonnet-4-6 enabled",
    ]);
    expect(org.calls("putUseCase")).toHaveLength(1);
    // Five first-use invocations, and three proofs in ci (research has no pipeline-assumable runtime role).
    expect(org.calls("converse")).toHaveLength(8);
    expect(org.calls("assumeRole")).toContainEqual({
      roleArn: runtimeRole(CI_ID),
      sessionName: "bedrock-org-access-enable-20250102T030405Z-test",
    });
    expect(() => reportSchema.parse(report)).not.toThrow();
  });

  it("is idempotent: a second run submits nothing, invokes nothing, and says so", async () => {
    await enable();
    org.resetHistory();
    const ctx = context();

    const report = await enable({}, ctx);

    expect(report.exitCode).toBe(0);
    expect(report.useCase.status).toBe("unchanged");
    expect(report.summary.byStatus["already-enabled"]).toBe(5);
    expect(org.calls("putUseCase")).toHaveLength(0);
    expect(org.calls("createAgreement")).toHaveLength(0);
    expect(org.calls("converse")).toHaveLength(0);
    expect(ctx.log.text()).toContain(
      "Already enabled: the use-case form is unchanged and all 5 profiles have an AVAILABLE agreement; nothing was submitted or invoked (--force-invoke invokes anyway).",
    );
  });

  it("says on a rerun with Messages API profiles that the runtime role made one request for each, and invoked nothing else", async () => {
    // Only ci: the research account has no runtime role the pipeline may assume, so its Messages API profile would take a first use again.
    const withMessages = targetsOf(
      enablementConfig((raw) => {
        raw.models.push({ id: "anthropic.claude-opus-4-8", profiles: ["messages"] });
        raw.accounts = [raw.accounts[0]];
      }),
    );
    await runEnable(withMessages, DEFAULT_ENABLE_OPTIONS, context());
    org.resetHistory();
    const ctx = context();

    const report = await runEnable(withMessages, DEFAULT_ENABLE_OPTIONS, ctx);

    expect(report.summary.byStatus["already-enabled"]).toBe(report.summary.profiles);
    const messages = report.accounts.flatMap((a) => a.profiles).filter((p) => p.kind === "messages");
    expect(messages).toHaveLength(1);
    expect(org.calls("createMessage")).toHaveLength(messages.length);
    expect(org.calls("converse")).toHaveLength(0);
    expect(ctx.log.text()).toContain(
      "Already enabled: the use-case form is unchanged, 3 Converse profiles have an AVAILABLE agreement and 1 Messages API profile answered the runtime role; " +
        "nothing was submitted or invoked through the first-use role; the runtime role made 1 Messages API request (max_tokens 8, one per Messages API profile: nothing else tells whether one works) (--force-invoke invokes anyway).",
    );
    expect(ctx.log.text()).not.toContain("nothing was submitted or invoked (");
  });

  it("says on a rerun which runtime-role proofs it made for profiles a previous run left unproven", async () => {
    await enable();
    org.resetHistory();
    const ctx = context();

    const report = await enable({ proofsDue: new Set([profileKey(CI_ID, "us-east-1", `us.${SONNET}`)]) }, ctx);

    expect(report.summary.byStatus["already-enabled"]).toBe(5);
    expect(org.calls("converse")).toHaveLength(1);
    expect(ctx.log.text()).toContain(
      "Already enabled: the use-case form is unchanged and all 5 profiles have an AVAILABLE agreement; nothing was submitted or invoked through the first-use role; " +
        "the runtime role made the proof (Converse and ConverseStream) of 1 profile a previous run left unproven (--force-invoke invokes anyway).",
    );
  });

  it("invokes again with --force-invoke on an enabled Organization", async () => {
    await enable();
    org.resetHistory();

    const report = await enable({ forceInvoke: true });

    expect(report.summary.byStatus.enabled).toBe(5);
    expect(org.calls("converse")).toHaveLength(8);
  });

  it("finishes every account when one fails, and fails at the end", async () => {
    org.deniedRoles.add(firstUseRole(CI_ID));

    const report = await enable();

    expect(report.exitCode).toBe(1);
    expect(report.accounts[0].error?.kind).toBe("assume-role-denied");
    expect(statuses(report)).toEqual([
      "ci us.anthropic.claude-sonnet-4-6 failed",
      "ci global.anthropic.claude-sonnet-4-6 failed",
      "ci us.anthropic.claude-opus-4-6-v1 failed",
      "research eu.anthropic.claude-sonnet-4-6 enabled",
      "research global.anthropic.claude-sonnet-4-6 enabled",
    ]);
  });

  it("still enables the accounts when the form step fails, since they may have inherited the form", async () => {
    org.deniedRoles.add(plan.useCase.roleArn);

    const report = await enable();

    expect(report.useCase.status).toBe("failed");
    expect(report.summary.byStatus.enabled).toBe(5);
    expect(report.exitCode).toBe(1);
  });

  it.each(["invoke", "agreement"] as const)("makes zero write calls in a dry run (strategy %s)", async (strategy) => {
    const report = await enable({ dryRun: true, strategy });

    expect(org.calls("putUseCase")).toHaveLength(0);
    expect(org.calls("createAgreement")).toHaveLength(0);
    expect(org.calls("converse")).toHaveLength(0);
    expect(report).toMatchObject({ dryRun: true, exitCode: 0, useCase: { status: "would-submit" } });
    expect(report.summary.byStatus["would-enable"]).toBe(5);
    expect(report.accounts[0].profiles[0]).toMatchObject({
      action: strategy === "invoke" ? "would-invoke" : "would-create-agreement",
      proof: { status: "planned", roleArn: runtimeRole(CI_ID) },
    });
  });

  it("with --strategy agreement, creates the agreements without a first-use prompt; only the proofs invoke", async () => {
    const report = await enable({ strategy: "agreement" });

    expect(report.summary.byStatus.enabled).toBe(5);
    expect(report.accounts.flatMap((a) => a.profiles.map((p) => p.action))).toEqual(Array(5).fill("agreement-created"));
    expect(org.calls("converse")).toHaveLength(3);
    for (const call of org.calls("converse")) {
      expect(call.modelId).toMatch(/^(us|global)\./);
    }
  });

  it("leaves a differing form alone without failing the run", async () => {
    org.form = encodeForm({ ...formData(config.useCaseForm), companyName: "Old Name" });

    const report = await enable();

    expect(report.useCase).toMatchObject({
      status: "differs",
      differences: [{ field: "companyName", submitted: "Old Name", configured: "Example Corp" }],
    });
    expect(org.calls("putUseCase")).toHaveLength(0);
    expect(report.exitCode).toBe(0);
  });

  // --concurrency limits calls in flight across the run, no longer accounts at once: every account proceeds (issue 22,
  // waits hold no slot), so with one call at a time the accounts' calls interleave instead of one account after the other.
  it("keeps calls in flight to --concurrency across every account and to --account-concurrency in one, every account proceeding", async () => {
    await enable({ concurrency: 1, accountConcurrency: 1 });

    const ci = org.windows.get(CI_ID);
    const research = org.windows.get(RESEARCH_ID);
    expect(ci && research && ci.start < research.end && research.start < ci.end).toBe(true);
    expect(org.maxInFlightOverall).toBe(1);
    expect(org.maxInFlight.get(CI_ID)).toBe(1);
    expect(org.maxInFlight.get(RESEARCH_ID)).toBe(1);
  });

  it("runs accounts and calls concurrently within the limits", async () => {
    await enable({ concurrency: 2, accountConcurrency: 2 });

    const ci = org.windows.get(CI_ID);
    const research = org.windows.get(RESEARCH_ID);
    expect(ci && research && ci.start < research.end && research.start < ci.end).toBe(true);
    expect(org.maxInFlight.get(CI_ID)).toBe(2);
    expect(org.maxInFlightOverall).toBeLessThanOrEqual(2);
  });
});

describe("runStatus", () => {
  it("shows a fresh Organization as not enabled, without writing anything", async () => {
    const report = await runStatus(plan, DEFAULT_ENABLE_OPTIONS, context());

    expect(report).toMatchObject({ command: "status", exitCode: 1, useCase: { status: "not-submitted" } });
    expect(report.summary.byStatus["not-enabled"]).toBe(5);
    expect(report.accounts[0].profiles[0].availability).toEqual({ authorized: true, entitled: false, regionAvailable: true });
    expect(org.calls("putUseCase")).toHaveLength(0);
    expect(org.calls("converse")).toHaveLength(0);
  });

  it("shows an enabled Organization as enabled, exit code 0", async () => {
    await enable();

    const report = await runStatus(plan, DEFAULT_ENABLE_OPTIONS, context());

    expect(report).toMatchObject({ exitCode: 0, useCase: { status: "unchanged" } });
    expect(report.summary.byStatus["already-enabled"]).toBe(5);
  });
});
