import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import pLimit from "p-limit";
import { z } from "zod";
import { readSynthesizedStacks, type SynthesizedStack } from "./cdktf-manifest";
import { PROVIDER_ROLE_ENV, type ProviderRole } from "../../config/provider-role";
import { errorMessage, InputError } from "../../core/errors";
import { RESOURCE_NAMES } from "../../domain/names";
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
  /**
   * Which role the stacks' providers assume: `plan`, each stack's read-only plan-reader role (cdktf synth runs with
   * BEDROCK_ACCESS_PROVIDER_ROLE=plan, stacks synthesized earlier must assume it, and `terraform plan` takes no state
   * lock: `-lock=false`, except on the cloud backend, whose speculative plans lock nothing of ours); `deploy`, the
   * Terraform role. `bedrock-access plan` defaults to `plan`. @default "deploy"
   */
  readonly providerRole?: ProviderRole;
  /** Passed to `terraform plan -lock-timeout`, e.g. "5m", when the plan takes a lock. @default - Terraform's (no wait) */
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
    });
    if (synth.exitCode !== 0) throw new SynthFailed(`cdktf synth failed (exit ${synth.exitCode}):\n${tail(synth)}`);
  }
  const stacks = selectStacks(readSynthesizedStacks(outputDir), options.stacks);
  // Read-only: every stack must assume its plan-reader role (stacks synthesized for deploy would assume the Terraform role).
  const settings = new Map(stacks.map((stack) => [stack.name, providerRole === "plan" ? readOnlySettings(stack) : { cloud: false }]));

  const plansDir = resolve(options.plansDir);
  mkdirSync(plansDir, { recursive: true });
  for (const stale of readdirSync(plansDir).filter((f) => f.endsWith(".json"))) rmSync(join(plansDir, stale));

  const limit = pLimit(Math.max(1, options.parallel ?? 2));
  return Promise.all(
    stacks.map((stack) =>
      limit(() => planOne(stack, plansDir, env, run, log, { ...options, providerRole }, settings.get(stack.name)?.cloud ?? false)),
    ),
  );
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
  options: PlanRunOptions & { readonly providerRole: ProviderRole },
  cloud: boolean,
): Promise<StackPlanResult> {
  const terraform = options.terraform ?? "terraform";
  const at = { cwd: stack.directory, env };
  const unlocked = options.providerRole === "plan" && !cloud;
  const locking = unlocked ? ["-lock=false"] : options.lockTimeout ? [`-lock-timeout=${options.lockTimeout}`] : [];
  const steps: [string, string[]][] = [
    ["init", ["init", "-input=false", "-no-color"]],
    ["plan", ["plan", "-input=false", "-no-color", `-out=${PLAN_FILE}`, ...locking]],
  ];
  for (const [name, args] of steps) {
    log.info(`${stack.name}: terraform ${name}`);
    const result = await run(terraform, args, at);
    if (result.exitCode !== 0) {
      const hint = options.providerRole === "plan" ? planReaderHint(`${result.stdout}\n${result.stderr}\n${result.output}`) : "";
      return { stack: stack.name, problem: `terraform ${name} failed (exit ${result.exitCode}):${hint}\n${tail(result)}` };
    }
  }
  const show = await run(terraform, ["show", "-json", "-no-color", PLAN_FILE], at);
  if (show.exitCode !== 0) return { stack: stack.name, problem: `terraform show -json failed (exit ${show.exitCode}):\n${tail(show)}` };
  const jsonFile = join(plansDir, `${stack.name}.json`);
  writeFileSync(jsonFile, show.stdout);
  log.info(`${stack.name}: wrote ${jsonFile}`);
  return { stack: stack.name, jsonFile };
}

const synthesizedStackSchema = z.object({
  provider: z.object({ aws: z.array(z.object({ assume_role: z.array(z.object({ role_arn: z.string() })).optional() })) }).optional(),
  terraform: z.object({ cloud: z.unknown().optional() }).optional(),
});

/**
 * For a read-only plan: whether the stack uses the cloud backend, after checking that its provider assumes the
 * plan-reader role. A stack synthesized for deploy (BEDROCK_ACCESS_PROVIDER_ROLE unset) is bad input, not a plan
 * with deploy rights.
 */
function readOnlySettings(stack: SynthesizedStack): { cloud: boolean } {
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
      `its provider assumes ${roles.length === 0 ? "no role" : notReader.join(", ")}, not the ${RESOURCE_NAMES.planReaderRole} role: synthesize with ${PROVIDER_ROLE_ENV}=plan (or leave out --no-synth), or plan with the deploy role (--deploy-role)`,
    ]);
  return { cloud: parsed.terraform?.cloud !== undefined };
}

/** Why a read-only plan could not assume the plan-reader role, when that is what failed. */
function planReaderHint(output: string): string {
  if (!/assum/i.test(output) || !output.includes(RESOURCE_NAMES.planReaderRole)) return "";
  return (
    `\ncannot assume the ${RESOURCE_NAMES.planReaderRole} role: it does not exist yet (a new account, or no deploy since ` +
    `managementAccount.planPrincipals was set: the next deploy from main creates it), or it does not trust these credentials ` +
    `(they must be one of managementAccount.planPrincipals). Other stacks are planned; plan this one with --deploy-role from a ` +
    `trusted machine, or merge and let the deploy create the role.`
  );
}
