import type { AgreementStatus } from "../../lib/domain/agreement";
import { EnablementFailure } from "../../lib/enablement/aws/errors";
import type { ModelAvailability } from "../../lib/enablement/aws/port";
import { runEnable } from "../../lib/enablement/enable/run-enable";
import { DEFAULT_ENABLE_OPTIONS, type EnableOptions } from "../../lib/enablement/options";
import type { RunContext } from "../../lib/enablement/run-context";
import { AgreementScheduler, type AgreementWaitRequest } from "../../lib/enablement/scheduler/agreements";
import { CallLimiter } from "../../lib/enablement/scheduler/call-limiter";
import { runStatus } from "../../lib/enablement/status/run-status";
import { buildTargets } from "../../lib/enablement/targets";
import { enablementConfig, firstUseRole, OPUS, outputsFor, PIPELINE_ROLE, runtimeRole, SONNET } from "../helpers/fixtures";
import { FakeOrg } from "./fake-org";
import { captureLog, noProgress, virtualClock, type VirtualClock } from "./harness";

/**
 * Concurrency limits calls in flight, never waits: every account proceeds at once, the calls queue in one limiter, and
 * one scheduler polls every agreement under way. Times are virtual (harness.ts virtualClock): 300 ms per Bedrock call.
 */
const LATENCY_MS = 300;
const PENDING_MS = 20_000;
const accountId = (i: number) => String(500000000000 + i);

/** `accounts` accounts in us-east-1, each with Sonnet and Opus through the us and global profiles (4), and a runtime role. */
function organization(accounts: number) {
  const config = enablementConfig((raw) => {
    raw.models = [
      { id: SONNET, profiles: ["us", "global"] },
      { id: OPUS, profiles: ["us", "global"] },
    ];
    raw.accounts = Array.from({ length: accounts }, (_, i) => ({
      name: `acct-${String(i).padStart(3, "0")}`,
      id: accountId(i),
      regions: ["us-east-1"],
      trustedPrincipals: [PIPELINE_ROLE],
    }));
  });
  const stacks = new Map(Object.entries(outputsFor(config)).map(([stack, outputs]) => [stack, { stack, source: "outputs.json", outputs }]));
  return buildTargets(config, stacks);
}

/**
 * The calls a fresh run cannot do without, per profile: the availability read, GetInferenceProfile (us profiles), the
 * first use, one re-check, the proof's Converse and ConverseStream; the form's read and write come first, alone.
 */
function limitMs(accounts: number, options: Pick<EnableOptions, "concurrency" | "accountConcurrency">): number {
  const calls = accounts * (6 + 5) * 2;
  const inFlight = Math.min(options.concurrency, accounts * options.accountConcurrency);
  return 2 * LATENCY_MS + PENDING_MS + (calls * LATENCY_MS) / inFlight;
}

function setUp(accounts: number, pendingMs: number | ((account: string) => number) = PENDING_MS) {
  const clock = virtualClock();
  const org = new FakeOrg();
  org.timing = { clock, callLatencyMs: LATENCY_MS, pendingMs };
  for (let i = 0; i < accounts; i++) org.marketplaceRoles.add(firstUseRole(accountId(i)));
  const run = (signal?: AbortSignal): RunContext => ({
    aws: org,
    log: captureLog(),
    progress: noProgress,
    clock,
    random: () => 0.5,
    retry: { attempts: 3, baseDelayMs: 1000, maxDelayMs: 8000 },
    runId: "20250102T030405Z-test",
    ...(signal && { signal }),
  });
  return { clock, org, targets: organization(accounts), run };
}

async function timed<T>(clock: VirtualClock, work: () => Promise<T>): Promise<[T, number]> {
  const start = clock.now();
  const result = await clock.run(work());
  return [result, clock.now() - start];
}

describe("enable with one call limiter and one agreement scheduler", () => {
  it("takes 12 accounts × 4 profiles (PENDING 20 s, 300 ms calls) through in one agreement latency plus the calls at --concurrency, at 4 and 12 alike", async () => {
    const elapsed: number[] = [];
    for (const concurrency of [4, 12]) {
      // GIVEN a fresh Organization of 12 accounts
      const { clock, org, targets, run } = setUp(12);
      const options = { ...DEFAULT_ENABLE_OPTIONS, concurrency };

      // WHEN enable runs
      const [report, ms] = await timed(clock, () => runEnable(targets, options, run()));

      // THEN every profile is enabled and proven, within the limit and one poll interval (how late a read may see AVAILABLE)
      expect([report.exitCode, report.summary.byStatus.enabled]).toEqual([0, 48]);
      expect(report.accounts.flatMap((a) => a.profiles.map((p) => p.proof.status))).toEqual(Array(48).fill("passed"));
      expect(ms).toBeLessThanOrEqual(limitMs(12, options) + options.pollIntervalMs);
      expect(org.maxInFlightOverall).toBe(concurrency);
      expect(Math.max(...org.maxInFlight.values())).toBeLessThanOrEqual(options.accountConcurrency);
      elapsed.push(ms);
    }
    // Waves of accounts would multiply the 20 s: 4 at a time took 92 s against the emulator (issue 22), 12 took 32 s.
    const [at4, at12] = elapsed;
    expect(at4 - at12).toBeLessThanOrEqual(
      limitMs(12, { concurrency: 4, accountConcurrency: 2 }) - limitMs(12, { concurrency: 12, accountConcurrency: 2 }) + 2_000,
    );
  });

  it("reads each agreement once per step of its backoff, shared by its profiles, however many accounts wait", async () => {
    const readsPerAgreement: number[] = [];
    for (const accounts of [3, 12]) {
      const { clock, org, targets, run } = setUp(accounts);

      await clock.run(runEnable(targets, DEFAULT_ENABLE_OPTIONS, run()));

      // One read per profile before its first use; then re-checks of each agreement (2 per account: Sonnet, Opus).
      const reads = org.calls("getAvailability").length - accounts * 4;
      readsPerAgreement.push(reads / (accounts * 2));
    }
    // 1, 2, 4, 8, 10, 10 s after the first use: AVAILABLE at 20 s is seen by the 5th read (at 25 s).
    expect(readsPerAgreement).toEqual([5, 5]);
  });

  it("proves an account as soon as its agreement is AVAILABLE, while other accounts still wait for theirs", async () => {
    // GIVEN acct-000's agreements are PENDING 5 s, everyone else's 60 s
    const { clock, org, targets, run } = setUp(12, (account) => (account === accountId(0) ? 5_000 : 60_000));
    const start = clock.now();

    const report = await clock.run(runEnable(targets, { ...DEFAULT_ENABLE_OPTIONS, concurrency: 4 }, run()));

    expect(report.summary.byStatus.enabled).toBe(48);
    const proofs = (account: string) =>
      org.history.filter((c) => c.operation === "converse" && c.roleArn === runtimeRole(account)).map((c) => (c.at ?? 0) - start);
    const laterFirstUses = org.history.filter((c) => c.operation === "converse" && c.roleArn?.endsWith("/bedrock-first-use"));
    // Its proofs come seconds after its own agreements, long before the others' are AVAILABLE (60 s after their first uses).
    expect(Math.max(...proofs(accountId(0)))).toBeLessThan(20_000);
    expect(Math.min(...proofs(accountId(11)))).toBeGreaterThan(60_000);
    expect(laterFirstUses).toHaveLength(48);
  });

  it("stops polling at an interruption and reports the agreements under way as pending, at once", async () => {
    // GIVEN agreements PENDING for 10 minutes, and an interruption 30 s in
    const { clock, org, targets, run } = setUp(12, 600_000);
    const stop = new AbortController();
    void clock.sleep(30_000).then(() => stop.abort());
    const start = clock.now();

    const report = await clock.run(runEnable(targets, { ...DEFAULT_ENABLE_OPTIONS, waitTimeoutMs: 900_000 }, run(stop.signal)));

    // THEN the run ends at the interruption, not at the wait timeout, and reads nothing after it
    expect(clock.now() - start).toBeLessThan(31_000);
    expect(org.history.filter((c) => (c.at ?? 0) - start > 30_000)).toEqual([]);
    const profiles = report.accounts.flatMap((a) => a.profiles);
    expect(profiles.every((p) => p.status === "pending" && p.error?.kind === "interrupted")).toBe(true);
  });
});

describe("status with one call limiter", () => {
  it("reads every account at once, at most --concurrency calls in flight, in the calls' time at that rate", async () => {
    const { clock, org, targets, run } = setUp(12);

    const [report, ms] = await timed(clock, () => runStatus(targets, { concurrency: 4, accountConcurrency: 2 }, run()));

    expect(report.summary.byStatus["not-enabled"]).toBe(48);
    expect(org.maxInFlightOverall).toBe(4);
    // The form's read, then per profile an availability read and GetInferenceProfile for the 24 us profiles, 4 at a
    // time; the last profile's GetInferenceProfile may have to wait for its own read.
    const calls = 48 + 24;
    expect(ms).toBeLessThanOrEqual(LATENCY_MS + Math.ceil(calls / 4) * LATENCY_MS + LATENCY_MS);
  });
});

describe("CallLimiter", () => {
  /** A call that stays in flight until its `finish` is called. */
  function gate() {
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const call = (name: string) => () =>
      new Promise<string>((resolve) => {
        started.push(name);
        finish.set(name, () => resolve(name));
      });
    return { started, finish: (name: string) => finish.get(name)?.(), call };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it("keeps calls in flight to the overall limit and to the per-account limit", async () => {
    const limiter = new CallLimiter({ concurrency: 3, accountConcurrency: 2 });
    const { started, finish, call } = gate();

    for (const name of ["a1", "a2", "a3", "b1", "c1"]) void limiter.run(name.slice(0, 1), "work", name, call(name));
    await settle();

    // a3 waits for a slot of account a; b1 takes the third overall slot; c1 waits for any slot.
    expect(started).toEqual(["a1", "a2", "b1"]);
    // The account that called first goes first: a3 before c1, which was queued earlier.
    finish("a1");
    await settle();
    expect(started).toEqual(["a1", "a2", "b1", "a3"]);
    finish("a2");
    await settle();
    expect(started).toEqual(["a1", "a2", "b1", "a3", "c1"]);
    expect(limiter.stats().peakInFlight).toBe(3);
  });

  it("starts queued work before queued polls", async () => {
    const limiter = new CallLimiter({ concurrency: 1, accountConcurrency: 1 });
    const { started, finish, call } = gate();

    void limiter.run("a", "work", "w1", call("w1"));
    void limiter.run("b", "poll", "p1", call("p1"));
    void limiter.run("c", "work", "w2", call("w2"));
    await settle();
    finish("w1");
    await settle();
    finish("w2");
    await settle();

    expect(started).toEqual(["w1", "w2", "p1"]);
  });

  it("fails every queued call as interrupted once the run is aborted, and starts no new one", async () => {
    const stop = new AbortController();
    const limiter = new CallLimiter({ concurrency: 1, accountConcurrency: 1 }, stop.signal);
    const { started, finish, call } = gate();

    const inFlight = limiter.run("a", "work", "getAvailability", call("first"));
    const queued = limiter.run("b", "work", "converse", call("second"));
    await settle();
    stop.abort();

    await expect(queued).rejects.toMatchObject({
      kind: "interrupted",
      message: expect.stringMatching(/before the converse call in account b/),
    });
    await expect(limiter.run("c", "poll", "getAvailability", call("third"))).rejects.toBeInstanceOf(EnablementFailure);
    finish("first");
    await expect(inFlight).resolves.toBe("first");
    expect(started).toEqual(["first"]);
  });
});

describe("AgreementScheduler", () => {
  const availability = (agreement: AgreementStatus): ModelAvailability => ({
    modelId: OPUS,
    agreement,
    ...(agreement === "ERROR" && { agreementMessage: "Payment instrument declined" }),
    authorized: true,
    entitled: true,
    regionAvailable: true,
  });
  /** A request whose reads answer `states` in turn (the last one from then on), at the read's time. */
  function request(clock: VirtualClock, states: AgreementStatus[], parts: Partial<AgreementWaitRequest> = {}) {
    const readAt: number[] = [];
    const start = clock.now();
    const req: AgreementWaitRequest = {
      key: "222222222222|us-east-1|opus",
      poll: async () => {
        readAt.push(clock.now() - start);
        return availability(states[Math.min(readAt.length - 1, states.length - 1)]);
      },
      timeoutMs: 60_000,
      intervalMs: 10_000,
      where: "account ci (222222222222), us-east-1",
      modelId: OPUS,
      ...parts,
    };
    return { req, readAt };
  }

  it("reads an agreement 1 s after the wait starts, then backs off to the poll interval, once for all its waiters", async () => {
    const clock = virtualClock();
    const scheduler = new AgreementScheduler(clock);
    const { req, readAt } = request(clock, ["PENDING", "PENDING", "PENDING", "PENDING", "PENDING", "AVAILABLE"]);

    const both = Promise.all([scheduler.wait(req), scheduler.wait({ ...req, poll: () => Promise.reject(new Error("never read twice")) })]);
    const [first, second] = await clock.run(both);

    expect([first.agreement, second.agreement]).toEqual(["AVAILABLE", "AVAILABLE"]);
    expect(readAt).toEqual([1_000, 3_000, 7_000, 15_000, 25_000, 35_000]);
    expect(scheduler.stats()).toEqual({ reads: 6, watching: 0 });
  });

  it("rejects at the deadline with agreement-timeout, after a last read at the deadline", async () => {
    const clock = virtualClock();
    const { req, readAt } = request(clock, ["PENDING"], { timeoutMs: 20_000 });

    const wait = new AgreementScheduler(clock).wait(req);

    await expect(clock.run(wait)).rejects.toMatchObject({
      kind: "agreement-timeout",
      message: expect.stringMatching(/^account ci \(222222222222\), us-east-1: the agreement for .* is still PENDING after 20 s/),
    });
    expect(readAt).toEqual([1_000, 3_000, 7_000, 15_000, 20_000]);
  });

  it("rejects every waiter of an agreement in ERROR with its reason", async () => {
    const clock = virtualClock();
    const scheduler = new AgreementScheduler(clock);
    const { req } = request(clock, ["ERROR"]);

    const waits = Promise.allSettled([scheduler.wait(req), scheduler.wait(req)]);

    expect((await clock.run(waits)).map((r) => (r.status === "rejected" ? (r.reason as EnablementFailure).kind : r.status))).toEqual([
      "agreement-failed",
      "agreement-failed",
    ]);
  });

  it("stops reading at an interruption and rejects every waiter at once as interrupted", async () => {
    const clock = virtualClock();
    const stop = new AbortController();
    const scheduler = new AgreementScheduler(clock, stop.signal);
    const { req, readAt } = request(clock, ["PENDING"], { timeoutMs: 600_000 });
    const wait = scheduler.wait(req);
    void clock.sleep(5_000).then(() => stop.abort());

    await expect(clock.run(wait)).rejects.toMatchObject({ kind: "interrupted" });
    expect(readAt).toEqual([1_000, 3_000]);
    await expect(scheduler.wait(req)).rejects.toMatchObject({ kind: "interrupted" });
  });
});
