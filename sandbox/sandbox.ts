import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse, stringify } from "yaml";
import { accountsLockPath, loadConfigFile } from "../lib/config/load";
import { isRecord } from "../lib/core/validation";
import { renderCatalogLock } from "../lib/domain/catalog/lock";
import type { AccessConfig } from "../lib/config/schema";
import { parseRoleArn } from "../lib/domain/arn";
import { clientsInAccount, SANDBOX_REGION } from "./aws-clients";
import { startBedrockEmulator, type BedrockEmulator, type BedrockEmulatorOptions } from "./bedrock-emulator/server";
import { startMoto, type MotoServer } from "./moto";
import { watchIamWrites, type IamWriteWatch } from "./iam-write-watch";
import { seedOrganization, type SeededOrganization } from "./seed";
import { seedScps, type ScpFixture } from "./seed-scps";
import { terraformEnvWithProvider } from "./provider-cache";

export interface SandboxOptions {
  /** The access config to build the Organization from. */
  readonly configFile: string;
  /** Working directory for the sandbox's config copy, Terraform state and CLI config. */
  readonly workDir: string;
  /** @default - free ports */
  readonly motoPort?: number;
  /** @default - a free port */
  readonly emulatorPort?: number;
  /** SCPs to create and attach in the Organization (a fixture, e.g. sandbox/fixtures/region-deny-scp.json). @default - none */
  readonly scps?: readonly ScpFixture[];
  /** Emulator settings: how long agreements stay PENDING, faults, PRNG seed. @default { pendingMs: 1000 } */
  readonly emulator?: Pick<BedrockEmulatorOptions, "pendingMs" | "faults" | "seed" | "logger" | "mantleAgreement">;
  /** Progress worth a line before the sandbox is up (where the Terraform provider comes from). @default - silent */
  readonly log?: (line: string) => void;
}

export interface Sandbox {
  readonly config: AccessConfig;
  /** The config copy whose backend keeps state in workDir (the user's own state is never touched). */
  readonly configFile: string;
  readonly moto: MotoServer;
  readonly emulator: BedrockEmulator;
  readonly organization: SeededOrganization;
  /** Environment for cdktf, terraform, the enablement script and the aws CLI to talk to the sandbox. */
  readonly env: Record<string, string>;
  /**
   * `env` with the credentials of the config's first pipeline principal (assumed in moto), so the
   * enablement script runs as the pipeline does. Fresh credentials on each call.
   */
  pipelineEnv(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/** Starts moto seeded with the config's Organization and returns the environment that points at it. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const source = loadConfigFile(options.configFile);
  mkdirSync(options.workDir, { recursive: true });
  const configFile = join(options.workDir, "bedrock-access.yaml");
  // The copy keeps state in workDir; a catalog lock next to the source config comes along.
  const { catalog, discovery: _discovery, ...fields } = source;
  const backend = { type: "local", directory: options.workDir };
  if (source.organization) {
    // Accounts selected from the Organization: the source as written (its accounts are the listed ones only), with
    // its accounts lock next to the copy. Moto gets the locked account ids as members below.
    const parsed: unknown = parse(readFileSync(options.configFile, "utf8"));
    const raw = isRecord(parsed) ? parsed : {};
    const lockName = basename(accountsLockPath(options.configFile, source));
    copyFileSync(accountsLockPath(options.configFile, source), join(options.workDir, lockName));
    const organization = { ...source.organization, accountsLock: lockName };
    writeFileSync(configFile, stringify({ ...raw, organization, catalogLock: basename(fields.catalogLock), backend }));
  } else {
    writeFileSync(configFile, stringify({ ...fields, catalogLock: basename(fields.catalogLock), backend }));
  }
  if (catalog.lock) writeFileSync(join(options.workDir, basename(fields.catalogLock)), renderCatalogLock(catalog.lock));
  const config = loadConfigFile(configFile);
  const terraformEnv = await terraformEnvWithProvider(options.workDir, options.log);

  const moto = await startMoto({ port: options.motoPort, memberAccountIds: config.accounts.map((a) => a.id) });
  let emulator: BedrockEmulator | undefined;
  let watch: IamWriteWatch | undefined;
  const stop = async () => {
    await emulator?.close();
    await watch?.stop();
    await moto.stop();
  };
  try {
    const organization = await seedOrganization(moto.endpoint, config);
    await seedScps(moto.endpoint, config, options.scps ?? []);
    // Clients reach moto through the watch, so the emulator may cache IAM policies until a write.
    watch = await watchIamWrites(moto.endpoint, () => emulator?.iamChanged());
    emulator = await startBedrockEmulator({
      pendingMs: 1000,
      ...options.emulator,
      port: options.emulatorPort,
      motoEndpoint: moto.endpoint,
      cacheIdentityPolicies: true,
    });
    const env: Record<string, string> = {
      ...terraformEnv,
      BEDROCK_ACCESS_CONFIG: configFile,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_REGION: SANDBOX_REGION,
      AWS_DEFAULT_REGION: SANDBOX_REGION,
      AWS_ENDPOINT_URL: watch.endpoint,
      AWS_ENDPOINT_URL_BEDROCK: emulator.url,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
      // The Messages API (lib/enablement/aws/messages-api.ts), and Anthropic's SDKs' mantle clients for CI jobs.
      AWS_ENDPOINT_URL_BEDROCK_MANTLE: emulator.url,
      ANTHROPIC_BEDROCK_MANTLE_BASE_URL: `${emulator.url}/anthropic`,
      AWS_EC2_METADATA_DISABLED: "true",
      // The pinned SDK runs on Node 20; its notice about future releases is noise in sandbox runs.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    const pipelineEnv = async () => {
      const [account, roleName] = pipelineRole(config);
      const { credentials } = await clientsInAccount(watch?.endpoint ?? moto.endpoint, account, roleName);
      return {
        ...env,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SESSION_TOKEN: credentials.sessionToken ?? "",
      };
    };
    return { config, configFile, moto, emulator, organization, env, pipelineEnv, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** [account, role name] of the first pipeline principal that is a role (the seed creates it in moto). */
function pipelineRole(config: AccessConfig): [string, string] {
  for (const principal of config.managementAccount.pipelinePrincipals) {
    const role = parseRoleArn(principal);
    if (role) return [role.account, role.name];
  }
  throw new Error("the sandbox runs the pipeline as a role: managementAccount.pipelinePrincipals needs a role ARN");
}

/** The caller's environment minus AWS settings that would point the sandbox's children at real AWS. */
export function cleanEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !/^AWS_|^TF_CLI_CONFIG_FILE$|^BEDROCK_ACCESS_|^TF_CLOUD_/.test(key)) out[key] = value;
  }
  return out;
}
