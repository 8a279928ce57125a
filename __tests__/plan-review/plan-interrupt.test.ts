import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { killRecorded, recordedPids, survivors } from "../helpers/child-pids";
import { standInCommand } from "../helpers/stand-in-command";

/**
 * `bedrock-access plan` interrupted, as its own process, with a stand-in `terraform` on the PATH that starts a child of
 * its own (as terraform starts its provider plugin) and waits: SIGINT or SIGTERM must leave no process behind.
 * The sandbox suite does the same with the real terraform against a frozen AWS endpoint (example-organization/faults.ts).
 */
const PROJECT = resolve(__dirname, "..", "..");
const STACKS = ["runtime-a", "runtime-b"];
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "plan-interrupt-"));
  const out = join(dir, "cdktf.out");
  for (const stack of STACKS) mkdirSync(join(out, "stacks", stack), { recursive: true });
  const stacks = Object.fromEntries(STACKS.map((name) => [name, { name, workingDirectory: join("stacks", name) }]));
  writeFileSync(join(out, "manifest.json"), JSON.stringify({ stacks }));
});

afterEach(() => {
  killRecorded(dir);
  rmSync(dir, { recursive: true, force: true });
});

/** The stand-in: records its pid and its child's, then waits; `ignoreTerm` makes both ignore SIGTERM. */
function standIn(ignoreTerm: boolean): void {
  const pids = join(dir, "pids");
  standInCommand(
    dir,
    "terraform",
    [...(ignoreTerm ? ["trap '' TERM"] : []), `echo $$ >> "${pids}"`, "sleep 60 &", `echo $! >> "${pids}"`, "wait"],
    "#!/bin/sh",
  );
}

const pids = (): number[] => recordedPids(dir);

function plan(...extra: string[]) {
  const args = [join(PROJECT, "bin", "bedrock-access.js"), "plan", "--no-synth", "--deploy-role", "--parallel", "2"];
  const child = spawn(process.execPath, [...args, "--output", join(dir, "cdktf.out"), "--plans", join(dir, "plans"), ...extra], {
    cwd: dir,
    env: { ...process.env, PATH: `${join(dir, "bin")}:${process.env.PATH ?? ""}`, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child.stdout.resume();
  const done = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on("close", (code) => resolve({ code, at: Date.now() })),
  );
  return { child, done, stderr: () => stderr };
}

/** Both stacks' stand-ins and their children are running. */
async function planning(): Promise<void> {
  for (let i = 0; i < 1_500 && pids().length < 4; i++) await new Promise((r) => setTimeout(r, 10));
  expect(pids()).toHaveLength(4);
  expect(await survivors(pids(), dir, 0)).toEqual(pids());
}

describe("an interrupted plan", () => {
  it("SIGINT stops every terraform and what it started, exits 130 and names the stacks it did not plan", async () => {
    standIn(false);
    const run = plan();
    await planning();

    const at = Date.now();
    run.child.kill("SIGINT");
    const { code, at: exited } = await run.done;

    expect(code).toBe(130);
    expect(exited - at).toBeLessThan(2_000);
    expect(await survivors(pids(), dir)).toEqual([]);
    expect(run.stderr()).toMatch(/SIGINT: stopping cdktf and terraform/);
    expect(run.stderr()).toMatch(/runtime-a: terraform init stopped: interrupted/);
    expect(run.stderr()).toMatch(/SIGINT: stopped; planned before that: none/);
  });

  it("SIGTERM to a terraform that ignores it: SIGKILL 3 s later, exit 143, nothing left", async () => {
    standIn(true);
    const run = plan();
    await planning();

    const at = Date.now();
    run.child.kill("SIGTERM");
    const { code, at: exited } = await run.done;

    expect(code).toBe(143);
    expect(exited - at).toBeGreaterThanOrEqual(3_000);
    expect(exited - at).toBeLessThan(4_500);
    expect(await survivors(pids(), dir)).toEqual([]);
  });

  it("stops a terraform still running at --process-timeout: the stack fails, exit 1", async () => {
    standIn(false);
    const run = plan("--process-timeout", "1");
    const { code } = await run.done;

    expect(code).toBe(1);
    expect(run.stderr()).toMatch(/runtime-a: terraform init stopped after 1 s \(--process-timeout\)/);
    expect(pids()).toHaveLength(4);
    expect(await survivors(pids(), dir)).toEqual([]);
  });
});
