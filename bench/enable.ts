import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { format, resolveConfig } from "prettier";
import { parse, stringify } from "yaml";
import { z } from "zod";
import { managementOutputsSchema, runtimeOutputsSchema } from "../lib/contracts/stack-outputs/schema";
import { reportSchema, type Report } from "../lib/contracts/report";
import { DEFAULT_ENABLE_OPTIONS } from "../lib/enablement/options";
import { isRecord } from "../lib/core/validation";
import { deployArgs, runCdktf } from "../sandbox/cdktf";
import { cleanEnv, startSandbox, type Sandbox } from "../sandbox/sandbox";
import { BENCH_PROFILES, benchConfig } from "./config";
import { createSynthesizedIam } from "./direct-iam";

/**
 * `npm run bench -- [flags] [-- <enable flags>]`: `bedrock-access enable` against the sandbox, with a realistic Bedrock
 * latency (300 ms per call), timed against the computed limit. A benchmark, not a test. Prints a table and records the
 * run in bench-results/enable.json.
 *
 *   (no flags)             50 accounts × 6 profiles, PENDING 1 s: cdktf deploy, the aws CLI loop of RunsOn's guide (one
 *                          process per call, one call at a time), enable on the fresh Organization, then the rerun
 *   --quick                the same with 5 accounts
 *   --accounts N[,M…]      1..1000 accounts; several sizes run side by side in one sandbox (the largest Organization;
 *                          each smaller size is its first N accounts, with a config and outputs of its own)
 *   --profiles 4|6         2 or 3 models, each through the us and global profiles (default 6)
 *   --pending S            agreements stay PENDING S seconds after the call that creates them (default 1)
 *   --concurrency A[,B…]   one enable per value, each on a fresh Organization (default: enable's own default)
 *   --iam deploy|direct    cdktf deploy, or the IAM the synthesized stacks declare created in moto directly
 *                          (bench/direct-iam.ts; default: deploy up to 200 accounts, direct above)
 *   --no-loop, --no-rerun  skip the aws CLI loop / the rerun on the enabled Organization
 *   --cli FILE             the bedrock-access.js to run (e.g. a worktree of an earlier commit, for a before/after)
 *   --label NAME           record under this key of enable.json (default: the top level for the no-flag run, else "runs")
 *   --scale                --accounts 200,1000 --profiles 4 --pending 30 --concurrency 16,64 --iam direct --no-loop
 *                          --no-rerun --label scale, and enable with --no-preflight (issue 22's Organization scale)
 */
const PROJECT = resolve(__dirname, "..");
const RESULTS = join(PROJECT, "bench-results", "enable.json");
const LATENCY_MS = 300;

interface Args {
  readonly accounts: readonly number[];
  readonly profiles: 4 | 6;
  readonly pendingS: number;
  readonly concurrency: readonly (number | undefined)[];
  readonly iam: "deploy" | "direct";
  readonly loop: boolean;
  readonly rerun: boolean;
  readonly quick: boolean;
  readonly cli: string;
  readonly label?: string;
  readonly enableFlags: readonly string[];
}

function args(argv: readonly string[] = process.argv.slice(2)): Args {
  const at = argv.indexOf("--");
  const own = at >= 0 ? argv.slice(0, at) : [...argv];
  const enableFlags = at >= 0 ? argv.slice(at + 1) : [];
  const flags = new Set(own.filter((a) => ["--quick", "--no-loop", "--no-rerun", "--scale"].includes(a)));
  const values = new Map<string, string>();
  for (let i = 0; i < own.length; i++) {
    if (flags.has(own[i])) continue;
    if (!["--accounts", "--profiles", "--pending", "--concurrency", "--iam", "--cli", "--label"].includes(own[i]))
      throw new Error(`${own[i]}: unknown flag (see bench/enable.ts)`);
    const value = own[++i];
    if (value === undefined) throw new Error(`${own[i - 1]}: expected a value`);
    values.set(own[i - 1], value);
  }
  const scale = flags.has("--scale");
  const whole = (flag: string, text: string, min: number, max: number): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) throw new Error(`${flag}: expected a whole number ${min}..${max} (got ${text})`);
    return n;
  };
  const list = (flag: string, fallback: string, min: number, max: number) =>
    (values.get(flag) ?? fallback).split(",").map((v) => whole(flag, v, min, max));
  const quick = flags.has("--quick");
  const accounts = [...new Set(list("--accounts", scale ? "200,1000" : quick ? "5" : "50", 1, 1000))].sort((a, b) => a - b);
  const profiles = whole("--profiles", values.get("--profiles") ?? (scale ? "4" : "6"), 4, 6);
  if (profiles !== 4 && profiles !== 6) throw new Error(`--profiles: expected 4 or 6 (got ${profiles})`);
  const pendingS = Number(values.get("--pending") ?? (scale ? "30" : "1"));
  if (!(pendingS >= 0 && pendingS <= 900)) throw new Error(`--pending: expected seconds 0..900 (got ${values.get("--pending")})`);
  const concurrency = values.has("--concurrency") || scale ? list("--concurrency", "16,64", 1, 64) : [undefined];
  const iam = values.get("--iam") ?? (scale || accounts.some((n) => n > 200) ? "direct" : "deploy");
  if (iam !== "deploy" && iam !== "direct") throw new Error(`--iam: expected deploy or direct (got ${iam})`);
  const single = accounts.length === 1 && concurrency.length === 1;
  return {
    accounts,
    profiles,
    pendingS,
    concurrency,
    iam,
    loop: !scale && !flags.has("--no-loop") && single,
    rerun: !scale && !flags.has("--no-rerun"),
    quick,
    cli: resolve(values.get("--cli") ?? join(PROJECT, "bin", "bedrock-access.js")),
    label: values.get("--label") ?? (scale ? "scale" : single && !values.has("--cli") ? undefined : "runs"),
    enableFlags: scale && !enableFlags.includes("--no-preflight") ? [...enableFlags, "--no-preflight"] : enableFlags,
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, (performance.now() - start) / 1000];
}

/** RunsOn's manual flow, per account: assume the role that may subscribe, then invoke each profile once. */
function cliLoop(
  submitterRoleArn: string,
  accounts: readonly { firstUseRoleArn: string; profiles: readonly string[] }[],
  endpoint: string,
): string {
  const form = JSON.stringify({
    companyName: "Example Corp",
    companyWebsite: "https://example.com",
    intendedUsers: "0",
    industryOption: "Technology",
    otherIndustryOption: "",
    useCases: "AI-assisted code review and test generation in CI pipelines.",
  });
  const lines = [
    "set -euo pipefail",
    `read -r K S T < <(aws sts assume-role --role-arn ${submitterRoleArn} --role-session-name loop --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)`,
    `AWS_ACCESS_KEY_ID=$K AWS_SECRET_ACCESS_KEY=$S AWS_SESSION_TOKEN=$T aws bedrock put-use-case-for-model-access --endpoint-url ${endpoint} --form-data '${Buffer.from(form).toString("base64")}'`,
  ];
  for (const account of accounts) {
    lines.push(
      `read -r K S T < <(aws sts assume-role --role-arn ${account.firstUseRoleArn} --role-session-name loop --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)`,
    );
    for (const profile of account.profiles) {
      lines.push(
        `AWS_ACCESS_KEY_ID=$K AWS_SECRET_ACCESS_KEY=$S AWS_SESSION_TOKEN=$T aws bedrock-runtime converse --endpoint-url ${endpoint} --model-id ${profile} --messages '[{"role":"user","content":[{"text":"Reply with OK only."}]}]' --query 'output.message.content[0].text' --output text > /dev/null`,
      );
    }
  }
  return lines.join("\n");
}

/**
 * The time a fresh run cannot beat by much, in seconds: the form's two calls (GetUseCaseForModelAccess, then
 * PutUseCaseForModelAccess; every account waits for them), one agreement's PENDING time, and the Bedrock calls the run
 * needs at the allowed rate: per profile the availability read, GetInferenceProfile (geographic profiles: us), the
 * first use, one re-check after PENDING, the runtime role's Converse and ConverseStream, each `LATENCY_MS`, at most
 * min(--concurrency, accounts × --account-concurrency) in flight. STS calls (moto, no added latency) are left out.
 */
function limitS(accounts: number, profiles: number, pendingS: number, concurrency: number, accountConcurrency: number): number {
  const geographic = profiles / BENCH_PROFILES.length;
  const calls = accounts * (5 * profiles + geographic);
  const inFlight = Math.min(concurrency, accounts * accountConcurrency);
  return (2 * LATENCY_MS) / 1000 + pendingS + (calls * LATENCY_MS) / 1000 / inFlight;
}

/** The Bedrock calls the emulator answered since its last reset, by operation. */
function emulatorCalls(sandbox: Sandbox): Record<string, number> {
  const byOperation: Record<string, number> = {};
  for (const c of sandbox.emulator.state().counts) byOperation[c.operation] = (byOperation[c.operation] ?? 0) + c.count;
  return byOperation;
}

interface EnableRun {
  readonly report: Report;
  readonly seconds: number;
  readonly maxRssMb: number;
  readonly cpuS: number;
  readonly emulatorCpuS: number;
  readonly calls: Record<string, number>;
}

async function enable(sandbox: Sandbox, cli: string, files: { config: string; outputs: string; report: string }, flags: readonly string[]) {
  const emulatorCpu = process.cpuUsage();
  const [child, seconds] = await timed(async () =>
    promisify(execFile)(
      "/usr/bin/time",
      [
        "-f",
        "maxrss_kb=%M cpu_s=%U+%S",
        process.execPath,
        cli,
        "enable",
        "--config",
        files.config,
        "--outputs",
        files.outputs,
        "--report",
        files.report,
        "--quiet",
        ...flags,
      ],
      { env: { ...cleanEnv(), ...(await sandbox.pipelineEnv()) }, maxBuffer: 1 << 26 },
    ).catch((err: unknown) => {
      // enable exits 1 when something failed: the report says what, and the bench shows it.
      if (isRecord(err) && typeof err.stderr === "string" && existsSync(files.report)) return { stderr: err.stderr };
      throw err;
    }),
  );
  const usage = process.cpuUsage(emulatorCpu);
  const report = reportSchema.parse(JSON.parse(readFileSync(files.report, "utf8")));
  rmSync(files.report);
  const cpu = /cpu_s=([\d.]+)\+([\d.]+)/.exec(child.stderr);
  return {
    report,
    seconds,
    maxRssMb: Math.round(Number(/maxrss_kb=(\d+)/.exec(child.stderr)?.[1] ?? 0) / 1024),
    cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN,
    emulatorCpuS: (usage.user + usage.system) / 1e6,
    calls: emulatorCalls(sandbox),
  } satisfies EnableRun;
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<void> {
  const a = args();
  const largest = Math.max(...a.accounts);
  const work = mkdtempSync(join(tmpdir(), "bedrock-bench-"));
  writeFileSync(join(work, "source.yaml"), benchConfig(largest, a.profiles / BENCH_PROFILES.length));
  const started = performance.now();
  const sandbox = await startSandbox({
    configFile: join(work, "source.yaml"),
    workDir: work,
    emulator: { pendingMs: a.pendingS * 1000, faults: { latencyMs: LATENCY_MS }, seed: 7 },
  });
  const setup: { step: string; seconds: number; note: string }[] = [
    { step: "sandbox: moto, the Organization, the emulator", seconds: (performance.now() - started) / 1000, note: `${largest} accounts` },
  ];
  const rows: { step: string; seconds: number; note: string }[] = [];
  try {
    const env = { ...cleanEnv(), ...sandbox.env };
    const outputsFile = join(work, "outputs.json");
    if (a.iam === "deploy") {
      log(`${largest} accounts × ${a.profiles} profiles; cdktf deploy ...`);
      const [deploy, deployS] = await timed(() => runCdktf(deployArgs(join(work, "cdktf.out"), outputsFile), { cwd: PROJECT, env }));
      if (deploy.exitCode !== 0) throw new Error(`cdktf deploy failed:\n${deploy.output.slice(-3000)}`);
      rows.push({ step: "cdktf deploy (--parallelism 4)", seconds: deployS, note: `${largest + 1} stacks` });
    } else {
      log(`${largest} accounts × ${a.profiles} profiles; cdktf synth, then the synthesized IAM created in moto ...`);
      const out = join(work, "cdktf.out");
      const [synth, synthS] = await timed(() => runCdktf(["synth", "--output", out], { cwd: PROJECT, env }));
      if (synth.exitCode !== 0) throw new Error(`cdktf synth failed:\n${synth.output.slice(-3000)}`);
      // Through the sandbox's IAM-write watch, as Terraform's writes go, so the emulator forgets what it cached.
      const [iam, iamS] = await timed(() => createSynthesizedIam(out, env.AWS_ENDPOINT_URL));
      writeFileSync(outputsFile, `${JSON.stringify(iam.outputs, null, 2)}\n`);
      const made = Object.entries(iam.resources).map(([type, n]) => `${n} ${type}`);
      setup.push({ step: "cdktf synth", seconds: synthS, note: `${iam.stacks} stacks` });
      setup.push({ step: "their IAM created in moto", seconds: iamS, note: made.join(", ") });
    }
    const raw = z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(outputsFile, "utf8")));

    // One config and one outputs file per size: its first N accounts.
    const sandboxConfig: unknown = parse(readFileSync(sandbox.configFile, "utf8"));
    const configAccounts: unknown = isRecord(sandboxConfig) ? sandboxConfig.accounts : undefined;
    if (!isRecord(sandboxConfig) || !Array.isArray(configAccounts)) throw new Error(`${sandbox.configFile}: no accounts`);
    const sizes = a.accounts.map((n) => {
      const names = sandbox.config.accounts.slice(0, n).map((acct) => acct.name);
      const config = join(work, `config-${n}.yaml`);
      const outputs = join(work, `outputs-${n}.json`);
      writeFileSync(config, stringify({ ...sandboxConfig, accounts: configAccounts.slice(0, n) }));
      const subset = Object.fromEntries(
        Object.entries(raw).filter(([stack]) => stack === "management" || names.includes(stack.replace(/^runtime-/, ""))),
      );
      writeFileSync(outputs, `${JSON.stringify(subset)}\n`);
      return { n, config, outputs };
    });

    let loopS = Number.NaN;
    if (a.loop) {
      const targets = sandbox.config.accounts.map((acct) => {
        const out = runtimeOutputsSchema.parse(raw[`runtime-${acct.name}`]);
        return { firstUseRoleArn: out.first_use_role_arn, profiles: out.model_profiles.map((p) => p.invocation_id) };
      });
      const submitter = managementOutputsSchema.parse(raw.management).use_case_submitter_role_arn;
      const pipeline = await sandbox.pipelineEnv();
      log("the aws CLI loop ...");
      [, loopS] = await timed(() =>
        promisify(execFile)("bash", ["-c", cliLoop(submitter, targets, sandbox.emulator.url)], {
          env: { ...cleanEnv(), ...pipeline },
          maxBuffer: 1 << 24,
        }),
      );
      rows.push({
        step: "aws CLI loop (RunsOn's guide)",
        seconds: loopS,
        note: `${largest * (a.profiles + 1)} CLI calls, one at a time`,
      });
    }

    const accountConcurrency = Number(flagValue(a.enableFlags, "--account-concurrency") ?? DEFAULT_ENABLE_OPTIONS.accountConcurrency);
    const matrix: MatrixRow[] = [];
    for (const size of sizes) {
      for (const c of a.concurrency) {
        const concurrency = c ?? DEFAULT_ENABLE_OPTIONS.concurrency;
        const flags = [...(c === undefined ? [] : ["--concurrency", String(c)]), ...a.enableFlags];
        sandbox.emulator.reset();
        log(`enable, ${size.n} accounts × ${a.profiles} profiles, ${flags.join(" ") || "default flags"} ...`);
        const files = { config: size.config, outputs: size.outputs, report: join(work, "report.json") };
        const fresh = await enable(sandbox, a.cli, files, flags);
        const limit = limitS(size.n, a.profiles, a.pendingS, concurrency, accountConcurrency);
        matrix.push(matrixRow(size.n, a.profiles, concurrency, accountConcurrency, fresh, limit));
        rows.push({
          step: `enable${flags.length > 0 ? ` ${flags.join(" ")}` : ""}, fresh Organization${a.accounts.length > 1 ? ` of ${size.n}` : ""}`,
          seconds: fresh.seconds,
          note: `exit ${fresh.report.exitCode}, ${fresh.report.summary.byStatus.enabled} enabled, ${(fresh.seconds / limit).toFixed(2)}× the limit (${limit.toFixed(1)} s), peak RSS ${fresh.maxRssMb} MB, CPU ${fresh.cpuS.toFixed(1)} s (emulator ${fresh.emulatorCpuS.toFixed(1)} s)`,
        });
        if (a.rerun) {
          const again = await enable(sandbox, a.cli, files, flags);
          rows.push({
            step: "enable, rerun on the enabled Organization",
            seconds: again.seconds,
            note: `exit ${again.report.exitCode}, ${again.report.summary.byStatus["already-enabled"]} already enabled, CPU ${again.cpuS.toFixed(1)} s`,
          });
        }
      }
    }

    const table = [
      `| step | seconds | vs CLI loop | |`,
      `|---|--:|--:|---|`,
      ...rows.map(
        (r) =>
          `| ${r.step} | ${r.seconds.toFixed(1)} | ${r.step.startsWith("enable") && a.loop ? `${(loopS / r.seconds).toFixed(1)}× faster` : ""} | ${r.note} |`,
      ),
      "",
      matrixTable(matrix, a.pendingS),
      "",
      `Limit = 2 × ${LATENCY_MS} ms (the use-case form) + PENDING ${a.pendingS} s + calls × ${LATENCY_MS} ms / min(--concurrency, accounts × --account-concurrency ${accountConcurrency}), calls = accounts × (5 per profile + 1 per geographic profile): the availability read, GetInferenceProfile, the first use, one re-check, the runtime role's Converse and ConverseStream.`,
      `Set-up: ${setup.map((s) => `${s.step} ${s.seconds.toFixed(1)} s (${s.note})`).join("; ")}.`,
    ].join("\n");
    process.stdout.write(`${table}\n`);
    const results = {
      date: new Date().toISOString(),
      quick: a.quick,
      accounts: largest,
      profilesPerAccount: a.profiles,
      latencyMs: LATENCY_MS,
      pendingMs: a.pendingS * 1000,
      rows,
      ...(matrix.length === 1 && { limitS: matrix[0].limitS }),
      node: process.version,
    };
    await record(a.label, {
      ...results,
      iam: a.iam,
      cli: a.cli === resolve(PROJECT, "bin", "bedrock-access.js") ? "this checkout" : a.cli,
      enableFlags: a.enableFlags,
      matrix,
      setup,
    });
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

interface MatrixRow {
  readonly accounts: number;
  readonly profilesPerAccount: number;
  readonly concurrency: number;
  readonly accountConcurrency: number;
  readonly seconds: number;
  readonly limitS: number;
  readonly ratio: number;
  readonly exitCode: number;
  readonly enabled: number;
  /** Bedrock calls the emulator answered, by operation. */
  readonly calls: Record<string, number>;
  /** Availability reads beyond the one per profile before its first use: the scheduler's polls. */
  readonly polls: number;
  readonly maxRssMb: number;
  readonly cpuS: number;
  readonly emulatorCpuS: number;
}

function matrixRow(
  accounts: number,
  profiles: number,
  concurrency: number,
  accountConcurrency: number,
  run: EnableRun,
  limit: number,
): MatrixRow {
  return {
    accounts,
    profilesPerAccount: profiles,
    concurrency,
    accountConcurrency,
    seconds: Number(run.seconds.toFixed(2)),
    limitS: Number(limit.toFixed(2)),
    ratio: Number((run.seconds / limit).toFixed(2)),
    exitCode: run.report.exitCode,
    enabled: run.report.summary.byStatus.enabled,
    calls: run.calls,
    polls: (run.calls.GetFoundationModelAvailability ?? 0) - accounts * profiles,
    maxRssMb: run.maxRssMb,
    cpuS: Number(run.cpuS.toFixed(1)),
    emulatorCpuS: Number(run.emulatorCpuS.toFixed(1)),
  };
}

function matrixTable(matrix: readonly MatrixRow[], pendingS: number): string {
  return [
    `| accounts × profiles, PENDING ${pendingS} s | --concurrency | seconds | limit (s) | × limit | Bedrock calls | polls | exit | enabled | peak RSS | CPU (enable / emulator) |`,
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ...matrix.map(
      (r) =>
        `| ${r.accounts} × ${r.profilesPerAccount} | ${r.concurrency} | ${r.seconds.toFixed(1)} | ${r.limitS.toFixed(1)} | ${r.ratio.toFixed(2)} | ${Object.values(r.calls).reduce((n, c) => n + c, 0)} | ${r.polls} | ${r.exitCode} | ${r.enabled} | ${r.maxRssMb} MB | ${r.cpuS.toFixed(1)} / ${r.emulatorCpuS.toFixed(1)} s |`,
    ),
  ].join("\n");
}

function flagValue(flags: readonly string[], name: string): string | undefined {
  const at = flags.indexOf(name);
  return at >= 0 ? flags[at + 1] : flags.find((f) => f.startsWith(`${name}=`))?.slice(name.length + 1);
}

/**
 * Records the run in bench-results/enable.json: the no-flag run at the top level (what the README cites), any other
 * under its label, next to the runs recorded before.
 */
async function record(label: string | undefined, run: Record<string, unknown>): Promise<void> {
  const earlier: unknown = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, "utf8")) : {};
  const kept = isRecord(earlier) ? earlier : {};
  const next = label === undefined ? { ...kept, ...run } : { ...kept, [label]: run };
  mkdirSync(join(PROJECT, "bench-results"), { recursive: true });
  // Formatted as the repository's Prettier config wants it, so `npm run check` stays green after a bench run.
  const options = await resolveConfig(RESULTS);
  writeFileSync(RESULTS, await format(JSON.stringify(next), { ...options, filepath: RESULTS }));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
