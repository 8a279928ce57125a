import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import pLimit from "p-limit";
import { z } from "zod";
import type { SynthesizedStack } from "../cdktf-manifest";
import { chooseStacks, type StackChoice } from "./choose-stacks";
import { synthesizedPlan } from "./synthesized-plan";
import { PROVIDER_ROLE_ENV, type ProviderRole } from "../../config/provider-role";
import { errorMessage, InputError } from "../../core/errors";
import { RESOURCE_NAMES } from "../../domain/names";
import { silentLogger, type Logger } from "../../core/logger";
import { writeFileAtomically } from "../../core/output-files";
import { writePlanSelection } from "../../contracts/plan-selection";
import { outputTail as tail, runCommand, type ProcessOptions, type ProcessResult, type RunCommand } from "../../core/process";

export interface PlanRunOptions extends StackChoice {
  /** The cdktf project (holds cdktf.json and node_modules/.bin/cdktf). */
  readonly projectDir: string;
  /** Where cdktf synthesizes the stacks. @default "<projectDir>/cdktf.out" */
  readonly outputDir?: string;
  /** Where `<stack>.json` plans are written; its *.json files are replaced. */
  readonly plansDir: string;
  /** Environment of cdktf and terraform: the config path, credentials, Terraform CLI config. */
  readonly env: NodeJS.ProcessEnv;
  /** Run `cdktf synth` first. @default true */
  readonly synth?: boolean;
  /** Stacks planned at once. @default 2 */
  readonly parallel?: number;
  /**
   * Which role the stacks' providers assume: `plan`, each stack's read-only plan-reader role (cdktf synth runs with
   * BEDROCK_ACCESS_PROVIDER_ROLE=plan, stacks synthesized earlier must assume it, and `terraform plan` takes no state
   * lock: `-lock=false`, except on the cloud backend, whose speculative plans lock nothing of ours); `deploy`, the
   * Terraform role. `bedrock-access plan` defaults to `plan`. @default "deploy"
   */
  readonly providerRole?: ProviderRole;
  /**
   * Drift check: `terraform plan -detailed-exitcode`; a stack whose plan has changes (exit 2) is `drifted`. With the
   * deploy role, on main's code: a change there was made outside Terraform. @default false
   */
  readonly detectDrift?: boolean;
  /** Passed to `terraform plan -lock-timeout`, e.g. "5m", when the plan takes a lock. @default - Terraform's (no wait) */
  readonly lockTimeout?: string;
  /** @default "terraform" */
  readonly terraform?: string;
  readonly run?: RunCommand;
  readonly log?: Logger;
  /** Stops every cdktf and terraform process (SIGTERM, then SIGKILL after a grace) and starts no more. @default - none */
  readonly signal?: AbortSignal;
  /** Each cdktf and terraform process is stopped the same way after this long. @default - no deadline */
  readonly processTimeoutMs?: number;
}

export interface StackPlanResult {
  readonly stack: string;
  /** The `terraform show -json` output, when the stack planned (or its review from the synthesized configuration). */
  readonly jsonFile?: string;
  /**
   * `synthesized`: not planned; a read-only plan could not assume the plan-reader role and the stack has no state (a new
   * account), so `jsonFile` is its review from the synthesized configuration (synthesized-plan.ts).
   */
  readonly review?: "synthesized";
  /** Only the base synthesis has the stack: `jsonFile` is its destroy plan, planned in the base's stack directory. */
  readonly removed?: true;
  /** A drift check whose plan has changes: the stack differs from its configuration. */
  readonly drifted?: true;
  /** What failed, with the tail of Terraform's output. */
  readonly problem?: string;
}

const PLAN_FILE = "plan.tfplan";

/** cdktf synth failed: no stack was planned; the message holds the tail of its output. */
export class SynthFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SynthFailed";
  }
}

/**
 * `npm run plan`: synthesizes the stacks, then per stack `terraform init`, `terraform plan -out` and
 * `terraform show -json`, writing `<plansDir>/<stack>.json`. Every chosen stack is planned even when one
 * fails; the results say which did. With a base, only the stacks whose configuration changed, the new ones, and
 * (`plan -destroy`, in the base synthesis) the removed ones. What was chosen is written to `<plansDir>/plan-selection.meta`.
 */
export async function planStacks(options: PlanRunOptions): Promise<StackPlanResult[]> {
  const run = options.run ?? runCommand;
  const log = options.log ?? silentLogger;
  const outputDir = resolve(options.outputDir ?? join(options.projectDir, "cdktf.out"));
  const providerRole = options.providerRole ?? "deploy";
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    [PROVIDER_ROLE_ENV]: providerRole,
    TF_IN_AUTOMATION: "1",
    CI: "true",
    FORCE_COLOR: "0",
    NO_COLOR: "1",
  };

  if (options.synth ?? true) {
    log.info(`cdktf synth --output ${outputDir}`);
    mkdirSync(outputDir, { recursive: true }); // cdktf creates only the last level itself
    const synth = await run(join(options.projectDir, "node_modules", ".bin", "cdktf"), ["synth", "--output", outputDir], {
      cwd: options.projectDir,
      env,
      ...stopping(options),
    });
    if (synth.stopped) throw new SynthFailed(`cdktf synth ${stoppedBecause(synth.stopped, options)}:\n${tail(synth)}`);
    if (synth.exitCode !== 0) throw new SynthFailed(`cdktf synth failed (exit ${synth.exitCode}):\n${tail(synth)}`);
  }
  if (options.detectDrift && options.base !== undefined)
    throw new InputError("--detect-drift and --base", ["expected at most one of them: a drift check plans every stack"]);
  const chosen = chooseStacks(outputDir, options);
  if (chosen.warning) log.warn(chosen.warning);
  if (options.base !== undefined) {
    log.info(`${chosen.unchanged.length} stacks unchanged since ${options.base}: not planned`);
    if (chosen.destroy.length > 0)
      log.info(`removed (only in --base), planned as destroys: ${chosen.destroy.map((s) => s.name).join(", ")}`);
  }
  const jobs: { readonly stack: SynthesizedStack; readonly destroy: boolean }[] = [
    ...chosen.plan.map((stack) => ({ stack, destroy: false })),
    ...chosen.destroy.map((stack) => ({ stack, destroy: true })),
  ];
  // Read-only: every stack must assume its plan-reader role (stacks synthesized for deploy would assume the Terraform role).
  // A removed stack's provider is the base synthesis's.
  const settings = new Map(
    jobs.map(({ stack }): [string, StackSettings] => [stack.name, providerRole === "plan" ? readOnlySettings(stack) : DEPLOY_SETTINGS]),
  );

  const plansDir = resolve(options.plansDir);
  mkdirSync(plansDir, { recursive: true });
  for (const stale of readdirSync(plansDir).filter((f) => f.endsWith(".json"))) rmSync(join(plansDir, stale));

  const limit = pLimit(Math.max(1, options.parallel ?? 2));
  const results = await Promise.all(
    jobs.map(({ stack, destroy }) =>
      limit(() =>
        planOne(stack, plansDir, env, run, log, { ...options, providerRole, destroy }, settings.get(stack.name) ?? DEPLOY_SETTINGS),
      ),
    ),
  );
  writePlanSelection(plansDir, {
    version: 1,
    ...(options.shard && { shard: { index: options.shard.index, count: options.shard.count } }),
    ...(options.base !== undefined && { base: options.base }),
    planned: chosen.plan.map((s) => s.name),
    removed: chosen.destroy.map((s) => s.name),
    unchanged: [...chosen.unchanged],
    ...(options.detectDrift && { drifted: results.filter((r) => r.drifted).map((r) => r.stack) }),
  });
  return results;
}

/** The interruption and the deadline every child process of the plan gets. */
function stopping(options: PlanRunOptions): Pick<ProcessOptions, "signal" | "timeoutMs"> {
  return {
    ...(options.signal && { signal: options.signal }),
    ...(options.processTimeoutMs !== undefined && { timeoutMs: options.processTimeoutMs }),
  };
}

function stoppedBecause(why: NonNullable<ProcessResult["stopped"]>, options: PlanRunOptions): string {
  return why === "deadline" ? `stopped after ${(options.processTimeoutMs ?? 0) / 1000} s (--process-timeout)` : "stopped: interrupted";
}

async function planOne(
  stack: SynthesizedStack,
  plansDir: string,
  env: NodeJS.ProcessEnv,
  run: RunCommand,
  log: Logger,
  options: PlanRunOptions & { readonly providerRole: ProviderRole; readonly destroy?: boolean },
  settings: StackSettings,
): Promise<StackPlanResult> {
  const removed = options.destroy ? ({ removed: true } as const) : {};
  if (options.signal?.aborted) return { stack: stack.name, ...removed, problem: "not planned: interrupted before it started" };
  const terraform = options.terraform ?? "terraform";
  const at: ProcessOptions = { cwd: stack.directory, env, ...stopping(options) };
  const unlocked = options.providerRole === "plan" && !settings.cloud;
  const locking = unlocked ? ["-lock=false"] : options.lockTimeout ? [`-lock-timeout=${options.lockTimeout}`] : [];
  const steps: [string, string[]][] = [
    ["init", ["init", "-input=false", "-no-color"]],
    [
      "plan",
      [
        "plan",
        ...(options.destroy ? ["-destroy"] : []),
        "-input=false",
        "-no-color",
        `-out=${PLAN_FILE}`,
        ...locking,
        ...(options.detectDrift ? ["-detailed-exitcode"] : []),
      ],
    ],
  ];
  let drifted = false;
  for (const [name, args] of steps) {
    log.info(`${stack.name}: terraform ${name}${options.destroy ? " (removed: destroy plan, in the base synthesis)" : ""}`);
    const result = await run(terraform, args, at);
    if (result.stopped) return { stack: stack.name, ...removed, problem: `terraform ${name} ${stoppedBecause(result.stopped, options)}` };
    // -detailed-exitcode: 0 no changes, 1 error, 2 changes.
    if (name === "plan" && options.detectDrift && result.exitCode === 2) drifted = true;
    else if (result.exitCode !== 0) {
      const failed = `terraform ${name} failed (exit ${result.exitCode}):`;
      // A removed stack has no synthesized configuration to review: its plan fails like any other failure.
      if (name === "plan" && !options.destroy && options.providerRole === "plan" && cannotAssume(result, settings.planReaders))
        return withoutPlanReader(stack, plansDir, { failed, plan: result, terraform, at, run, log });
      return { stack: stack.name, ...removed, problem: `${failed}\n${tail(result)}` };
    }
  }
  const show = await run(terraform, ["show", "-json", "-no-color", PLAN_FILE], at);
  if (show.stopped) return { stack: stack.name, ...removed, problem: `terraform show -json ${stoppedBecause(show.stopped, options)}` };
  if (show.exitCode !== 0)
    return { stack: stack.name, ...removed, problem: `terraform show -json failed (exit ${show.exitCode}):\n${tail(show)}` };
  const jsonFile = join(plansDir, `${stack.name}.json`);
  // Masked like every file the tool writes: a credential in a variable or attribute value stays out of the artifact.
  writeFileAtomically(jsonFile, show.stdout);
  log.info(`${stack.name}: wrote ${jsonFile}`);
  return { stack: stack.name, jsonFile, ...removed, ...(drifted && { drifted: true as const }) };
}

const synthesizedStackSchema = z.object({
  provider: z.object({ aws: z.array(z.object({ assume_role: z.array(z.object({ role_arn: z.string() })).optional() })) }).optional(),
  terraform: z.object({ cloud: z.unknown().optional() }).optional(),
});

interface StackSettings {
  /** The stack uses the cloud backend (HCP Terraform). */
  readonly cloud: boolean;
  /** Read-only plans: the plan-reader role ARNs its providers assume. */
  readonly planReaders: readonly string[];
}

const DEPLOY_SETTINGS: StackSettings = { cloud: false, planReaders: [] };

/**
 * For a read-only plan: whether the stack uses the cloud backend, and the plan-reader roles, after checking that its
 * provider assumes the plan-reader role. A stack synthesized for deploy (BEDROCK_ACCESS_PROVIDER_ROLE unset) is bad
 * input, not a plan with deploy rights.
 */
function readOnlySettings(stack: SynthesizedStack): StackSettings {
  const file = join(stack.directory, "cdk.tf.json");
  let parsed: z.infer<typeof synthesizedStackSchema>;
  try {
    parsed = synthesizedStackSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch (err) {
    throw new InputError(`${file}: cannot read the synthesized stack`, [`cannot read it (${errorMessage(err)}); run cdktf synth first`]);
  }
  const roles = (parsed.provider?.aws ?? []).flatMap((p) => (p.assume_role ?? []).map((a) => a.role_arn));
  const notReader = roles.filter((arn) => !arn.endsWith(`${RESOURCE_NAMES.planReaderRole}`));
  if (roles.length === 0 || notReader.length > 0)
    throw new InputError(`${stack.name}: not synthesized for a read-only plan`, [
      `its provider assumes ${roles.length === 0 ? "no role" : notReader.join(", ")}, not the ${RESOURCE_NAMES.planReaderRole} role: synthesize with ${PROVIDER_ROLE_ENV}=plan (or leave out --no-synth)`,
    ]);
  return { cloud: parsed.terraform?.cloud !== undefined, planReaders: roles };
}

/** The AWS provider's "Cannot assume IAM Role … IAM Role (ARN) cannot be assumed", for one of the stack's plan-reader roles. */
function cannotAssume(result: ProcessResult, planReaders: readonly string[]): boolean {
  // Terraform wraps diagnostics at spaces ("… cannot\n be assumed."); an ARN has none.
  const output = `${result.stdout}\n${result.stderr}\n${result.output}`.replace(/\s+/g, " ");
  return /cannot (be )?assume/i.test(output) && planReaders.some((arn) => output.includes(arn));
}

const PLAN_READER = `the ${RESOURCE_NAMES.planReaderRole} role`;

/** Why an existing account's read-only plan failed, and the fix (never a plan of the pull request's code with deploy rights). */
const missingPlanReaderMessage = (resources: number): string =>
  `cannot assume ${PLAN_READER}, and the stack has state (${resources} resource${resources === 1 ? "" : "s"}): an existing ` +
  `account whose ${RESOURCE_NAMES.planReaderRole} role is missing (no deploy from main since managementAccount.planPrincipals ` +
  `was set, or the role was deleted). Fix: deploy from main, which creates the role, then plan again. (If the role exists, ` +
  `these credentials are not one of managementAccount.planPrincipals.)`;

/** `terraform state list` failed, so a new account (no state) cannot be told from an existing one. */
const unknownStateMessage = (exitCode: number): string =>
  `cannot assume ${PLAN_READER}, and terraform state list failed (exit ${exitCode}), so whether the stack has state is ` +
  `unknown (a new account, with none, is reviewed from its synthesized configuration): check that these credentials may ` +
  `read the state. An existing account's missing ${RESOURCE_NAMES.planReaderRole} role is created by a deploy from main.`;

type StackState =
  | { readonly kind: "none" }
  | { readonly kind: "resources"; readonly count: number }
  | { readonly kind: "unknown"; readonly result: ProcessResult };

/**
 * What the stack's state holds, from `terraform state list` (after init): it reads the backend with the job's own
 * credentials and configures no provider. A state never written is "No state file was found!" (exit 1), an empty one
 * prints nothing (exit 0).
 */
async function stateOf(terraform: string, at: ProcessOptions, run: RunCommand): Promise<StackState> {
  const result = await run(terraform, ["state", "list", "-no-color"], at);
  if (result.exitCode !== 0)
    return /No state file was found/.test(`${result.stderr}\n${result.output}`) ? { kind: "none" } : { kind: "unknown", result };
  const count = result.stdout.split("\n").filter((line) => line.trim() !== "").length;
  return count === 0 ? { kind: "none" } : { kind: "resources", count };
}

interface FailedPlan {
  /** `terraform plan failed (exit 1):` */
  readonly failed: string;
  readonly plan: ProcessResult;
  readonly terraform: string;
  readonly at: ProcessOptions;
  readonly run: RunCommand;
  readonly log: Logger;
}

/**
 * A read-only plan that cannot assume the stack's plan-reader role. With no state, the account is new: nothing exists
 * there yet to read, and the deploy from main creates the role; the stack is reviewed from its synthesized
 * configuration instead, with no credentials in the account. With state, the account exists and its role is
 * missing: the plan fails, and only a deploy from main fixes it.
 */
async function withoutPlanReader(stack: SynthesizedStack, plansDir: string, f: FailedPlan): Promise<StackPlanResult> {
  f.log.info(`${stack.name}: cannot assume ${PLAN_READER}; terraform state list`);
  const state = await stateOf(f.terraform, f.at, f.run);
  if (state.kind === "resources")
    return { stack: stack.name, problem: `${f.failed}\n${missingPlanReaderMessage(state.count)}\n${tail(f.plan)}` };
  if (state.kind === "unknown")
    return {
      stack: stack.name,
      problem: `${f.failed}\n${unknownStateMessage(state.result.exitCode)}\n${tail(f.plan)}\nterraform state list:\n${tail(state.result, 10)}`,
    };
  const file = join(stack.directory, "cdk.tf.json");
  let review: string;
  try {
    review = JSON.stringify(synthesizedPlan(JSON.parse(readFileSync(file, "utf8"))), null, 2);
  } catch (err) {
    return {
      stack: stack.name,
      problem: `${f.failed}\ncannot assume ${PLAN_READER} and the stack has no state (a new account), but ${file} cannot be reviewed: ${errorMessage(err)}\n${tail(f.plan)}`,
    };
  }
  const jsonFile = join(plansDir, `${stack.name}.json`);
  writeFileAtomically(jsonFile, `${review}\n`);
  f.log.warn(
    `${stack.name}: no state and no ${RESOURCE_NAMES.planReaderRole} role yet (a new account): reviewed from its synthesized configuration, not planned against AWS; wrote ${jsonFile}`,
  );
  return { stack: stack.name, jsonFile, review: "synthesized" };
}
