import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { count, parseOptions } from "../lib/cli/options";
import { errorMessage } from "../lib/core/errors";
import { DEPLOY_PARALLELISM, deployArgs, runCdktf } from "../sandbox/cdktf";
import { cleanEnv, startSandbox } from "../sandbox/sandbox";
import { benchConfig } from "./config";
import { samplePeak } from "./process-tree";

/**
 * `npm run bench:deploy -- [--stacks N] [--parallelism P]`: the real `cdktf deploy` of N stacks (the management
 * stack and N-1 runtime accounts) into the sandbox, P at a time, with the memory of the whole process tree
 * (cdktf, its synth, every terraform and AWS provider) summed every 250 ms. Prints a table and records the
 * run in bench-results/deploy.json, next to the runs of other sizes. A benchmark, not a test.
 */
const PROJECT = resolve(__dirname, "..");
const RESULTS = join(PROJECT, "bench-results", "deploy.json");
const SAMPLE_MS = 250;
const MIB = 1024 * 1024;

const argsSchema = z.object({ stacks: count(1000, 2), parallelism: count(64) });

function args(): z.output<typeof argsSchema> {
  const argv = process.argv.slice(2);
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] !== "--stacks" && argv[i] !== "--parallelism") throw new Error(`${argv[i]}: expected --stacks N and --parallelism P`);
    given.set(argv[i].slice(2), argv[i + 1] ?? "");
  }
  return parseOptions(argsSchema, {
    stacks: given.get("stacks") ?? "10",
    parallelism: given.get("parallelism") ?? String(DEPLOY_PARALLELISM),
  });
}

const runSchema = z.object({
  date: z.string(),
  stacks: z.number(),
  parallelism: z.number(),
  seconds: z.number(),
  secondsPerStack: z.number(),
  peakRssMiB: z.number(),
  peakPssMiB: z.number(),
  peakProcesses: z.number(),
  /** The largest VmRSS one process of each program reached, MiB: what one stack (terraform + provider) and cdktf cost. */
  largestProcessMiB: z.record(z.string(), z.number()),
  samples: z.number(),
  machine: z.object({ cpus: z.number(), memoryGiB: z.number(), node: z.string() }),
});
type Run = z.infer<typeof runSchema>;
const resultsSchema = z.object({ sampleMs: z.number(), runs: z.array(runSchema) });

/** The runs recorded so far, this one replacing an earlier run of the same size and parallelism. */
function record(run: Run): Run[] {
  const earlier = existsSync(RESULTS) ? resultsSchema.safeParse(JSON.parse(readFileSync(RESULTS, "utf8"))) : undefined;
  const runs = [
    ...(earlier?.success ? earlier.data.runs : []).filter((r) => r.stacks !== run.stacks || r.parallelism !== run.parallelism),
    run,
  ];
  runs.sort((a, b) => a.stacks - b.stacks || a.parallelism - b.parallelism);
  mkdirSync(join(PROJECT, "bench-results"), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify({ sampleMs: SAMPLE_MS, runs }, null, 2)}\n`);
  return runs;
}

function table(runs: readonly Run[]): string {
  return [
    "| stacks | parallelism | seconds | s / stack | peak summed RSS | peak summed PSS | processes at peak | date |",
    "|--:|--:|--:|--:|--:|--:|--:|---|",
    ...runs.map(
      (r) =>
        `| ${r.stacks} | ${r.parallelism} | ${r.seconds.toFixed(1)} | ${r.secondsPerStack.toFixed(2)} | ${(r.peakRssMiB / 1024).toFixed(2)} GiB | ${(r.peakPssMiB / 1024).toFixed(2)} GiB | ${r.peakProcesses} | ${r.date.slice(0, 10)} |`,
    ),
  ].join("\n");
}

/** The cdktf CLI that runCdktf starts: `node …/node_modules/.bin/cdktf deploy …`. */
const isCdktfDeploy = (argv: readonly string[]): boolean => argv.some((a) => a.endsWith("/.bin/cdktf")) && argv.includes("deploy");

async function main(): Promise<void> {
  const { stacks, parallelism } = args();
  const work = mkdtempSync(join(tmpdir(), "bedrock-bench-deploy-"));
  writeFileSync(join(work, "source.yaml"), benchConfig(stacks - 1));
  const sandbox = await startSandbox({ configFile: join(work, "source.yaml"), workDir: work });
  try {
    process.stderr.write(`bench: cdktf deploy of ${stacks} stacks, --parallelism ${parallelism} ...\n`);
    const outputsFile = join(work, "outputs.json");
    const sampler = samplePeak(isCdktfDeploy, SAMPLE_MS);
    const start = performance.now();
    const deploy = await runCdktf(deployArgs(join(work, "cdktf.out"), outputsFile, parallelism), {
      cwd: PROJECT,
      env: { ...cleanEnv(), ...sandbox.env },
    });
    const seconds = (performance.now() - start) / 1000;
    const { peak, samples, largestByName } = sampler.stop();
    if (deploy.exitCode !== 0) throw new Error(`cdktf deploy exited ${deploy.exitCode}:\n${deploy.output.slice(-3000)}`);
    const deployed = Object.keys(z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(outputsFile, "utf8")))).length;
    if (deployed !== stacks) throw new Error(`expected outputs of ${stacks} stacks in ${outputsFile}, found ${deployed}`);
    if (samples === 0) throw new Error("no memory sample found the cdktf process (is /proc readable?)");
    const run: Run = {
      date: new Date().toISOString(),
      stacks,
      parallelism,
      seconds,
      secondsPerStack: seconds / stacks,
      peakRssMiB: Math.round(peak.rssBytes / MIB),
      peakPssMiB: Math.round(peak.pssBytes / MIB),
      peakProcesses: peak.processes,
      largestProcessMiB: Object.fromEntries(Object.entries(largestByName).map(([name, bytes]) => [name, Math.round(bytes / MIB)])),
      samples,
      machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 1024 / MIB), node: process.version },
    };
    const runs = record(run);
    const largest = Object.entries(run.largestProcessMiB).map(([name, mib]) => `${name} ${mib} MiB`);
    process.stdout.write(
      `${table(runs)}\n\nThis run: ${table([run]).split("\n")[2]}\nLargest single process of each program: ${largest.join(", ")}\nRecorded in ${RESULTS}.\n`,
    );
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${errorMessage(err)}\n`);
  process.exitCode = 1;
});
