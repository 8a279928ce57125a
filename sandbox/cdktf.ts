import { join } from "node:path";
import { runCommand, type ProcessOptions, type ProcessResult } from "../lib/core/process";

/** Runs a project binary (node_modules/.bin/NAME) to completion, non-interactively. */
function runProjectBin(bin: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  return runCommand(join(options.cwd, "node_modules", ".bin", bin), args, {
    ...options,
    env: { ...options.env, CI: "true", FORCE_COLOR: "0", NO_COLOR: "1" },
  });
}

export const runCdktf = (args: readonly string[], options: ProcessOptions): Promise<ProcessResult> => runProjectBin("cdktf", args, options);

/** `bedrock-access ARGS`, the CLI entry point, without npm or the package bin in between. */
export const runBedrockAccess = (args: readonly string[], options: ProcessOptions): Promise<ProcessResult> =>
  runProjectBin("tsx", [join(options.cwd, "scripts", "bedrock-access.ts"), ...args], options);

/** `bedrock-access enable ARGS` (what `npm run enable -- ARGS` runs). */
export const runEnable = (args: readonly string[], options: ProcessOptions): Promise<ProcessResult> =>
  runBedrockAccess(["enable", ...args], options);

/**
 * Stacks deployed at once. cdktf's default starts every stack together, about 0.8 GB each (issue 12's
 * measurement on this machine); 4 keeps a deploy of any number of accounts near 2.4 GiB (`npm run bench:deploy`),
 * within a 7 GB runner.
 */
export const DEPLOY_PARALLELISM = 4;

/** Arguments for a non-interactive, offline-friendly deploy of every stack, `parallelism` stacks at a time. */
export function deployArgs(outputDir: string, outputsFile: string, parallelism: number = DEPLOY_PARALLELISM): string[] {
  return [
    "deploy",
    "*",
    "--auto-approve",
    "--skip-provider-lock",
    "--parallelism",
    String(parallelism),
    "--output",
    outputDir,
    "--outputs-file",
    outputsFile,
  ];
}
