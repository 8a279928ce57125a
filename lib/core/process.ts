import { spawn } from "node:child_process";
import { maskSecrets } from "./redact";

export interface ProcessResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they came. */
  readonly output: string;
  /** Why the child was stopped, when it was: its deadline passed, or the caller's signal aborted. */
  readonly stopped?: "deadline" | "interrupted";
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
  /**
   * Stops the child when it aborts: SIGTERM, then SIGKILL after `killGraceMs`. The child then runs in a process group
   * of its own, and both signals go to the whole group (terraform's provider plugins, the terraform cdktf starts), so
   * nothing it started outlives it; a terminal's Ctrl-C then reaches only the caller, whose handler aborts this.
   * @default - the child stays in the caller's process group, where Ctrl-C reaches it directly
   */
  readonly signal?: AbortSignal;
  /** The child is stopped the same way once it has run this long. @default - no deadline */
  readonly timeoutMs?: number;
  /** Between SIGTERM and SIGKILL. @default 3000 */
  readonly killGraceMs?: number;
}

/** The time a child gets to stop after SIGTERM (terraform releases its state lock) before SIGKILL. */
export const KILL_GRACE_MS = 3_000;

/** Runs a program to completion, capturing its output; the tool's one way to start a child process and wait for it. */
export type RunCommand = (command: string, args: readonly string[], options: ProcessOptions) => Promise<ProcessResult>;

export const runCommand: RunCommand = (command, args, options) =>
  new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      const output = `not started: ${command} ${args.join(" ")} (interrupted)`;
      resolve({ exitCode: 1, stdout: "", stderr: output, output, stopped: "interrupted" });
      return;
    }
    const group = options.signal !== undefined;
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: group });
    let stopped: ProcessResult["stopped"];
    let killTimer: NodeJS.Timeout | undefined;
    const signalChild = (signal: NodeJS.Signals) => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Gone already.
      }
    };
    const stop = (why: NonNullable<ProcessResult["stopped"]>) => {
      if (stopped || child.exitCode !== null || child.signalCode !== null) return;
      stopped = why;
      signalChild("SIGTERM");
      killTimer = setTimeout(() => signalChild("SIGKILL"), options.killGraceMs ?? KILL_GRACE_MS);
    };
    const onAbort = () => stop("interrupted");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const deadline = options.timeoutMs === undefined ? undefined : setTimeout(() => stop("deadline"), options.timeoutMs);
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
    const cleanUp = () => {
      options.signal?.removeEventListener("abort", onAbort);
      clearTimeout(deadline);
    };
    child.on("error", (err) => {
      cleanUp();
      clearTimeout(killTimer);
      reject(new Error(`cannot run ${command}: ${err.message}`));
    });
    // `exit`, not `close`: a grandchild that kept the pipes open must not hold the kill timer back.
    child.on("exit", () => {
      cleanUp();
      // The rest of the group (a plugin, a grandchild) gets its SIGKILL too, when the child ended within the grace.
      if (stopped && killTimer) {
        clearTimeout(killTimer);
        signalChild("SIGKILL");
      }
    });
    child.on("close", (code) => {
      echo?.end();
      resolve({ exitCode: code ?? 1, stdout: text("stdout"), stderr: text("stderr"), output: text(), ...(stopped && { stopped }) });
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
