import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { loadConfigFile } from "../lib/config/load";
import type { AccessConfig } from "../lib/config/schema";
import { SANDBOX_REGION } from "./aws-clients";
import { startMoto, type MotoServer } from "./moto";
import { seedOrganization, type SeededOrganization } from "./seed";
import { offlineTerraformEnv } from "./terraform-cli-config";

export interface SandboxOptions {
  /** The access config to build the Organization from. */
  readonly configFile: string;
  /** Working directory for the sandbox's config copy, Terraform state and CLI config. */
  readonly workDir: string;
  /** @default - free ports */
  readonly motoPort?: number;
}

export interface Sandbox {
  readonly config: AccessConfig;
  /** The config copy whose backend keeps state in workDir (the user's own state is never touched). */
  readonly configFile: string;
  readonly moto: MotoServer;
  readonly organization: SeededOrganization;
  /** Environment for cdktf, terraform, the enablement script and the aws CLI to talk to the sandbox. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts moto seeded with the config's Organization and returns the environment that points at it. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const source = loadConfigFile(options.configFile);
  mkdirSync(options.workDir, { recursive: true });
  const configFile = join(options.workDir, "bedrock-access.yaml");
  writeFileSync(configFile, stringify({ ...source, backend: { type: "local", directory: options.workDir } }));
  const config = loadConfigFile(configFile);

  const moto = await startMoto({ port: options.motoPort, memberAccountIds: config.accounts.map((a) => a.id) });
  try {
    const organization = await seedOrganization(moto.endpoint, config);
    const env: Record<string, string> = {
      ...offlineTerraformEnv(options.workDir),
      BEDROCK_ACCESS_CONFIG: configFile,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_REGION: SANDBOX_REGION,
      AWS_DEFAULT_REGION: SANDBOX_REGION,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_EC2_METADATA_DISABLED: "true",
    };
    return { config, configFile, moto, organization, env, stop: () => moto.stop() };
  } catch (err) {
    await moto.stop();
    throw err;
  }
}

/** The caller's environment minus AWS settings that would point the sandbox's children at real AWS. */
export function cleanEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !/^AWS_|^TF_CLI_CONFIG_FILE$|^BEDROCK_ACCESS_CONFIG$/.test(key)) out[key] = value;
  }
  return out;
}
