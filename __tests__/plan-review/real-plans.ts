import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { loadConfigFile } from "../../lib/config/load";
import type { AccessConfig } from "../../lib/config/schema";
import type { StackSummary } from "../../lib/plan-review/model";
import { readSynthesizedStacks } from "../../lib/plan-review/cdktf-manifest";
import { planStacks, type StackPlanResult } from "../../lib/plan-review/run/run-plans";
import { synthInProcess } from "../helpers/synth";
import type { Deployed } from "../helpers/deployed-sandbox";
import { cleanEnv } from "../../sandbox/sandbox";

/** Test fixture: the example Organization deployed into moto, then planned again with changed configs. */
export const PROJECT = resolve(__dirname, "..", "..");
export const PIPELINE = "arn:aws:iam::111111111111:role/platform-pipeline";
export const NEW_ACCOUNT = { name: "data-platform", id: "444444444444" };
export const NEW_MODEL = "anthropic.claude-haiku-5-5";

export type RawConfig = Record<string, unknown> & {
  models: Record<string, unknown>[];
  accounts: (Record<string, unknown> & { githubOidc?: { repositories: Record<string, unknown>[] } })[];
};

export function exampleConfig(stateDir: string): RawConfig {
  const raw = parse(readFileSync(join(PROJECT, "bedrock-access.yaml"), "utf8")) as RawConfig;
  raw.backend = { type: "local", directory: stateDir };
  return raw;
}

/** The config changes a pull request would make. */
export const VARIANTS = {
  "add-model": (raw: RawConfig) => {
    raw.models.push({ id: NEW_MODEL, profiles: ["us", "global"] });
  },
  "add-account": (raw: RawConfig) => {
    raw.accounts.push({
      ...NEW_ACCOUNT,
      regions: ["us-west-2"],
      models: ["anthropic.claude-sonnet-5-5"],
      trustedPrincipals: [PIPELINE],
      githubOidc: { repositories: [{ repository: "example-org/data-pipelines", refs: ["refs/heads/main"] }] },
    });
  },
  "widen-oidc": (raw: RawConfig) => {
    const repositories = raw.accounts[1].githubOidc?.repositories ?? [];
    repositories[repositories.findIndex((r) => r.repository === "example-org/agents")] = {
      repository: "example-org/*",
      refs: ["refs/heads/main"],
      allowWildcard: true,
    };
  },
} as const;
export type VariantName = keyof typeof VARIANTS;

/** What an account's stack attaches the invoke policy to, as the review words it, sorted. */
export const attachmentsOf = (stack: StackSummary): string[] =>
  stack.resources
    .filter((r) => r.relation?.startsWith("attaches"))
    .map((r) => r.relation ?? "")
    .sort();

/** The roles every new runtime account of the example gets the invoke policy attached to. */
export const NEW_ACCOUNT_ATTACHMENTS = [
  "attaches bedrock-invoke to role bedrock-first-use",
  "attaches bedrock-invoke to role bedrock-github-actions",
  "attaches bedrock-invoke to role bedrock-runtime",
];

/** The deployed example Organization the variants are planned against. */
export interface DeployedSandbox {
  readonly work: string;
  /** cdktf/terraform environment pointing at the sandbox (without BEDROCK_ACCESS_CONFIG). */
  readonly env: NodeJS.ProcessEnv;
  readonly baseConfigFile: string;
}

export function writeConfig(work: string, name: string, raw: RawConfig): { file: string; config: AccessConfig } {
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, JSON.stringify(raw));
  return { file, config: loadConfigFile(file) };
}

/** The example Organization as the shared deploy left it: its state, its synthesized stacks and its sandbox. */
export function fromDeployed(d: Deployed): DeployedSandbox {
  const { BEDROCK_ACCESS_CONFIG: _config, ...env } = d.sandbox.env;
  return { work: d.work, env: { ...cleanEnv(), ...env }, baseConfigFile: d.sandbox.configFile };
}

/** The stacks whose synthesized configuration differs from (or is missing in) the deployed one. */
export function changedStacks(deployedOut: string, variantOut: string): { changed: string[]; unchanged: string[] } {
  const read = (out: string, stack: string) => {
    const file = join(out, "stacks", stack, "cdk.tf.json");
    return existsSync(file) ? readFileSync(file, "utf8") : undefined;
  };
  const stacks = readSynthesizedStacks(variantOut).map((s) => s.name);
  const changed = stacks.filter((stack) => read(deployedOut, stack) !== read(variantOut, stack));
  return { changed, unchanged: stacks.filter((stack) => !changed.includes(stack)) };
}

export interface VariantPlans {
  readonly plansDir: string;
  readonly results: StackPlanResult[];
  /** Stacks synthesized exactly as deployed: a plan of them has no changes (a redeploy is a no-op), so they are not planned. */
  readonly unchanged: string[];
}

/**
 * Plans a variant with the same code `npm run plan` runs, synthesized in this process: the stacks whose
 * configuration the variant changes, and `alsoPlan` (to see real "no changes" plans). Plans land in `<work>/<name>/plans`.
 */
export async function planVariant(sandbox: DeployedSandbox, name: VariantName, alsoPlan: readonly string[] = []): Promise<VariantPlans> {
  const raw = exampleConfig(sandbox.work);
  VARIANTS[name](raw);
  const { config } = writeConfig(sandbox.work, name, raw);
  const dir = join(sandbox.work, name);
  mkdirSync(dir, { recursive: true });
  const outputDir = join(dir, "cdktf.out");
  synthInProcess(config, outputDir);
  const { changed, unchanged } = changedStacks(join(sandbox.work, "cdktf.out"), outputDir);
  const plansDir = join(dir, "plans");
  const results = await planStacks({
    projectDir: PROJECT,
    outputDir,
    plansDir,
    env: sandbox.env,
    synth: false,
    stacks: [...changed, ...alsoPlan],
    // Variants are planned at once against the same state: wait for each other's locks.
    lockTimeout: "120s",
  });
  return { plansDir, results, unchanged: unchanged.filter((s) => !alsoPlan.includes(s)) };
}

const policy = (statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/**
 * The deployed runtime-ci-prod stack with Marketplace permissions added by hand (as an escape hatch
 * would): inline on the runtime role, a managed policy attached to the RunsOn and first-use roles, and
 * AdministratorAccess on the runtime role. Planned without synth, like `npm run plan -- --no-synth`.
 */
export async function planHandEditedStack(sandbox: DeployedSandbox): Promise<{ plansDir: string; results: StackPlanResult[] }> {
  const stack = "runtime-ci-prod";
  const synthesized = JSON.parse(readFileSync(join(sandbox.work, "cdktf.out", "stacks", stack, "cdk.tf.json"), "utf8")) as {
    resource: Record<string, Record<string, unknown>>;
  };
  const add = (type: string, name: string, body: Record<string, unknown>) => {
    synthesized.resource[type] = { ...synthesized.resource[type], [name]: body };
  };
  add("aws_iam_role_policy", "extra-marketplace", {
    name: "marketplace",
    role: "bedrock-runtime",
    policy: policy([{ Sid: "Subscribe", Effect: "Allow", Action: "aws-marketplace:Subscribe", Resource: "*" }]),
  });
  add("aws_iam_policy", "extra-managed", {
    name: "bedrock-extra",
    path: "/bedrock/",
    policy: policy([
      { Sid: "Marketplace", Effect: "Allow", Action: ["aws-marketplace:ViewSubscriptions", "aws-marketplace:Subscribe"], Resource: "*" },
      { Sid: "Everything", Effect: "Allow", Action: "bedrock:*", Resource: "*" },
    ]),
  });
  add("aws_iam_role_policy_attachment", "extra-runs-on", {
    role: "runs-on-RunnerInstanceRole",
    policy_arn: "${aws_iam_policy.extra-managed.arn}",
  });
  add("aws_iam_role_policy_attachment", "extra-first-use", {
    role: "bedrock-first-use",
    policy_arn: "${aws_iam_policy.extra-managed.arn}",
  });
  add("aws_iam_role_policy_attachment", "extra-admin", {
    role: "bedrock-runtime",
    policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess",
  });

  const out = join(sandbox.work, "hand-edited", "cdktf.out");
  mkdirSync(join(out, "stacks", stack), { recursive: true });
  writeFileSync(join(out, "stacks", stack, "cdk.tf.json"), JSON.stringify(synthesized, null, 2));
  writeFileSync(
    join(out, "manifest.json"),
    JSON.stringify({ version: "0.21.0", stacks: { [stack]: { name: stack, workingDirectory: `stacks/${stack}` } } }),
  );
  const plansDir = join(sandbox.work, "hand-edited", "plans");
  const results = await planStacks({
    projectDir: PROJECT,
    outputDir: out,
    plansDir,
    env: { ...sandbox.env, BEDROCK_ACCESS_CONFIG: sandbox.baseConfigFile },
    synth: false,
    lockTimeout: "120s",
  });
  return { plansDir, results };
}
