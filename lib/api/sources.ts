import { configFromData, loadConfigFile } from "../config/load";
import type { AccessConfig } from "../config/schema";
import { readStackOutputs, type StackOutputs } from "../contracts/stack-outputs/read";

/**
 * The config: a file (bedrock-access.yaml), or its data, validated the same way. Lock files are relative to the file,
 * or to `baseDir` for data (@default the working directory); `env` may select the state backend as for the CLI.
 */
export type ConfigSource =
  | { readonly configFile: string; readonly env?: NodeJS.ProcessEnv }
  | { readonly config: unknown; readonly baseDir?: string; readonly env?: NodeJS.ProcessEnv };

/**
 * The stack outputs: files or directories (as `--outputs`), or the data of `cdktf deploy --outputs-file`
 * (`{ "<stack>": { "<output>": value } }`).
 */
export type OutputsSource = readonly string[] | Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export function configOf(source: ConfigSource): AccessConfig {
  const env = source.env ?? {};
  return "configFile" in source
    ? loadConfigFile(source.configFile, env)
    : configFromData(source.config, source.baseDir ?? process.cwd(), env);
}

export function outputsOf(source: OutputsSource): Map<string, StackOutputs> {
  if (isPathList(source)) return readStackOutputs(source);
  return new Map(Object.entries(source).map(([stack, outputs]) => [stack, { stack, source: "<outputs>", outputs }]));
}

function isPathList(source: OutputsSource): source is readonly string[] {
  return Array.isArray(source);
}
