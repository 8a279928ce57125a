import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { z } from "zod";
import { managementOutputsSchema, runtimeOutputsSchema } from "../lib/contracts/stack-outputs/schema";
import { reportSchema } from "../lib/contracts/report";
import { deployArgs, runCdktf } from "../sandbox/cdktf";
import { cleanEnv, startSandbox } from "../sandbox/sandbox";
import { BENCH_MODELS, BENCH_PROFILES, benchConfig } from "./config";

/**
 * `npm run bench -- [--quick] [--accounts N]`: enablement against the sandbox, with a realistic Bedrock
 * latency (300 ms per call) and agreements PENDING for 1 s, compared with the manual aws CLI loop of
 * RunsOn's guide (one process per call, one call at a time: assume the role, then one Converse per
 * profile). Prints a table and writes bench-results/enable.json. A benchmark, not a test.
 */
const PROJECT = resolve(__dirname, "..");
const LATENCY_MS = 300;
const PENDING_MS = 1_000;
const PROFILES_PER_ACCOUNT = BENCH_MODELS.length * BENCH_PROFILES.length;

function args(): { accounts: number; quick: boolean; loop: boolean; enableFlags: string[] } {
  const argv = process.argv.slice(2);
  const quick = argv.includes("--quick");
  const loop = !argv.includes("--no-loop");
  const flagsAt = argv.indexOf("--");
  const enableFlags = flagsAt >= 0 ? argv.slice(flagsAt + 1) : [];
  const at = argv.indexOf("--accounts");
  const accounts = at >= 0 ? Number(argv[at + 1]) : quick ? 5 : 50;
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > 200)
    throw new Error(`--accounts: expected a whole number 1..200 (got ${argv[at + 1] ?? ""})`);
  return { accounts, quick, loop, enableFlags };
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

async function main(): Promise<void> {
  const { accounts, quick, loop, enableFlags } = args();
  const work = mkdtempSync(join(tmpdir(), "bedrock-bench-"));
  writeFileSync(join(work, "source.yaml"), benchConfig(accounts));
  const sandbox = await startSandbox({
    configFile: join(work, "source.yaml"),
    workDir: work,
    emulator: { pendingMs: PENDING_MS, faults: { latencyMs: LATENCY_MS }, seed: 7 },
  });
  const rows: { step: string; seconds: number; note: string }[] = [];
  try {
    process.stderr.write(`bench: ${accounts} accounts × ${PROFILES_PER_ACCOUNT} profiles; deploying ...\n`);
    const outputsFile = join(work, "outputs.json");
    const env = { ...cleanEnv(), ...sandbox.env };
    const [deploy, deployS] = await timed(() => runCdktf(deployArgs(join(work, "cdktf.out"), outputsFile), { cwd: PROJECT, env }));
    if (deploy.exitCode !== 0) throw new Error(`cdktf deploy failed:\n${deploy.output.slice(-3000)}`);
    rows.push({ step: "cdktf deploy (--parallelism 4)", seconds: deployS, note: `${accounts + 1} stacks` });
    const raw = z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(outputsFile, "utf8")));
    const targets = sandbox.config.accounts.map((a) => {
      const out = runtimeOutputsSchema.parse(raw[`runtime-${a.name}`]);
      return { firstUseRoleArn: out.first_use_role_arn, profiles: out.model_profiles.map((p) => p.invocation_id) };
    });

    const pipeline = await sandbox.pipelineEnv();
    const submitter = managementOutputsSchema.parse(raw.management).use_case_submitter_role_arn;
    let loopS = Number.NaN;
    if (loop) {
      process.stderr.write("bench: the aws CLI loop ...\n");
      [, loopS] = await timed(() =>
        promisify(execFile)("bash", ["-c", cliLoop(submitter, targets, sandbox.emulator.url)], {
          env: { ...cleanEnv(), ...pipeline },
          maxBuffer: 1 << 24,
        }),
      );
      rows.push({
        step: "aws CLI loop (RunsOn's guide)",
        seconds: loopS,
        note: `${accounts * (PROFILES_PER_ACCOUNT + 1)} CLI calls, one at a time`,
      });
    }
    sandbox.emulator.reset();
    const report = join(work, "report.json");
    const enableArgs = [
      join(PROJECT, "bin", "bedrock-access.js"),
      "enable",
      "--config",
      sandbox.configFile,
      "--outputs",
      outputsFile,
      "--report",
      report,
      "--quiet",
      ...enableFlags,
    ];
    process.stderr.write(`bench: bedrock-access enable ${enableFlags.join(" ") || "(default flags)"} ...\n`);
    const run = async () => {
      const { stderr } = await promisify(execFile)("/usr/bin/time", ["-f", "maxrss_kb=%M cpu_s=%U+%S", process.execPath, ...enableArgs], {
        env: { ...cleanEnv(), ...(await sandbox.pipelineEnv()) },
        maxBuffer: 1 << 24,
      });
      const parsed = reportSchema.parse(JSON.parse(readFileSync(report, "utf8")));
      const cpu = /cpu_s=([\d.]+)\+([\d.]+)/.exec(stderr);
      return {
        parsed,
        maxRssMb: Math.round(Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1] ?? 0) / 1024),
        cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN,
      };
    };
    const emulatorCpu = process.cpuUsage();
    const [fresh, enableS] = await timed(run);
    const emulatorUsage = process.cpuUsage(emulatorCpu);
    const emulatorCpuS = (emulatorUsage.user + emulatorUsage.system) / 1e6;
    rows.push({
      step: `enable${enableFlags.length > 0 ? ` ${enableFlags.join(" ")}` : ""}, fresh Organization`,
      seconds: enableS,
      note: `exit ${fresh.parsed.exitCode}, ${fresh.parsed.summary.byStatus.enabled} enabled, peak RSS ${fresh.maxRssMb} MB, CPU ${fresh.cpuS.toFixed(1)} s (emulator ${emulatorCpuS.toFixed(1)} s)`,
    });
    const [again, rerunS] = await timed(run);
    rows.push({
      step: "enable, rerun on the enabled Organization",
      seconds: rerunS,
      note: `exit ${again.parsed.exitCode}, ${again.parsed.summary.byStatus["already-enabled"]} already enabled, CPU ${again.cpuS.toFixed(1)} s`,
    });

    // The use-case form first (GetUseCaseForModelAccess, then PutUseCaseForModelAccess: every account waits for
    // it), then per account the dependent chain of each profile (availability, GetInferenceProfile, Converse, one
    // re-check after PENDING, Converse + ConverseStream with the runtime role) with its calls 2 at a time.
    const callsPerAccount = PROFILES_PER_ACCOUNT * 6;
    const limitS = (2 * LATENCY_MS + (callsPerAccount * LATENCY_MS) / 2) / 1000 + PENDING_MS / 1000;
    const table = [
      `| step | seconds | vs CLI loop | |`,
      `|---|--:|--:|---|`,
      ...rows.map(
        (r) =>
          `| ${r.step} | ${r.seconds.toFixed(1)} | ${r.step.startsWith("enable") && loop ? `${(loopS / r.seconds).toFixed(1)}× faster` : ""} | ${r.note} |`,
      ),
      "",
      `Physical limit (the form's 2 calls, then all accounts at once, 2 calls in flight per account, ${LATENCY_MS} ms per call, PENDING ${PENDING_MS} ms): ≈ ${limitS.toFixed(1)} s; fresh enable is ${(enableS / limitS).toFixed(1)}× it.`,
    ].join("\n");
    process.stdout.write(`${table}\n`);
    const results = {
      date: new Date().toISOString(),
      quick,
      accounts,
      profilesPerAccount: PROFILES_PER_ACCOUNT,
      latencyMs: LATENCY_MS,
      pendingMs: PENDING_MS,
      rows,
      limitS,
      node: process.version,
    };
    const out = join(PROJECT, "bench-results");
    await promisify(execFile)("mkdir", ["-p", out]);
    writeFileSync(join(out, "enable.json"), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
