import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import pLimit from "p-limit";
import { readSynthesizedStacks, type SynthesizedStack } from "./cdktf-manifest";
import { InputError } from "../../core/errors";
import { silentLogger, type Logger } from "../../core/logger";
import { outputTail as tail, runCommand, type RunCommand } from "../../core/process";

export interface PlanRunOptions {
  /** The cdktf project (holds cdktf.json and node_modules/.bin/cdktf). */
  readonly projectDir: string;
  /** Where cdktf synthesizes the stacks. @default "<projectDir>/cdktf.out" */
  readonly outputDir?: string;
  /** Where `<stack>.json` plans are written; its *.json files are replaced. */
  readonly plansDir: string;
  /** Environment of cdktf and terraform: the config path, credentials, Terraform CLI config. */
  readonly env: NodeJS.ProcessEnv;
  /** Plan only these stacks. @default - every synthesized stack */
  readonly stacks?: readonly string[];
  /** Run `cdktf synth` first. @default true */
  readonly synth?: boolean;
  /** Stacks planned at once. @default 2 */
  readonly parallel?: number;
  /** Passed to `terraform plan -lock-timeout`, e.g. "5m". @default - Terraform's (no wait) */
  readonly lockTimeout?: string;
  /** @default "terraform" */
  readonly terraform?: string;
  readonly run?: RunCommand;
  readonly log?: Logger;
}

export interface StackPlanResult {
  readonly stack: string;
  /** The `terraform show -json` output, when the stack planned. */
  readonly jsonFile?: string;
  /** What failed, with the tail of Terraform's output. */
  readonly problem?: string;
}

export const PLAN_FILE = "plan.tfplan";

/** cdktf synth failed: no stack was planned; the message holds the tail of its output. */
export class SynthFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SynthFailed";
  }
}

/**
 * `npm run plan`: synthesizes the stacks, then per stack `terraform init`, `terraform plan -out` and
 * `terraform show -json`, writing `<plansDir>/<stack>.json`. Every stack is planned even when one
 * fails; the results say which did.
 */
export async function planStacks(options: PlanRunOptions): Promise<StackPlanResult[]> {
  const run = options.run ?? runCommand;
  const log = options.log ?? silentLogger;
  const outputDir = resolve(options.outputDir ?? join(options.projectDir, "cdktf.out"));
  const env: NodeJS.ProcessEnv = { ...options.env, TF_IN_AUTOMATION: "1", CI: "true", FORCE_COLOR: "0", NO_COLOR: "1" };

  if (options.synth ?? true) {
    log.info(`cdktf synth --output ${outputDir}`);
    mkdirSync(outputDir, { recursive: true }); // cdktf creates only the last level itself
    const synth = await run(join(options.projectDir, "node_modules", ".bin", "cdktf"), ["synth", "--output", outputDir], {
      cwd: options.projectDir,
      env,
    });
    if (synth.exitCode !== 0) throw new SynthFailed(`cdktf synth failed (exit ${synth.exitCode}):\n${tail(synth)}`);
  }
  const stacks = selectStacks(readSynthesizedStacks(outputDir), options.stacks);

  const plansDir = resolve(options.plansDir);
  mkdirSync(plansDir, { recursive: true });
  for (const stale of readdirSync(plansDir).filter((f) => f.endsWith(".json"))) rmSync(join(plansDir, stale));

  const limit = pLimit(Math.max(1, options.parallel ?? 2));
  return Promise.all(stacks.map((stack) => limit(() => planOne(stack, plansDir, env, run, log, options))));
}

function selectStacks(all: readonly SynthesizedStack[], wanted: readonly string[] | undefined): SynthesizedStack[] {
  if (!wanted || wanted.length === 0) return [...all];
  const unknown = wanted.filter((name) => !all.some((s) => s.name === name));
  if (unknown.length > 0)
    throw new InputError("--stack: unknown stacks", [
      `no synthesized stack named ${unknown.join(", ")}; expected one of ${all.map((s) => s.name).join(", ")}`,
    ]);
  return all.filter((s) => wanted.includes(s.name));
}

async function planOne(
  stack: SynthesizedStack,
  plansDir: string,
  env: NodeJS.ProcessEnv,
  run: RunCommand,
  log: Logger,
  options: PlanRunOptions,
): Promise<StackPlanResult> {
  const terraform = options.terraform ?? "terraform";
  const at = { cwd: stack.directory, env };
  const steps: [string, string[]][] = [
    ["init", ["init", "-input=false", "-no-color"]],
    [
      "plan",
      ["plan", "-input=false", "-no-color", `-out=${PLAN_FILE}`, ...(options.lockTimeout ? [`-lock-timeout=${options.lockTimeout}`] : [])],
    ],
  ];
  for (const [name, args] of steps) {
    log.info(`${stack.name}: terraform ${name}`);
    const result = await run(terraform, args, at);
    if (result.exitCode !== 0)
      return { stack: stack.name, problem: `terraform ${name} failed (exit ${result.exitCode}):\n${tail(result)}` };
  }
  const show = await run(terraform, ["show", "-json", "-no-color", PLAN_FILE], at);
  if (show.exitCode !== 0) return { stack: stack.name, problem: `terraform show -json failed (exit ${show.exitCode}):\n${tail(show)}` };
  const jsonFile = join(plansDir, `${stack.name}.json`);
  writeFileSync(jsonFile, show.stdout);
  log.info(`${stack.name}: wrote ${jsonFile}`);
  return { stack: stack.name, jsonFile };
}
