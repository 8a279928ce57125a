import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { reportSchema } from "../../lib/contracts/report";
import { parseRuntimeOutputs, readStackOutputs } from "../../lib/contracts/stack-outputs/read";
import type { ProcessResult } from "../../lib/core/process";
import { deployArgs, runBedrockAccess, runCdktf } from "../../sandbox/cdktf";
import { cleanEnv, startSandbox, type Sandbox } from "../../sandbox/sandbox";

/**
 * AWS adds a destination region to a profile. Against the sandbox: refresh the lock, deploy, enable; then the
 * emulator routes `us.` Sonnet to one more region; catalog check and enable report catalog-drift and do not
 * invoke it; refresh + deploy grant the region; both pass again.
 */
jest.setTimeout(300_000);

const PROJECT = resolve(__dirname, "..", "..");
const SONNET = "anthropic.claude-sonnet-4-6";
const PROFILE = `us.${SONNET}`;

let sandbox: Sandbox;
let work: string;
let outputsFile: string;

async function cli(...args: string[]): Promise<ProcessResult> {
  return runBedrockAccess(args, { cwd: PROJECT, env: { ...cleanEnv(), ...(await sandbox.pipelineEnv()) } });
}

async function deploy(): Promise<void> {
  const run = await runCdktf(deployArgs(join(work, "cdktf.out"), outputsFile), { cwd: PROJECT, env: { ...cleanEnv(), ...sandbox.env } });
  if (run.exitCode !== 0) throw new Error(`cdktf deploy failed:\n${run.output.slice(-4000)}`);
}

function granted(profileId: string): readonly string[] | undefined {
  const outputs = parseRuntimeOutputs(readStackOutputs([outputsFile]).get("runtime-ci-prod") ?? { stack: "", source: "", outputs: {} });
  return outputs.model_profiles.find((p) => p.invocation_id === profileId)?.destination_regions;
}

async function enable() {
  const reportFile = join(work, `report-${Date.now()}.json`);
  const run = await cli("enable", "--config", sandbox.configFile, "--outputs", outputsFile, "--report", reportFile, "--poll-interval", "1");
  return { run, report: reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8"))) };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "bedrock-drift-"));
  // Only the account whose profile drifts: two stacks to deploy, not three.
  const raw = parse(readFileSync(join(PROJECT, "bedrock-access.yaml"), "utf8")) as { accounts: { name: string }[] };
  raw.accounts = raw.accounts.filter((a) => a.name === "ci-prod");
  writeFileSync(join(work, "source.yaml"), stringify(raw));
  sandbox = await startSandbox({ configFile: join(work, "source.yaml"), workDir: work, emulator: { pendingMs: 300, seed: 7 } });
  outputsFile = join(work, "outputs.json");
});

afterAll(async () => {
  await sandbox?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("catalog drift, end to end", () => {
  it("refreshes the lock from the emulator, deploys it, and enables", async () => {
    const refresh = await cli("catalog", "refresh", "--config", sandbox.configFile);
    expect([refresh.exitCode, refresh.stderr]).toEqual([0, expect.stringMatching(/wrote .*bedrock-catalog\.lock\.json/)]);
    expect(existsSync(join(work, "bedrock-catalog.lock.json"))).toBe(true);

    await deploy();
    expect(granted(PROFILE)).not.toContain("us-west-1");
    const { run } = await enable();
    expect([run.exitCode, run.stderr.slice(-2000)]).toEqual([0, expect.any(String)]);
  });

  it("reports catalog-drift when AWS routes a profile to an ungranted region, and does not invoke it", async () => {
    sandbox.emulator.setFaults({ extraDestinations: { [PROFILE]: ["us-west-1"] } });

    const check = await cli("catalog", "check", "--config", sandbox.configFile, "--outputs", outputsFile);
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toMatch(
      new RegExp(`${PROFILE.replace(/\./g, "\\.")} now routes to us-west-1, which the deployed invoke policy does not grant`),
    );

    const { run, report } = await enable();
    expect(run.exitCode).toBe(1);
    const drifted = report.accounts.flatMap((a) => a.profiles).filter((p) => p.error?.kind === "catalog-drift");
    expect(drifted.map((p) => `${p.region} ${p.invocationId} ${p.action}`)).toEqual([`us-east-1 ${PROFILE} none`]);
  });

  it("is fixed by catalog refresh and a deploy", async () => {
    const refresh = await cli("catalog", "refresh", "--config", sandbox.configFile);
    expect(refresh.exitCode).toBe(0);
    expect(refresh.stdout.split("\n").find((l) => l.includes(PROFILE) && l.includes("us-east-1"))).toMatch(/us-west-1/);

    await deploy();
    expect(granted(PROFILE)).toContain("us-west-1");
    expect((await cli("catalog", "check", "--config", sandbox.configFile, "--outputs", outputsFile)).exitCode).toBe(0);
    const { run, report } = await enable();
    expect(run.exitCode).toBe(0);
    expect(report.accounts.flatMap((a) => a.profiles).every((p) => !p.error)).toBe(true);
  });
});
