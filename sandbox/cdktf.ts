import { spawn } from "node:child_process";
import { join } from "node:path";

export interface RunOptions {
  /** The project directory (holds cdktf.json and node_modules). */
  readonly cwd: string;
  /** Full environment for the child (config path, endpoints, credentials, Terraform CLI config). */
  readonly env: NodeJS.ProcessEnv;
  /** Forward the child's stderr (progress, logs) to this stream as it comes; stdout is only captured. @default - capture only */
  readonly echo?: NodeJS.WritableStream;
}

export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they came. */
  readonly output: string;
}

/** Runs a project binary (node_modules/.bin/NAME) to completion, non-interactively. */
export function runProjectBin(bin: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(options.cwd, "node_modules", ".bin", bin), args, {
      cwd: options.cwd,
      env: { ...options.env, CI: "true", FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const captured = { stdout: "", stderr: "", output: "" };
    const keep = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
      captured[stream] += chunk.toString();
      captured.output += chunk.toString();
      if (stream === "stderr") options.echo?.write(chunk);
    };
    child.stdout.on("data", keep("stdout"));
    child.stderr.on("data", keep("stderr"));
    child.on("error", reject);
    child.on("close", (code) => resolve({ exitCode: code ?? 1, ...captured }));
  });
}

export const runCdktf = (args: readonly string[], options: RunOptions): Promise<RunResult> => runProjectBin("cdktf", args, options);

/** `npm run enable -- ARGS`, without npm in between. */
export const runEnable = (args: readonly string[], options: RunOptions): Promise<RunResult> =>
  runProjectBin("tsx", [join(options.cwd, "scripts", "enable.ts"), ...args], options);

/** Arguments for a non-interactive, offline-friendly deploy of every stack. */
export function deployArgs(outputDir: string, outputsFile: string): string[] {
  return ["deploy", "*", "--auto-approve", "--skip-provider-lock", "--output", outputDir, "--outputs-file", outputsFile];
}
