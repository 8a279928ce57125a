import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runtimeOutputsSchema, type RuntimeOutputs } from "../../lib/contracts/stack-outputs/schema";
import type { AwsCredentialIdentity } from "../../sandbox/aws-clients";
import { reportSchema, type Report } from "../../lib/contracts/report";
import type { ProcessResult } from "../../lib/core/process";
import { deployArgs, runBedrockAccess, runCdktf } from "../../sandbox/cdktf";
import { cleanEnv, startSandbox, type Sandbox, type SandboxOptions } from "../../sandbox/sandbox";

export const PROJECT = resolve(__dirname, "..", "..");
export const EXAMPLE_CONFIG = join(PROJECT, "bedrock-access.yaml");

/** A sandbox whose Organization the real `cdktf deploy` has deployed, with the stack outputs it wrote. */
export interface Deployed {
  readonly sandbox: Sandbox;
  readonly work: string;
  readonly outputsFile: string;
  readonly outputs: Record<string, RuntimeOutputs>;
}

/** A sandbox started for a config, not deployed yet (or deployed again later): where its deploys write. */
export interface Undeployed {
  readonly sandbox: Sandbox;
  readonly work: string;
  readonly outputsFile: string;
}

/**
 * Starts a sandbox for `configText` (with `besideConfig`, e.g. its accounts lock, written next to it), without deploying:
 * for tests that do something first (a catalog refresh) or deploy more than once. Stop it with `stopDeployed`.
 */
export async function startUndeployed(
  configText: string,
  name: string,
  emulator: SandboxOptions["emulator"] = {},
  besideConfig: Readonly<Record<string, string>> = {},
): Promise<Undeployed> {
  const work = mkdtempSync(join(tmpdir(), `bedrock-${name}-`));
  writeFileSync(join(work, "source.yaml"), configText);
  for (const [file, text] of Object.entries(besideConfig)) writeFileSync(join(work, file), text);
  try {
    const sandbox = await startSandbox({
      configFile: join(work, "source.yaml"),
      workDir: work,
      emulator: { pendingMs: 300, seed: 42, ...emulator },
    });
    return { sandbox, work, outputsFile: join(work, "outputs.json") };
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Deploys the sandbox's stacks with the real `cdktf deploy`: every stack, or only `stacks` (then their outputs replace
 * theirs in the outputs file, as a sharded deploy's would); the runtime stacks' outputs.
 */
export async function deployStacks(u: Undeployed, stacks?: readonly string[]): Promise<Record<string, RuntimeOutputs>> {
  const outputsFile = stacks ? join(u.work, "outputs-partial.json") : u.outputsFile;
  const args = deployArgs(join(u.work, "cdktf.out"), outputsFile).flatMap((arg) => (arg === "*" && stacks ? stacks : [arg]));
  const deploy = await runCdktf(args, { cwd: PROJECT, env: { ...cleanEnv(), ...u.sandbox.env } });
  if (deploy.exitCode !== 0) throw new Error(`cdktf deploy failed:\n${deploy.output.slice(-4000)}`);
  const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const raw = stacks ? { ...read(u.outputsFile), ...read(outputsFile) } : read(u.outputsFile);
  if (stacks) writeFileSync(u.outputsFile, JSON.stringify(raw, null, 2));
  const outputs: Record<string, RuntimeOutputs> = {};
  for (const account of u.sandbox.config.accounts) outputs[account.name] = runtimeOutputsSchema.parse(raw[`runtime-${account.name}`]);
  return outputs;
}

/**
 * Starts a sandbox for `configText` (with `besideConfig`, e.g. its accounts lock, written next to it) and deploys every
 * stack into it; stops the sandbox when the deploy fails.
 */
export async function deploySandbox(
  configText: string,
  name: string,
  emulator: SandboxOptions["emulator"] = {},
  besideConfig: Readonly<Record<string, string>> = {},
): Promise<Deployed> {
  const started = await startUndeployed(configText, name, emulator, besideConfig);
  try {
    return { ...started, outputs: await deployStacks(started) };
  } catch (err) {
    // afterAll cannot stop what it never received.
    await stopDeployed(started);
    throw err;
  }
}

export async function stopDeployed(d: Undeployed | undefined): Promise<void> {
  await d?.sandbox.stop();
  if (d) rmSync(d.work, { recursive: true, force: true });
}

/** Credentials of `roleArn`, assumed in moto as the pipeline role. */
export async function assumeInSandbox(d: Deployed, roleArn: string): Promise<AwsCredentialIdentity> {
  const pipeline = await d.sandbox.pipelineEnv();
  const sts = new STSClient({
    endpoint: d.sandbox.moto.endpoint,
    region: "us-east-1",
    credentials: {
      accessKeyId: pipeline.AWS_ACCESS_KEY_ID,
      secretAccessKey: pipeline.AWS_SECRET_ACCESS_KEY,
      sessionToken: pipeline.AWS_SESSION_TOKEN,
    },
  });
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "e2e" }));
  sts.destroy();
  return { accessKeyId: c?.AccessKeyId ?? "", secretAccessKey: c?.SecretAccessKey ?? "", sessionToken: c?.SessionToken };
}

/** The real `bedrock-access` process as the pipeline role of the sandbox (fresh credentials each call). */
export async function pipelineCli(u: Undeployed, ...args: string[]): Promise<ProcessResult> {
  return runBedrockAccess(args, { cwd: PROJECT, env: { ...cleanEnv(), ...(await u.sandbox.pipelineEnv()) } });
}

/** `enable` of the sandbox's config and outputs as the pipeline, with its JSON report read back. */
export async function enableAsPipeline(u: Undeployed): Promise<{ run: ProcessResult; report: Report }> {
  const reportFile = join(u.work, `report-${Date.now()}.json`);
  const run = await pipelineCli(
    u,
    "enable",
    "--config",
    u.sandbox.configFile,
    "--outputs",
    u.outputsFile,
    "--report",
    reportFile,
    "--poll-interval",
    "1",
  );
  return { run, report: reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8"))) };
}
