import { readFileSync } from "node:fs";
import { join } from "node:path";
import { preflightReportSchema, type PreflightReport } from "../../lib/contracts/preflight-report";
import { reportSchema, type Report } from "../../lib/contracts/report";
import type { ProcessResult } from "../../lib/core/process";
import { runBedrockAccess } from "../../sandbox/cdktf";
import { cleanEnv } from "../../sandbox/sandbox";
import { readScpFixtures, removeScps, seedScps, type SeededScp } from "../../sandbox/seed-scps";
import { PROJECT, type Deployed } from "../helpers/deployed-sandbox";
import { expectDocExample } from "../helpers/doc-examples";

/**
 * A Region-deny SCP against the example Organization, end to end: the real `cdktf deploy` into moto, the SCP seeded in
 * moto's Organizations (sandbox/fixtures/region-deny-scp.json: us-east-1, eu-west-1 and "unspecified" allowed), the
 * real CLI as the pipeline role, and the Bedrock emulator enforcing the SCP it reads back from moto. Preflight names the
 * policy, its statement and each denied destination Region before enable changes anything; enable stops on it;
 * without preflight enable fails exactly the profiles whose destinations the SCP denies; without the SCP it finishes.
 */
/** The profiles with a destination outside us-east-1 and eu-west-1; the global ones reach only those and "unspecified". */
const AFFECTED = [
  "222222222222 us-east-1 us.anthropic.claude-opus-5-5",
  "222222222222 us-east-1 us.anthropic.claude-sonnet-5-5",
  "333333333333 eu-west-1 eu.anthropic.claude-sonnet-5-5",
];

let deployed: () => Deployed;
let seeded: SeededScp[] = [];

async function cli(args: readonly string[]): Promise<ProcessResult> {
  const sandbox = deployed().sandbox;
  return runBedrockAccess(args, { cwd: PROJECT, env: { ...cleanEnv(), ...(await sandbox.pipelineEnv()) } });
}

const common = (): string[] => ["--config", deployed().sandbox.configFile, "--outputs", deployed().outputsFile];

async function preflight(): Promise<{ run: ProcessResult; report: PreflightReport }> {
  const reportFile = join(deployed().work, `preflight-${Date.now()}.json`);
  const run = await cli(["preflight", ...common(), "--report", reportFile]);
  return { run, report: preflightReportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8"))) };
}

async function enable(...extra: string[]): Promise<{ run: ProcessResult; report: Report }> {
  const reportFile = join(deployed().work, `enable-${Date.now()}.json`);
  const run = await cli(["enable", ...common(), "--report", reportFile, "--poll-interval", "1", "--retry-base-delay", "0.2", ...extra]);
  return { run, report: reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8"))) };
}

const keysOf = (report: Report, predicate: (p: Report["accounts"][number]["profiles"][number]) => boolean): string[] =>
  report.accounts.flatMap((a) => a.profiles.filter(predicate).map((p) => `${a.accountId} ${p.region} ${p.invocationId}`)).sort();

const calls = (operation: string) =>
  deployed()
    .sandbox.emulator.state()
    .calls.filter((c) => c.operation === operation);

export function describePreflight(get: () => Deployed): void {
  describe("preflight and a Region-deny SCP, end to end", () => {
    beforeAll(() => {
      deployed = get;
      deployed().sandbox.emulator.reset();
    });
    // A test that failed half-way leaves no SCP behind.
    afterAll(async () => {
      const sandbox = deployed().sandbox;
      if (seeded.length > 0) await removeScps(sandbox.env.AWS_ENDPOINT_URL, sandbox.config, seeded).catch(() => undefined);
    });

    it("passes every check of the example Organization while it has no SCP, assuming the roles and listing the models", async () => {
      const { run, report } = await preflight();

      expect([run.exitCode, run.exitCode === 0 ? "" : run.output.slice(-3000)]).toEqual([0, ""]);
      expect(report.scps).toBe("not-enabled");
      expect(report.profiles).toHaveLength(8);
      for (const row of report.profiles)
        expect(row.checks).toEqual({
          scp: "passed",
          optInRegion: "passed",
          // Not asked for the Messages API (bedrock-mantle): AWS does not say whether ListFoundationModels lists its ids.
          modelOffered: row.kind === "messages" ? "skipped" : "passed",
          assumeRole: "passed",
        });
      expect(calls("ListFoundationModels").map((c) => c.principalArn)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^arn:aws:sts::222222222222:assumed-role\/bedrock-first-use\/bedrock-org-access-preflight-/),
        ]),
      );
    });

    it("names the SCP, its statement, each denied destination Region and the fix, and exits 1", async () => {
      const sandbox = deployed().sandbox;
      seeded = await seedScps(
        sandbox.env.AWS_ENDPOINT_URL,
        sandbox.config,
        readScpFixtures(join(PROJECT, "sandbox", "fixtures", "region-deny-scp.json")),
      );
      const [scp] = seeded;

      const { run, report } = await preflight();

      expect(run.exitCode).toBe(1);
      expect(report.scps).toBe("enabled");
      const blocked = report.profiles.filter((p) => p.checks.scp === "blocked").map((p) => `${p.accountId} ${p.region} ${p.invocationId}`);
      expect(blocked.sort()).toEqual(AFFECTED);
      const denied = report.findings.filter((f) => f.severity === "blocking");
      expect(new Set(denied.map((f) => f.policy?.id))).toEqual(new Set([scp?.id]));
      expect(denied[0]?.policy).toMatchObject({
        name: "DenyOutsideApprovedRegions",
        sid: "DenyOutsideApprovedRegions",
        level: { kind: "root" },
      });
      const regions = (invocationId: string) => denied.filter((f) => f.invocationId === invocationId).map((f) => f.requestedRegion);
      expect(new Set(regions("us.anthropic.claude-sonnet-5-5"))).toEqual(new Set(["us-east-2", "us-west-2"]));
      expect(new Set(regions("eu.anthropic.claude-sonnet-5-5"))).toEqual(
        new Set(["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-3"]),
      );
      expect(denied.find((f) => f.requestedRegion === "us-west-2")).toMatchObject({
        actions: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        resource: "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-5-5",
      });
      expect(run.stdout).toMatch(
        new RegExp(
          `Fix: add "us-west-2" to the Regions that policy ${scp?.id} \\(DenyOutsideApprovedRegions\\) statement DenyOutsideApprovedRegions allows`,
        ),
      );
      expectDocExample("preflight-region-deny", run.stdout);
    });

    it("names the same profiles before deploy, from the config alone (--before-deploy: SCPs and opt-in Regions only)", async () => {
      const reportFile = join(deployed().work, `preflight-before-deploy-${Date.now()}.json`);
      const run = await cli(["preflight", "--config", deployed().sandbox.configFile, "--before-deploy", "--report", reportFile]);
      const report = preflightReportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8")));

      expect(run.exitCode).toBe(1);
      const blocked = report.profiles.filter((p) => p.checks.scp === "blocked").map((p) => `${p.accountId} ${p.region} ${p.invocationId}`);
      expect(blocked.sort()).toEqual(AFFECTED);
      for (const row of report.profiles) expect(row.checks).toMatchObject({ assumeRole: "skipped", modelOffered: "skipped" });
    });

    it("stops enable before any AWS write: exit 1, the findings, no form submitted and nothing invoked", async () => {
      deployed().sandbox.emulator.reset();

      const { run, report } = await enable();

      expect(run.exitCode).toBe(1);
      expect(report.preflight?.status).toBe("blocked");
      expect(report.useCase.status).toBe("not-submitted");
      expect(keysOf(report, (p) => p.error?.kind === "preflight-blocked")).toEqual(AFFECTED);
      expect(keysOf(report, (p) => p.status !== "not-enabled")).toEqual([]);
      expect(run.stderr).toMatch(/enable stopped before any AWS write/);
      expect(calls("PutUseCaseForModelAccess")).toHaveLength(0);
      expect(calls("Converse")).toHaveLength(0);
    });

    it("without preflight, enable reports invoke-denied for exactly the affected profiles, with AWS's SCP message", async () => {
      deployed().sandbox.emulator.reset();

      const { run, report } = await enable("--no-preflight");

      expect(run.exitCode).toBe(1);
      expect(report.preflight).toBeUndefined();
      expect(keysOf(report, (p) => p.error?.kind === "invoke-denied")).toEqual(AFFECTED);
      expect(keysOf(report, (p) => p.status !== "enabled")).toEqual(AFFECTED);
      const denial = calls("Converse").find((c) => c.outcome === "AccessDeniedException")?.message ?? "";
      expect(denial).toMatch(
        new RegExp(
          `is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:[a-z0-9-]+::foundation-model/\\S+ with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-\\w+/service_control_policy/${seeded[0]?.id ?? "?"}$`,
        ),
      );
    });

    it("finishes once the SCP is removed: preflight passes and enable enables every profile", async () => {
      const sandbox = deployed().sandbox;
      await removeScps(sandbox.env.AWS_ENDPOINT_URL, sandbox.config, seeded);
      seeded = [];

      const { run, report } = await enable();

      expect([run.exitCode, run.exitCode === 0 ? "" : run.output.slice(-3000)]).toEqual([0, ""]);
      expect(report.preflight).toMatchObject({ status: "passed", scps: "enabled", summary: { blocking: 0 } });
      expect(keysOf(report, (p) => p.status !== "enabled" && p.status !== "already-enabled")).toEqual([]);
    });
  });
}
