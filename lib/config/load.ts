import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseDocument } from "yaml";
import { errorMessage, InputError } from "../core/errors";
import { parseWith } from "../core/validation";
import { applyBackendEnv } from "./backend-env";
import { readCatalogLock } from "./catalog-lock";
import { accessConfigSchema, type AccessConfig } from "./schema";

export const DEFAULT_CONFIG_FILE = "bedrock-access.yaml";
/** Environment variable that names the config file when no flag does. */
export const CONFIG_FILE_ENV = "BEDROCK_ACCESS_CONFIG";

/** Bad config: the message lists every problem with its field path, the value and what was expected. */
const configError = (source: string, problems: readonly string[]) => new InputError(`${source}: invalid configuration`, problems);

/** The config file to read: an explicit path, else $BEDROCK_ACCESS_CONFIG, else bedrock-access.yaml. */
export function configPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? env[CONFIG_FILE_ENV] ?? DEFAULT_CONFIG_FILE;
}

/** Reads and validates the config file; `env` may select the state backend (see backend-env.ts). */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = {}): AccessConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw configError(path, [`cannot read the file: ${errorMessage(err)}`]);
  }
  const config = parseConfigText(text, path, env);
  const lock = readCatalogLock(catalogLockPath(path, config));
  return lock ? { ...config, lock } : config;
}

/** Where the config's catalog lock is: `catalogLock`, relative to the config file. */
export function catalogLockPath(configFile: string, config: Pick<AccessConfig, "catalogLock">): string {
  return resolve(dirname(configFile), config.catalogLock);
}

export function parseConfigText(text: string, source = "<config>", env: NodeJS.ProcessEnv = {}): AccessConfig {
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
  return parseConfig(applyBackendEnv(json, env), source);
}

export function parseConfig(input: unknown, source = "<config>"): AccessConfig {
  return parseWith(accessConfigSchema, input, { title: `${source}: invalid configuration` });
}
