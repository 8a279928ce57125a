import { spawn } from "node:child_process";
import { join } from "node:path";

export interface CdktfRunOptions {
  /** The project directory (holds cdktf.json). */
  readonly cwd: string;
  /** Full environment for the child (config path, endpoints, Terraform CLI config). */
  readonly env: NodeJS.ProcessEnv;
  /** Forward output to this stream as it comes (progress), in addition to capturing it. @default - capture only */
  readonly echo?: NodeJS.WritableStream;
}

export interface CdktfResult {
  readonly exitCode: number;
  readonly output: string;
}

/** Runs the project's own cdktf CLI (node_modules/.bin/cdktf) with `args`. */
export function runCdktf(args: readonly string[], options: CdktfRunOptions): Promise<CdktfResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(options.cwd, "node_modules", ".bin", "cdktf"), args, {
      cwd: options.cwd,
      env: { ...options.env, CI: "true", FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      options.echo?.write(chunk);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) => resolve({ exitCode: code ?? 1, output }));
  });
}

/** Arguments for a non-interactive, offline-friendly deploy of every stack. */
export function deployArgs(outputDir: string, outputsFile: string): string[] {
  return ["deploy", "*", "--auto-approve", "--skip-provider-lock", "--output", outputDir, "--outputs-file", outputsFile];
}
