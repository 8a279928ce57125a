import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseDocument } from "yaml";
import { errorMessage, InputError } from "../core/errors";
import { isRecord, parseWith } from "../core/validation";
import { ModelCatalog } from "../domain/catalog/catalog";
import { DEFAULT_CATALOG_LOCK_FILE } from "../domain/catalog/lock";
import { DEFAULT_ACCOUNTS_LOCK_FILE } from "../domain/organization/accounts-lock";
import { readAccountsLock } from "./accounts-lock";
import { applyBackendEnv } from "./backend-env";
import { readCatalogLock } from "./catalog-lock";
import { accessConfigSchema, type AccessConfig, type SchemaContext } from "./schema";

const DEFAULT_CONFIG_FILE = "bedrock-access.yaml";
/** Environment variable that names the config file when no flag does. */
export const CONFIG_FILE_ENV = "BEDROCK_ACCESS_CONFIG";

/** Bad config: the message lists every problem with its field path, the value and what was expected. */
const configError = (source: string, problems: readonly string[]) => new InputError(`${source}: invalid configuration`, problems);

/** The config file to read: an explicit path, else $BEDROCK_ACCESS_CONFIG, else bedrock-access.yaml. */
export function configPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? env[CONFIG_FILE_ENV] ?? DEFAULT_CONFIG_FILE;
}

export interface LoadOptions {
  /**
   * "listed-only": the accounts the file lists, and its `organization` section unresolved (what `discover` reads to
   * write the accounts lock). @default "with-lock": the listed accounts, then those of the accounts lock, which
   * must exist when the config has `organization.selections`.
   */
  readonly accounts?: "with-lock" | "listed-only";
  /** See SchemaContext.models: `catalog refresh` accepts model ids the catalog does not know yet. @default "check" */
  readonly models?: SchemaContext["models"];
}

/**
 * The config as every command (and synth) reads it: the file the flag names, else $BEDROCK_ACCESS_CONFIG, else
 * bedrock-access.yaml, with the state backend the environment selects (backend-env.ts).
 */
export function loadConfig(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
  options: LoadOptions = {},
): { readonly file: string; readonly config: AccessConfig } {
  const file = configPath(explicit, env);
  return { file, config: loadConfigFile(file, env, options) };
}

/** Reads and validates the config file; `env` may select the state backend (see backend-env.ts). */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = {}, options: LoadOptions = {}): AccessConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw configError(path, [`cannot read the file: ${errorMessage(err)}`]);
  }
  return resolveConfig(configJson(text, path, env), path, options);
}

/**
 * Validates a config given as data (what the YAML file holds), as `loadConfigFile` validates the file's: its lock files
 * are relative to `baseDir`, and `env` may select the state backend (see backend-env.ts).
 */
export function configFromData(data: unknown, baseDir: string, env: NodeJS.ProcessEnv = {}): AccessConfig {
  return resolveConfig(applyBackendEnv(data, env), resolve(baseDir, "<config>"), {});
}

/** The config's data validated, with the models of its catalog lock and the accounts of its accounts lock. */
function resolveConfig(json: unknown, path: string, options: LoadOptions): AccessConfig {
  // The catalog lock comes first: the models the config may name are the built-in ones and those the lock lists.
  const lockField = isRecord(json) && typeof json.catalogLock === "string" ? json.catalogLock : DEFAULT_CATALOG_LOCK_FILE;
  const catalog = ModelCatalog.of(readCatalogLock(catalogLockPath(path, { catalogLock: lockField })));
  const context: SchemaContext = { catalog, ...(options.models && { models: options.models }) };
  let config = parseConfig(json, path, context);
  if (config.organization && options.accounts !== "listed-only") {
    const lockFile = accountsLockPath(path, config);
    const accountsLock = readAccountsLock(lockFile);
    if (!accountsLock) {
      throw configError(path, [
        `organization.selections: no accounts lock at ${lockFile}; run \`bedrock-access discover\` to resolve the selections into it (synth reads the accounts from the lock, offline), review it and commit it`,
      ]);
    }
    config = parseConfig(json, path, { ...context, discovered: { lock: accountsLock, lockFile } });
  }
  return config;
}

/** Where the config's accounts lock is: `organization.accountsLock`, relative to the config file. */
export function accountsLockPath(configFile: string, config: Pick<AccessConfig, "organization">): string {
  return resolve(dirname(configFile), config.organization?.accountsLock ?? DEFAULT_ACCOUNTS_LOCK_FILE);
}

/** Where the config's catalog lock is: `catalogLock`, relative to the config file. */
export function catalogLockPath(configFile: string, config: Pick<AccessConfig, "catalogLock">): string {
  return resolve(dirname(configFile), config.catalogLock);
}

/** @internal its tests parse config text */
export function parseConfigText(text: string, source = "<config>", env: NodeJS.ProcessEnv = {}): AccessConfig {
  return parseConfig(configJson(text, source, env), source);
}

/** The YAML as data, with the backend chosen by the environment applied; syntax errors are bad input. */
function configJson(text: string, source: string, env: NodeJS.ProcessEnv): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  // One line per problem: the parser's first line names the position; its code excerpt would break the list.
  if (doc.errors.length > 0)
    throw configError(
      source,
      doc.errors.map((e) => `YAML: ${e.message.split("\n")[0]}`),
    );
  let json: unknown;
  try {
    json = doc.toJS();
  } catch (err) {
    // Valid syntax the YAML library still cannot turn into data, e.g. an alias to an anchor never set (`*x`).
    throw configError(source, [`YAML: ${errorMessage(err).split("\n")[0]}`]);
  }
  return applyBackendEnv(json, env);
}

/**
 * Validates the config; with the accounts lock (`context.discovered`), adds the accounts `organization.selections` resolved to.
 * @internal its tests validate data
 */
export function parseConfig(input: unknown, source = "<config>", context: SchemaContext = {}): AccessConfig {
  return parseWith(accessConfigSchema(context), input, { title: `${source}: invalid configuration` });
}
