import { spawn } from "node:child_process";
import { maskSecrets } from "./redact";

export interface ProcessResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they came. */
  readonly output: string;
}

export interface ProcessOptions {
  readonly cwd: string;
  /** The child's whole environment. */
  readonly env: NodeJS.ProcessEnv;
  /**
   * Forward the child's stderr (progress, logs) here line by line as it comes, credentials masked; stdout is only
   * captured. @default - capture only
   */
  readonly echo?: NodeJS.WritableStream;
}

/** Runs a program to completion, capturing its output; the tool's one way to start a child process and wait for it. */
export type RunCommand = (command: string, args: readonly string[], options: ProcessOptions) => Promise<ProcessResult>;

export const runCommand: RunCommand = (command, args, options) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    // Bytes are joined before decoding: a UTF-8 character split across two chunks must not become U+FFFD.
    const chunks: { stream: "stdout" | "stderr"; bytes: Buffer }[] = [];
    const echo = options.echo && lineEcho(options.echo);
    const keep = (stream: "stdout" | "stderr") => (bytes: Buffer) => {
      chunks.push({ stream, bytes });
      if (stream === "stderr") echo?.write(bytes);
    };
    const text = (wanted?: "stdout" | "stderr") =>
      Buffer.concat(chunks.filter((c) => wanted === undefined || c.stream === wanted).map((c) => c.bytes)).toString("utf8");
    child.stdout.on("data", keep("stdout"));
    child.stderr.on("data", keep("stderr"));
    child.on("error", (err) => reject(new Error(`cannot run ${command}: ${err.message}`)));
    child.on("close", (code) => {
      echo?.end();
      resolve({ exitCode: code ?? 1, stdout: text("stdout"), stderr: text("stderr"), output: text() });
    });
  });

/**
 * Writes whole lines to `stream`, each with credentials masked: a chunk may end in the middle of a token (or of a
 * UTF-8 character), so the rest waits for its line's end, or for `end`.
 */
function lineEcho(stream: NodeJS.WritableStream): { write(bytes: Buffer): void; end(): void } {
  let pending = Buffer.alloc(0);
  const flush = (bytes: Buffer) => {
    if (bytes.length > 0) stream.write(maskSecrets(bytes.toString("utf8")));
  };
  return {
    write: (bytes) => {
      const joined = Buffer.concat([pending, bytes]);
      const lineEnd = joined.lastIndexOf(0x0a) + 1;
      flush(joined.subarray(0, lineEnd));
      pending = joined.subarray(lineEnd);
    },
    end: () => {
      flush(pending);
      pending = Buffer.alloc(0);
    },
  };
}

/** The tail of a failed run's output, for an error message (which the CLI's io masks when it prints it). */
export function outputTail(result: Pick<ProcessResult, "stdout" | "stderr">, lines = 30): string {
  return `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-lines).join("\n");
}
