import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parse, stringify } from "yaml";
import { z } from "zod";
import { count, parseOptions } from "../lib/cli/options";
import { MANAGEMENT_STACK_NAME, runtimeStackName } from "../lib/contracts/stack-outputs/schema";
import { errorMessage } from "../lib/core/errors";
import type { ProcessResult } from "../lib/core/process";
import { runBedrockAccess, runCdktf } from "../sandbox/cdktf";
import { cleanEnv, startSandbox } from "../sandbox/sandbox";
import { benchConfig } from "./config";

/**
 * `npm run bench:changes -- [--stacks N] [--sample S] [--parallel P] [--synth-only]`: what a pull request that changes
 * one account of an N-stack Organization costs (issue 24) against planning every stack. In the sandbox: synthesize the
 * base, deploy a sample of S stacks and the changed one (so that their plans refresh real state), change one account's
 * trusted principals, then time `plan --base` (head synthesis, comparison, the one changed stack's plan) and
 * `stacks --base`, and `plan` of the S sample stacks at the same parallelism, extrapolated linearly to N stacks (said
 * so in the output and the results file: planning all N is not run). Plans use `--deploy-role` (the bench config has no
 * plan principals; a read-only plan runs the same terraform). `--synth-only` times the two syntheses alone.
 * Records the run in bench-results/changes.json. A benchmark, not a test.
 */
const PROJECT = resolve(__dirname, "..");
const RESULTS = join(PROJECT, "bench-results", "changes.json");
/** The account whose trusted principals the pull request changes: one in the middle of the config. */
const CHANGED_ACCOUNT = "acct-500";
const EXTRA_PRINCIPAL = "arn:aws:iam::111111111111:role/bench-extra-principal";
const GOAL_SECONDS = 60;

const argsSchema = z.object({ stacks: count(5000, 2), sample: count(200), parallel: count(64), synthOnly: z.boolean() });

function args(): z.output<typeof argsSchema> {
  const argv = process.argv.slice(2);
  const given = new Map<string, string>();
  let synthOnly = false;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--synth-only") synthOnly = true;
    else if (["--stacks", "--sample", "--parallel"].includes(argv[i])) given.set(argv[i].slice(2), argv[(i += 1)] ?? "");
    else throw new Error(`${argv[i]}: expected --stacks N, --sample S, --parallel P or --synth-only`);
  }
  return parseOptions(argsSchema, {
    stacks: given.get("stacks") ?? "1000",
    sample: given.get("sample") ?? "20",
    parallel: given.get("parallel") ?? "4",
    synthOnly,
  });
}

/** Runs a step, failing the bench with its output's tail when it fails; returns its seconds. */
async function timed(what: string, step: () => Promise<ProcessResult>): Promise<number> {
  process.stderr.write(`bench: ${what} ...\n`);
  const start = performance.now();
  const result = await step();
  const seconds = (performance.now() - start) / 1000;
  if (result.exitCode !== 0) throw new Error(`${what} exited ${result.exitCode}:\n${result.output.slice(-3000)}`);
  process.stderr.write(`bench: ${what}: ${seconds.toFixed(1)} s\n`);
  return seconds;
}

/** The pull request: one more trusted principal for one account, in the config the sandbox synthesizes from. */
function changeOneAccount(configFile: string): void {
  const accountSchema = z.looseObject({ name: z.string(), trustedPrincipals: z.array(z.string()) });
  const config = z.looseObject({ accounts: z.array(accountSchema) }).parse(parse(readFileSync(configFile, "utf8")));
  const account = config.accounts.find((a) => a.name === CHANGED_ACCOUNT);
  if (!account) throw new Error(`${CHANGED_ACCOUNT} is not in ${configFile} (expected --stacks above 501)`);
  account.trustedPrincipals.push(EXTRA_PRINCIPAL);
  writeFileSync(configFile, stringify(config));
}

const machine = () => ({ cpus: cpus().length, memoryGiB: Math.round(totalmem() / 1024 ** 3), node: process.version });

async function main(): Promise<void> {
  const { stacks, sample, parallel, synthOnly } = args();
  const given = process.argv.slice(2);
  const command = given.length > 0 ? `npm run bench:changes -- ${given.join(" ")}` : "npm run bench:changes";
  const work = mkdtempSync(join(tmpdir(), "bedrock-bench-changes-"));
  writeFileSync(join(work, "source.yaml"), benchConfig(stacks - 1));
  const sandbox = await startSandbox({ configFile: join(work, "source.yaml"), workDir: work });
  const env = { ...cleanEnv(), ...sandbox.env };
  const options = { cwd: PROJECT, env };
  const baseOut = join(work, "base.out");
  const headOut = join(work, "head.out");
  const changedStack = runtimeStackName(CHANGED_ACCOUNT);
  try {
    const synthBaseSeconds = await timed(`cdktf synth of the base, ${stacks} stacks`, () =>
      runCdktf(["synth", "--output", baseOut], options),
    );
    if (synthOnly) {
      changeOneAccount(sandbox.configFile);
      const synthHeadSeconds = await timed(`cdktf synth of the head, ${stacks} stacks`, () =>
        runCdktf(["synth", "--output", headOut], options),
      );
      const run = { date: new Date().toISOString(), command, machine: machine(), stacks, synthOnly, synthBaseSeconds, synthHeadSeconds };
      record(run);
      process.stdout.write(`${JSON.stringify(run, null, 2)}\nRecorded in ${RESULTS}.\n`);
      return;
    }
    // The sample's stacks and the changed one hold state, as deployed accounts do: their plans refresh it.
    const sampleStacks = [
      MANAGEMENT_STACK_NAME,
      ...Array.from({ length: sample - 1 }, (_, i) => runtimeStackName(`acct-${String(i).padStart(3, "0")}`)),
    ];
    const deployed = [...new Set([...sampleStacks, changedStack])];
    const deploySeconds = await timed(`cdktf deploy of ${deployed.length} stacks (setup, not compared)`, () =>
      runCdktf(
        [
          "deploy",
          ...deployed,
          "--skip-synth",
          "--auto-approve",
          "--skip-provider-lock",
          "--parallelism",
          String(parallel),
          "--output",
          baseOut,
        ],
        options,
      ),
    );

    changeOneAccount(sandbox.configFile);
    const planChangesSeconds = await timed("plan --base (head synthesis, comparison, the changed stacks' plans)", () =>
      runBedrockAccess(
        [
          "plan",
          "--deploy-role",
          "--base",
          baseOut,
          "--output",
          headOut,
          "--plans",
          join(work, "plans-changed"),
          "--parallel",
          String(parallel),
        ],
        options,
      ),
    );
    const stacksBaseSeconds = await timed("stacks --base", () =>
      runBedrockAccess(["stacks", "--base", baseOut, "--output", headOut], options),
    );
    const listed = await runBedrockAccess(["stacks", "--base", baseOut, "--output", headOut, "--json"], options);
    const changes = z
      .object({ changed: z.array(z.string()), added: z.array(z.string()), removed: z.array(z.string()) })
      .parse(JSON.parse(listed.stdout));
    if (changes.changed.join() !== changedStack || changes.added.length + changes.removed.length > 0)
      process.stderr.write(`bench: expected ${changedStack} alone to change, found ${JSON.stringify(changes)}\n`);

    const samplePlanSeconds = await timed(`plan of ${sample} stacks, --parallel ${parallel}`, () =>
      runBedrockAccess(
        [
          "plan",
          "--deploy-role",
          "--no-synth",
          "--output",
          headOut,
          "--plans",
          join(work, "plans-sample"),
          "--parallel",
          String(parallel),
          "--stack",
          ...sampleStacks,
        ],
        options,
      ),
    );
    // Every stack at the same parallelism: the head synthesis plus the sample's plans scaled to N stacks.
    const fullPlanExtrapolatedSeconds = synthBaseSeconds + (samplePlanSeconds * stacks) / sample;
    const changedPathSeconds = synthBaseSeconds + planChangesSeconds + stacksBaseSeconds;
    const run = {
      date: new Date().toISOString(),
      command,
      machine: machine(),
      stacks,
      sample,
      parallel,
      changedStack,
      changes,
      /** What a pull request's job runs: synthesize the base, `plan --base` (synthesizes the head), `stacks --base`. */
      synthBaseSeconds,
      planChangesSeconds,
      stacksBaseSeconds,
      changedPathSeconds,
      samplePlanSeconds,
      perStackPlanSeconds: samplePlanSeconds / sample,
      fullPlanExtrapolatedSeconds,
      extrapolated: `planning all ${stacks} stacks is not run: ${sample} stacks were planned at --parallel ${parallel} and scaled linearly to ${stacks}, plus one synthesis`,
      deploySetupSeconds: deploySeconds,
      goalSeconds: GOAL_SECONDS,
      withinGoal: changedPathSeconds < GOAL_SECONDS,
    };
    record(run);
    process.stdout.write(
      [
        `One-account change in ${stacks} stacks (${machine().cpus} cores):`,
        `  base synth ${synthBaseSeconds.toFixed(1)} s + plan --base ${planChangesSeconds.toFixed(1)} s + stacks --base ${stacksBaseSeconds.toFixed(1)} s = ${changedPathSeconds.toFixed(1)} s (goal < ${GOAL_SECONDS} s: ${run.withinGoal ? "met" : "missed"})`,
        `  every stack planned: ~${fullPlanExtrapolatedSeconds.toFixed(0)} s (EXTRAPOLATED from ${sample} stacks in ${samplePlanSeconds.toFixed(1)} s at --parallel ${parallel})`,
        `Recorded in ${RESULTS}.`,
        "",
      ].join("\n"),
    );
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** bench-results/changes.json: the latest run of each kind (full, or --synth-only). */
function record(run: { readonly synthOnly?: boolean } & Record<string, unknown>): void {
  const resultsSchema = z.object({ runs: z.array(z.record(z.string(), z.unknown())) });
  const earlier = existsSync(RESULTS) ? resultsSchema.safeParse(JSON.parse(readFileSync(RESULTS, "utf8"))) : undefined;
  const runs = [...(earlier?.success ? earlier.data.runs : []).filter((r) => Boolean(r.synthOnly) !== Boolean(run.synthOnly)), run];
  mkdirSync(join(PROJECT, "bench-results"), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify({ runs }, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${errorMessage(err)}\n`);
  process.exitCode = 1;
});
