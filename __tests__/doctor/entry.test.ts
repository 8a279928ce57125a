import { join, resolve } from "node:path";
import { runCommand } from "../../lib/core/process";

/** `npm run doctor` as a user runs it (tsx), on this machine: whatever it finds, the exit code follows the verdict. */
const PROJECT = resolve(__dirname, "..", "..");
const doctor = (...args: string[]) =>
  runCommand(join(PROJECT, "node_modules", ".bin", "tsx"), [join(PROJECT, "sandbox", "doctor.ts"), ...args], {
    cwd: PROJECT,
    env: process.env,
    timeoutMs: 60_000,
  });

jest.setTimeout(90_000);

it("checks every prerequisite for the command asked about, and exits 1 exactly when that command lacks one", async () => {
  const run = await doctor("--for", "test", "--json");
  const report = JSON.parse(run.stdout) as {
    target: string;
    ready: boolean;
    checks: { name: string; ok: boolean; advisory?: boolean; neededBy: string[] }[];
  };

  expect(report.target).toBe("npm test");
  expect(report.checks.map((c) => c.name)).toEqual(["Node.js", "node_modules", "Terraform", "moto", "AWS provider", "aws CLI"]);
  expect(report.ready).toBe(report.checks.every((c) => c.ok || c.advisory === true || !c.neededBy.includes("test")));
  expect(run.exitCode).toBe(report.ready ? 0 : 1);
});

it("refuses an unknown argument with its usage", async () => {
  const run = await doctor("--for", "everything");

  expect([run.exitCode, run.stderr]).toEqual([2, expect.stringContaining("usage: npm run doctor -- [--for demo|test|unit] [--json]")]);
});
