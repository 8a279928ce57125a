import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { applyBackendEnv } from "./backend-env";
import { accessConfigSchema, type AccessConfig } from "./schema";

export const DEFAULT_CONFIG_FILE = "bedrock-access.yaml";
/** Environment variable that names the config file when no flag does. */
export const CONFIG_FILE_ENV = "BEDROCK_ACCESS_CONFIG";

/** Bad input: the message lists every problem with its field path, the value and what was expected. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: invalid configuration\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

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
    throw new ConfigError(path, [`cannot read the file: ${(err as Error).message}`]);
  }
  return parseConfigText(text, path, env);
}

export function parseConfigText(text: string, source = "<config>", env: NodeJS.ProcessEnv = {}): AccessConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw new ConfigError(source, doc.errors.map((e) => `YAML: ${e.message}`));
  return parseConfig(applyBackendEnv(doc.toJS() as unknown, env), source);
}

export function parseConfig(input: unknown, source = "<config>"): AccessConfig {
  const result = accessConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(source, result.error.issues.map((issue) => describeIssue(issue, input)));
}

/** `<prefix>path: message (got VALUE)`: a validation problem as a person can act on it. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, prefix = ""): string {
  const path = formatPath(issue.path);
  const value = valueAt(input, issue.path);
  const shown = value === undefined ? "missing" : `got ${JSON.stringify(value)}`;
  return `${prefix}${path || "(root)"}: ${issue.message} (${shown})`;
}

/** `accounts[1].githubOidc.repositories[0]`, as a reader finds it in the YAML. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    "",
  );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
