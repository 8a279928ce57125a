import { spawn } from "node:child_process";
import type { IncomingMessage } from "node:http";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportSchema, type Report } from "../../lib/contracts/report";
import type { ProcessResult } from "../../lib/core/process";
import { cleanEnv } from "../../sandbox/sandbox";
import { PROJECT, type Deployed } from "../helpers/deployed-sandbox";
import { FaultProxy } from "../helpers/fault-proxy";
import { survivors } from "../helpers/child-pids";
import { descendantsOf, listProcesses } from "../../bench/process-tree";

/**
 * `enable` under faults, end to end: the real CLI process, as the pipeline role, against the sandbox
 * behind proxies that kill, freeze or deny. Each fault: the exit code, a valid report (and Markdown and
 * step summary), no secret in any output, and a rerun without the fault that enables everything with zero
 * extra form submissions and zero extra first-use invocations (none for an agreement that already existed).
 */
const FIRST_USE = /:assumed-role\/bedrock-first-use\//;
const INVOCATIONS = new Set(["Converse", "ConverseStream", "InvokeModel", "InvokeModelWithResponseStream", "CreateInference"]);
/** A bound well above what each fault needs with the flags below, far below "hangs until the CI job's timeout". */
const FAULT_RUN_LIMIT_MS = 90_000;
/**
 * The frozen run's --request-timeout and --call-timeout, in seconds (the flags take decimals, at least 1): an HTTP attempt
 * with no answer fails after `request`, then the SDK retries until the call ends at `call`. Short: the run's time goes
 * to failing, not waiting.
 */
const FROZEN = { request: 1, call: 1.5 } as const;
/**
 * Issue 22's bounds, with the default flags (--request-timeout 30, --call-timeout 120): a frozen endpoint ends the run
 * within 2 minutes; SIGINT or SIGTERM ends it within 5 s, and a CI runner's SIGKILL comes a few seconds after SIGTERM.
 */
const FROZEN_DEFAULTS_LIMIT_MS = 120_000;
/**
 * Every endpoint frozen (Bedrock's three and STS, in both Regions): the first is given up after two timeouts (60 s), and
 * each endpoint a profile reaches after it at its first (30 s): the calls queued behind an account's call slots reach
 * them one after the other, at most four (sts, bedrock, bedrock-runtime, bedrock-mantle). 150 s at worst; the example
 * Organization took 99 s.
 */
const DEAD_NETWORK_LIMIT_MS = 180_000;
const STOP_LIMIT_MS = 5_000;
const CI_KILL_GRACE_MS = 3_000;
/** The Region a request is signed for (SigV4's credential scope). */
const signedRegion = (req: IncomingMessage): string =>
  /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? "";
/** bedrock-runtime's paths (bedrock's and bedrock-mantle's share the emulator's port). */
const RUNTIME_PATH = /^\/model\/[^/]+\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;
/** Invocations on bedrock-runtime and bedrock-mantle: what a first use sends. */
const INVOCATION_PATH = /\/(converse|converse-stream|invoke|invoke-with-response-stream)$|\/anthropic\/v1\/messages$/;
/** Agreements stay PENDING this long in the PENDING test: past the first run's --wait-timeout and into its rerun. */
const PENDING_MS = 2_500;
const PENDING_WAIT_TIMEOUT_S = 0.5;

interface Run {
  readonly result: ProcessResult;
  readonly report: Report | undefined;
  readonly outputs: readonly string[];
  readonly ms: number;
  /** When the process ended (Date.now()). */
  readonly endedAt: number;
}

interface Row {
  readonly fault: string;
  readonly exitCode: number;
  readonly report: string;
  readonly seconds: number;
  /** From the fault (the freeze, the signal) to the process's end, where the case measures it. */
  readonly exitSeconds?: number;
  readonly rerunExitCode?: number;
  readonly extraForms?: number;
  readonly extraFirstUse?: number;
}

let d: Deployed;
let bedrock: FaultProxy;
let moto: FaultProxy;
let pipelineSecrets: string[] = [];
const rows: Row[] = [];

/**
 * Starts `bedrock-access enable` as its own process (so signals reach it), through the proxies; with the suite's short
 * timeouts and waits, or with `defaults`, only the files' flags (the timeouts a user gets).
 */
async function startEnable(
  name: string,
  extra: readonly string[],
  extraEnv: Record<string, string> = {},
  { defaults = false }: { defaults?: boolean } = {},
): Promise<{ pid: () => number | undefined; done: Promise<Run> }> {
  const files = { report: join(d.work, `${name}.json`), markdown: join(d.work, `${name}.md`), summary: join(d.work, `${name}-summary.md`) };
  const pipeline = await d.sandbox.pipelineEnv();
  pipelineSecrets = [pipeline.AWS_ACCESS_KEY_ID, pipeline.AWS_SECRET_ACCESS_KEY, pipeline.AWS_SESSION_TOKEN];
  const env = {
    ...cleanEnv(),
    ...pipeline,
    AWS_ENDPOINT_URL: moto.url,
    AWS_ENDPOINT_URL_BEDROCK: bedrock.url,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
    AWS_ENDPOINT_URL_BEDROCK_MANTLE: bedrock.url,
    GITHUB_STEP_SUMMARY: files.summary,
    CI: "true",
    ...extraEnv,
    NO_COLOR: "1",
  };
  const args = [
    join(PROJECT, "bin", "bedrock-access.js"),
    "enable",
    ...["--config", d.sandbox.configFile, "--outputs", d.outputsFile, "--report", files.report, "--markdown", files.markdown],
    ...(defaults
      ? []
      : ["--poll-interval", "1", "--request-timeout", "2", "--call-timeout", "5", "--retries", "2", "--retry-base-delay", "0.2"]),
    ...extra,
  ];
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd: PROJECT, env, stdio: ["ignore", "pipe", "pipe"] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => out.push(b));
  child.stderr.on("data", (b: Buffer) => err.push(b));
  const done = new Promise<Run>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      const read = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : "");
      const reportText = read(files.report);
      resolve({
        result: { exitCode: code ?? -1, stdout, stderr, output: `${stdout}${stderr}` },
        report: reportText ? reportSchema.parse(JSON.parse(reportText)) : undefined,
        outputs: [stdout, stderr, reportText, read(files.markdown), read(files.summary)],
        ms: Date.now() - started,
        endedAt: Date.now(),
      });
      rmSync(files.summary, { force: true });
    });
  });
  return { pid: () => child.pid, done };
}

/** Resolves once the emulator has seen a first-use invocation: the middle of a run. Throws if the run ends first. */
async function firstUseStarted(run: Promise<Run>): Promise<void> {
  let ended: Run | undefined;
  run.then(
    (r) => (ended = r),
    () => undefined,
  );
  for (;;) {
    if (d.sandbox.emulator.state().calls.some((c) => INVOCATIONS.has(c.operation) && FIRST_USE.test(c.principalArn ?? ""))) return;
    if (ended)
      throw new Error(`the run ended (exit ${ended.result.exitCode}) before a first-use invocation:\n${ended.result.output.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves once `condition` holds; fails the test after `limitMs`. */
async function until(what: string, condition: () => boolean, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${limitMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** No access key id, secret key, session token, or anything shaped like one, in any output of the run. */
function expectNoSecrets(run: Run): void {
  const everything = run.outputs.join("\n");
  for (const secret of pipelineSecrets) expect(everything).not.toContain(secret);
  expect(everything).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/);
  // Secret keys are 40 base64 characters, session tokens hundreds.
  expect(everything).not.toMatch(/[A-Za-z0-9/+=]{40,}/);
}

/** Base model of each deployed invocation id (profile id), per account. */
function modelOf(account: string, invocationId: string): string | undefined {
  const outputs = Object.values(d.outputs).find((o) => o.account_id === account);
  return outputs?.model_profiles.find((p) => p.invocation_id === invocationId)?.model_id;
}

/**
 * Reruns without the fault and counts what it repeated: form submissions when a form was already stored,
 * first-use invocations of a model whose agreement already existed (PENDING or AVAILABLE) when the rerun started.
 */
async function rerun(
  name: string,
  extra: readonly string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<{ run: Run; extraForms: number; extraFirstUse: number }> {
  const before = d.sandbox.emulator.state();
  const lastSeq = before.calls.at(-1)?.seq ?? 0;
  const agreements = new Set(before.agreements.map((a) => `${a.account} ${a.modelId}`));
  const run = await (await startEnable(name, ["--wait-timeout", "30", ...extra], extraEnv)).done;
  const calls = d.sandbox.emulator.state().calls.filter((c) => c.seq > lastSeq && c.outcome === "ok");
  const extraForms = before.forms.length === 0 ? 0 : calls.filter((c) => c.operation === "PutUseCaseForModelAccess").length;
  const extraFirstUse = calls.filter(
    (c) =>
      INVOCATIONS.has(c.operation) &&
      FIRST_USE.test(c.principalArn ?? "") &&
      agreements.has(`${c.account ?? ""} ${modelOf(c.account ?? "", c.modelId ?? "") ?? ""}`),
  ).length;
  return { run, extraForms, extraFirstUse };
}

/** The rerun's common outcome: exit 0, every profile enabled and proven (now or before), every agreement AVAILABLE, nothing repeated. */
function expectRecovered(fault: string, first: Run, again: Awaited<ReturnType<typeof rerun>>, faultAt?: number): void {
  expectNoSecrets(again.run);
  // The SDK's multi-line Node-version notice (Node 20) stays out of the log.
  expect(first.result.stderr + again.run.result.stderr).not.toMatch(/NodeVersionSupportWarning/);
  expect({ exitCode: again.run.result.exitCode, stderr: again.run.result.exitCode === 0 ? "" : again.run.result.stderr }).toEqual({
    exitCode: 0,
    stderr: "",
  });
  const profiles = again.run.report?.accounts.flatMap((a) => a.profiles) ?? [];
  expect(profiles).toHaveLength(8);
  for (const p of profiles) expect(["enabled", "already-enabled"]).toContain(p.status);
  // enable waits for AVAILABLE on bedrock-runtime only: bedrock-mantle has no API to read it (docs/models.md §2b), so an
  // agreement its first use created may still be PENDING when the proof has already answered.
  expect(
    d.sandbox.emulator.state().agreements.map((a) => (a.service === "bedrock-mantle" && a.status === "PENDING" ? "AVAILABLE" : a.status)),
  ).toEqual(Array(5).fill("AVAILABLE"));
  expect(d.sandbox.emulator.state().forms.map((f) => f.submissions)).toEqual([1]);
  expect({ extraForms: again.extraForms, extraFirstUse: again.extraFirstUse }).toEqual({ extraForms: 0, extraFirstUse: 0 });
  rows.push({
    fault,
    exitCode: first.result.exitCode,
    report: first.report ? `yes${first.report.interrupted ? ` (interrupted: ${first.report.interrupted})` : ""}` : "no",
    seconds: tenths(first.ms),
    ...(faultAt !== undefined && { exitSeconds: hundredths(first.endedAt - faultAt) }),
    rerunExitCode: again.run.result.exitCode,
    extraForms: again.extraForms,
    extraFirstUse: again.extraFirstUse,
  });
}

const tenths = (ms: number): number => Math.round(ms / 100) / 10;
const hundredths = (ms: number): number => Math.round(ms / 10) / 100;

const failureKinds = (report: Report | undefined) =>
  new Set((report?.accounts ?? []).flatMap((a) => [...(a.error ? [a.error.kind] : []), ...a.profiles.flatMap((p) => p.error?.kind ?? [])]));

export function describeFaults(deployed: () => Deployed): void {
  describe("enable survives faults and a rerun repeats nothing", () => {
    beforeAll(async () => {
      d = deployed();
      bedrock = await FaultProxy.start(d.sandbox.emulator.url);
      moto = await FaultProxy.start(d.sandbox.moto.endpoint);
    });

    afterAll(async () => {
      await bedrock?.stop();
      await moto?.stop();
      if (rows.length > 0) {
        const cell = (value: number | undefined) => (value === undefined ? "-" : String(value));
        const table = [
          "| fault | exit code | report written | seconds | seconds from the fault to exit | rerun exit code | rerun extra form submissions | rerun extra first-use invocations |",
          "|---|---|---|---|---|---|---|---|",
          ...rows.map(
            (r) =>
              `| ${r.fault} | ${r.exitCode} | ${r.report} | ${r.seconds} | ${cell(r.exitSeconds)} | ${cell(r.rerunExitCode)} | ${cell(r.extraForms)} | ${cell(r.extraFirstUse)} |`,
          ),
        ].join("\n");
        writeFileSync(join(tmpdir(), "bedrock-fault-survival.md"), `${table}\n`);
      }
    });

    beforeEach(async () => {
      d.sandbox.emulator.reset();
      await bedrock.set("pass");
      await moto.set("pass");
      moto.intercept = undefined;
      bedrock.withhold = undefined;
      bedrock.freeze = undefined;
    });

    it("emulator killed mid-run: its endpoints given up, exit 1, the report written; the rerun finishes the job", async () => {
      const started = await startEnable("killed", ["--wait-timeout", "5"]);
      await firstUseStarted(started.done);
      await bedrock.set("down");
      const first = await started.done;
      await bedrock.set("pass");

      expectNoSecrets(first);
      expect(first.result.exitCode).toBe(1);
      expect(first.ms).toBeLessThan(FAULT_RUN_LIMIT_MS);
      expect(first.report?.exitCode).toBe(1);
      // Refused connections, three in a row: the endpoints are given up and named, not retried per profile.
      expect(failureKinds(first.report)).toContain("endpoint-down");
      expect(first.report?.endpointsDown?.length).toBeGreaterThan(0);
      for (const endpoint of first.report?.endpointsDown ?? [])
        expect(endpoint.lastError).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
      expectRecovered("Bedrock endpoint killed mid-run", first, await rerun("killed-rerun"));
    });

    it("emulator frozen mid-run: calls end at --call-timeout as transient, exit 1 within the limits; the rerun finishes the job", async () => {
      const timeouts = ["--request-timeout", String(FROZEN.request), "--call-timeout", String(FROZEN.call)];
      // One call in flight: it meets --call-timeout before the endpoint breaker (two timeouts in a row) gives the
      // endpoint up. With several in flight, how many time out together depends on the machine's load, and every call
      // may end as endpoint-down instead (seen once on a loaded CI machine).
      const started = await startEnable("frozen", ["--wait-timeout", "5", "--concurrency", "1", ...timeouts]);
      await firstUseStarted(started.done);
      await bedrock.set("frozen");
      const first = await started.done;
      await bedrock.set("pass");

      expectNoSecrets(first);
      expect(first.result.exitCode).toBe(1);
      expect(first.ms).toBeLessThan(FAULT_RUN_LIMIT_MS);
      expect(first.report?.interrupted).toBeUndefined();
      expect(failureKinds(first.report)).toContain("transient");
      expect(first.result.stderr).toContain(`no answer within ${FROZEN.call} s, retries included (--call-timeout)`);
      expectRecovered("Bedrock endpoint frozen mid-run", first, await rerun("frozen-rerun"));
    });

    it("SIGINT mid-run: exit 130, the report marked interrupted; the rerun proves what the interrupted run did not", async () => {
      const started = await startEnable("sigint", []);
      await firstUseStarted(started.done);
      process.kill(started.pid() ?? 0, "SIGINT");
      const first = await started.done;

      expectNoSecrets(first);
      expect(first.result.exitCode).toBe(130);
      expect(first.report?.interrupted).toBe("SIGINT");
      expect(first.result.stderr).toMatch(/SIGINT: stopping/);
      const unproven = (first.report?.accounts ?? []).flatMap((a) =>
        a.profiles.filter((p) => p.proof.status !== "passed").map((p) => `${a.accountId} ${p.invocationId}`),
      );
      expect(unproven.length).toBeGreaterThan(0);

      // The rerun reads the interrupted run's report, at the same --report path.
      const files = join(d.work, "sigint.json");
      const again = await rerun("sigint-rerun", ["--previous-report", files]);
      const proofs = (again.run.report?.accounts ?? []).flatMap((a) =>
        a.profiles.map((p) => [`${a.accountId} ${p.invocationId}`, p.proof.status]),
      );
      expect(proofs.filter(([key]) => unproven.includes(key ?? ""))).toEqual(unproven.map((key) => [key, "passed"]));
      expectRecovered("SIGINT mid-run", first, again);
    });

    it("bedrock-runtime in us-east-1 frozen mid-run, default flags: exit 1 within 2 minutes, one message naming it, the report names it", async () => {
      const started = await startEnable("runtime-frozen", [], {}, { defaults: true });
      await firstUseStarted(started.done);
      bedrock.freeze = (req) => RUNTIME_PATH.test(decodeURIComponent(req.url ?? "")) && signedRegion(req) === "us-east-1";
      const frozenAt = Date.now();
      const first = await started.done;
      bedrock.freeze = undefined;

      expectNoSecrets(first);
      expect(first.result.exitCode).toBe(1);
      expect(first.endedAt - frozenAt).toBeLessThan(FROZEN_DEFAULTS_LIMIT_MS);
      expect(first.report?.endpointsDown?.map((e) => [e.service, e.region, e.url])).toEqual([
        ["bedrock-runtime", "us-east-1", bedrock.url],
      ]);
      const message = `bedrock-runtime in us-east-1 (${bedrock.url}) is not answering`;
      expect(first.result.stderr.split(message)).toHaveLength(2);
      // The same timeout is not repeated per profile: the profiles it stopped fail at once, as endpoint-down.
      expect(first.result.stderr.match(/timed out after 30000 ms/g)?.length ?? 0).toBeLessThanOrEqual(4);
      const [ciProd, mlResearch] = first.report?.accounts ?? [];
      expect(ciProd?.profiles.some((p) => p.error?.kind === "endpoint-down")).toBe(true);
      expect(mlResearch?.profiles.map((p) => p.status)).toEqual(["enabled", "enabled", "enabled"]);
      expectRecovered("bedrock-runtime in us-east-1 frozen mid-run, default flags", first, await rerun("runtime-frozen-rerun"), frozenAt);
    });

    it("Bedrock and STS frozen mid-run, default flags: exit 1 within 3 minutes, each endpoint named once, the report names them", async () => {
      const started = await startEnable("frozen-defaults", [], {}, { defaults: true });
      await firstUseStarted(started.done);
      await bedrock.set("frozen");
      await moto.set("frozen");
      const frozenAt = Date.now();
      const first = await started.done;
      await bedrock.set("pass");
      await moto.set("pass");

      expectNoSecrets(first);
      expect(first.result.exitCode).toBe(1);
      expect(first.endedAt - frozenAt).toBeLessThan(DEAD_NETWORK_LIMIT_MS);
      expect(first.report?.interrupted).toBeUndefined();
      const down = first.report?.endpointsDown ?? [];
      expect(down.length).toBeGreaterThan(0);
      for (const endpoint of down) {
        // One message per endpoint: the breaker's, naming the service, the Region and where the calls went.
        const named = `${endpoint.service} in ${endpoint.region} (${endpoint.service === "sts" ? moto.url : bedrock.url}) is not answering`;
        expect([named, first.result.stderr.split(named).length - 1]).toEqual([named, 1]);
      }
      expect(failureKinds(first.report)).toContain("endpoint-down");
      expect(first.outputs[0]).toMatch(/Endpoints down:\n {2}- \S+ in \S+ \(http:\/\/127\.0\.0\.1:\d+\) stopped answering/);
      expectRecovered("Bedrock and STS frozen mid-run, default flags", first, await rerun("frozen-defaults-rerun"), frozenAt);
    });

    it("SIGINT while first uses are in flight and unanswered: exit 130 within 5 s, those first uses unknown; the rerun reads them instead of invoking again", async () => {
      // Every invocation reaches the emulator, which creates the agreement; its answer never comes back.
      bedrock.withhold = (req) => INVOCATION_PATH.test(req.url ?? "");
      const started = await startEnable("sigint-unanswered", [], {}, { defaults: true });
      await until("a first use in flight", () => bedrock.heldRequests > 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const signalledAt = Date.now();
      process.kill(started.pid() ?? 0, "SIGINT");
      const first = await started.done;
      bedrock.withhold = undefined;

      expectNoSecrets(first);
      expect(first.result.exitCode).toBe(130);
      expect(first.endedAt - signalledAt).toBeLessThan(STOP_LIMIT_MS);
      expect(first.report?.interrupted).toBe("SIGINT");
      // Each first use the emulator saw, and the run never heard back from, is reported unknown; no other profile is.
      const sent = d.sandbox.emulator
        .state()
        .calls.filter((c) => INVOCATIONS.has(c.operation) && FIRST_USE.test(c.principalArn ?? ""))
        .map((c) => `${c.account ?? ""} ${c.modelId ?? ""}`);
      const unknown = (first.report?.accounts ?? []).flatMap((a) =>
        a.profiles
          .filter((p) => /: unknown: .* the next run reads the agreement before invoking$/.test(p.error?.message ?? ""))
          .map((p) => `${a.accountId} ${p.invocationId}`),
      );
      expect(sent.length).toBeGreaterThan(0);
      expect(unknown.sort()).toEqual([...new Set(sent)].sort());
      expectRecovered("SIGINT while first uses are unanswered", first, await rerun("sigint-unanswered-rerun"), signalledAt);
    });

    it("a CI runner's cancel during frozen calls, SIGTERM then SIGKILL 3 s later: exit 143 before the SIGKILL, a valid report", async () => {
      const started = await startEnable("sigterm-frozen", [], {}, { defaults: true });
      await firstUseStarted(started.done);
      await bedrock.set("frozen");
      await until("a call frozen in flight", () => bedrock.heldRequests > 0);
      const pid = started.pid() ?? 0;
      const signalledAt = Date.now();
      process.kill(pid, "SIGTERM");
      const kill = setTimeout(() => process.kill(pid, "SIGKILL"), CI_KILL_GRACE_MS);
      const first = await started.done;
      clearTimeout(kill);
      await bedrock.set("pass");

      expectNoSecrets(first);
      expect(first.result.exitCode).toBe(143);
      expect(first.endedAt - signalledAt).toBeLessThan(CI_KILL_GRACE_MS);
      expect(first.report?.interrupted).toBe("SIGTERM");
      expect(failureKinds(first.report)).toContain("interrupted");
      expectRecovered("CI cancel: SIGTERM, SIGKILL 3 s later", first, await rerun("sigterm-frozen-rerun"), signalledAt);
    });

    it("plan interrupted while terraform waits on a frozen AWS endpoint: exit 130, no terraform process left", async () => {
      const plans = join(d.work, "interrupted-plans");
      mkdirSync(plans, { recursive: true });
      await moto.set("frozen");
      const { BEDROCK_ACCESS_CONFIG: _config, ...sandboxEnv } = d.sandbox.env;
      const args = [join(PROJECT, "bin", "bedrock-access.js"), "plan", "--no-synth", "--deploy-role", "--parallel", "3"];
      const child = spawn(process.execPath, [...args, "--output", join(d.work, "cdktf.out"), "--plans", plans], {
        cwd: PROJECT,
        env: { ...cleanEnv(), ...sandboxEnv, AWS_ENDPOINT_URL: moto.url, NO_COLOR: "1" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      const done = new Promise<{ code: number | null; at: number }>((resolve) =>
        child.on("close", (code) => resolve({ code, at: Date.now() })),
      );
      const terraformTree = () => {
        const all = listProcesses();
        return descendantsOf(child.pid ?? 0, all).filter((pid) => all.some((p) => p.pid === pid && p.name.startsWith("terraform")));
      };
      // Every stack's terraform has reached AWS, where it waits.
      await until("terraform waiting on AWS", () => moto.heldRequests >= 3, 120_000);
      const terraform = terraformTree();
      expect(terraform.length).toBeGreaterThanOrEqual(3);
      // They run in the synthesized stacks' directories, where the check after the stop looks for them.
      expect(await survivors(terraform, d.work, 0)).toEqual(terraform);

      const signalledAt = Date.now();
      child.kill("SIGINT");
      const { code, at } = await done;
      await moto.set("pass");

      expect(code).toBe(130);
      expect(await survivors(terraform, d.work)).toEqual([]);
      expect(stderr).toMatch(/SIGINT: stopped; planned before that: none/);
      rows.push({
        fault: "plan interrupted, terraform waiting on AWS",
        exitCode: code ?? -1,
        report: "-",
        seconds: tenths(at - signalledAt),
        exitSeconds: hundredths(at - signalledAt),
      });
    });

    it("STS denies the first-use role of one account: that account fails as assume-role-denied, the other is enabled", async () => {
      moto.intercept = (_req, body) => {
        const params = new URLSearchParams(body.toString("utf8"));
        if (params.get("Action") !== "AssumeRole" || !params.get("RoleArn")?.includes(":333333333333:")) return undefined;
        return {
          status: 403,
          headers: { "content-type": "text/xml" },
          body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::111111111111:assumed-role/platform-pipeline/ci is not authorized to perform: sts:AssumeRole on resource: ${params.get("RoleArn") ?? ""}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
        };
      };
      const first = await (await startEnable("sts-denied", [])).done;
      moto.intercept = undefined;

      expectNoSecrets(first);
      expect(first.result.exitCode).toBe(1);
      const [ciProd, mlResearch] = first.report?.accounts ?? [];
      expect(ciProd?.profiles.map((p) => p.status)).toEqual(Array(5).fill("enabled"));
      expect(mlResearch?.error?.kind).toBe("assume-role-denied");
      expect(mlResearch?.profiles.map((p) => p.status)).toEqual(["failed", "failed", "failed"]);
      expectRecovered("STS denies one account's first-use role", first, await rerun("sts-denied-rerun"));
    });

    it("agreements PENDING past --wait-timeout: status pending, exit 1; the rerun waits instead of invoking again", async () => {
      d.sandbox.emulator.setFaults({ agreementPendingMs: PENDING_MS });
      const first = await (await startEnable("pending", ["--wait-timeout", String(PENDING_WAIT_TIMEOUT_S)])).done;

      expectNoSecrets(first);
      expect(first.result.exitCode).toBe(1);
      const statuses = (first.report?.accounts ?? []).flatMap((a) => a.profiles.map((p) => p.status));
      expect(statuses).toContain("pending");
      expect(failureKinds(first.report)).toEqual(new Set(["agreement-timeout"]));
      // The rerun starts while agreements are still PENDING: it has to wait for them, not just find them AVAILABLE.
      expect(d.sandbox.emulator.state().agreements.map((a) => a.status)).toContain("PENDING");
      expectRecovered("agreement PENDING past --wait-timeout", first, await rerun("pending-rerun"));
    });

    it("50% of Bedrock calls throttled: everything enabled with retries, exit 0; the rerun (still throttled) repeats nothing", async () => {
      d.sandbox.emulator.setFaults({ throttleRate: 0.5 });
      const throttled = ["--retries", "10", "--call-timeout", "60"];
      // Two SDK attempts per step attempt (AWS_MAX_ATTEMPTS, which the CLI leaves to the SDK): 22 tries per step, a
      // failure chance of 0.5^22, with less of the SDK's own backoff than its default 3 attempts.
      const sdkTwice = { AWS_MAX_ATTEMPTS: "2" };
      const first = await (await startEnable("throttled", throttled, sdkTwice)).done;

      expectNoSecrets(first);
      expect(first.result.exitCode).toBe(0);
      expect(d.sandbox.emulator.state().calls.filter((c) => c.outcome === "ThrottlingException").length).toBeGreaterThan(0);
      expectRecovered("50% of Bedrock calls throttled", first, await rerun("throttled-rerun", throttled, sdkTwice));
    });
  });
}
