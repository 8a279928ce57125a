import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../../lib/core/process";
import { killRecorded, recordedPids, survivors } from "../helpers/child-pids";

/**
 * runCommand's deadline and stop: a shell that starts a child of its own (as terraform starts its provider plugin, and
 * cdktf starts terraform) and writes both pids, so the test can tell whether anything outlived the stop.
 */
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "process-stop-"));
});

afterEach(() => {
  killRecorded(dir);
  rmSync(dir, { recursive: true, force: true });
});

const pids = (): number[] => recordedPids(dir);

/** A shell that starts `sleep 60` in the background and waits; `trap` makes both ignore SIGTERM. */
const script = (ignoreTerm: boolean) => `${ignoreTerm ? "trap '' TERM; " : ""}echo $$ >> pids; sleep 60 & echo $! >> pids; wait`;

async function started(): Promise<void> {
  for (let i = 0; i < 300 && pids().length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(pids()).toHaveLength(2);
  expect(await survivors(pids(), dir, 0)).toEqual(pids());
}

const elapsedSince = (started: number) => Date.now() - started;

describe("runCommand's stop", () => {
  it("stops the child and what it started when the signal aborts: SIGTERM to its process group, nothing left", async () => {
    const stop = new AbortController();
    const run = runCommand("sh", ["-c", script(false)], { cwd: dir, env: { PATH: process.env.PATH }, signal: stop.signal });
    await started();

    const at = Date.now();
    stop.abort();
    const result = await run;

    expect(result.stopped).toBe("interrupted");
    expect(elapsedSince(at)).toBeLessThan(1_000);
    expect(await survivors(pids(), dir)).toEqual([]);
  });

  it("SIGKILLs the group after the grace when the child ignores SIGTERM", async () => {
    const stop = new AbortController();
    const run = runCommand("sh", ["-c", script(true)], {
      cwd: dir,
      env: { PATH: process.env.PATH },
      signal: stop.signal,
      killGraceMs: 300,
    });
    await started();

    const at = Date.now();
    stop.abort();
    const result = await run;

    expect(result.stopped).toBe("interrupted");
    expect(elapsedSince(at)).toBeGreaterThanOrEqual(300);
    expect(elapsedSince(at)).toBeLessThan(2_000);
    expect(await survivors(pids(), dir)).toEqual([]);
  });

  it("stops the child the same way at its deadline", async () => {
    const at = Date.now();
    const result = await runCommand("sh", ["-c", script(false)], {
      cwd: dir,
      env: { PATH: process.env.PATH },
      signal: new AbortController().signal,
      timeoutMs: 300,
    });

    expect(result.stopped).toBe("deadline");
    expect(elapsedSince(at)).toBeLessThan(2_000);
    expect(await survivors(pids(), dir)).toEqual([]);
  });

  it("starts nothing once the signal has aborted", async () => {
    const stop = new AbortController();
    stop.abort();

    const result = await runCommand("sh", ["-c", script(false)], { cwd: dir, env: { PATH: process.env.PATH }, signal: stop.signal });

    expect(result).toMatchObject({ exitCode: 1, stopped: "interrupted" });
    expect(pids()).toEqual([]);
  });

  it("leaves a child that ends on its time alone, with its exit code and output", async () => {
    const result = await runCommand("sh", ["-c", "echo done; exit 3"], {
      cwd: dir,
      env: {},
      signal: new AbortController().signal,
      timeoutMs: 5_000,
    });

    expect(result).toEqual({ exitCode: 3, stdout: "done\n", stderr: "", output: "done\n" });
  });
});
