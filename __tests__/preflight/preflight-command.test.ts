import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CliIo } from "../../lib/cli/io";
import { runCli } from "../../lib/cli/run-cli";
import { preflightReportSchema } from "../../lib/contracts/preflight-report";
import { reportSchema } from "../../lib/contracts/report";
import { FakeOrg } from "../enablement/fake-org";
import { testIo, type TestIo } from "../helpers/cli-io";
import { tempDir, writeJson } from "../helpers/files";
import { CI_ID, enablementConfig, firstUseRole, outputsFor, rawEnablementConfig, RESEARCH_ID } from "../helpers/fixtures";
import { FakeOrganization, ROOT_ID } from "./fake-organization";

/** A Region-deny SCP at the root that allows only the accounts' own Regions (and "unspecified"): every us./eu. profile routes outside. */
const REGION_DENY = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "DenyRegions",
      Effect: "Deny",
      NotAction: ["iam:*", "organizations:*", "sts:*", "aws-marketplace:*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1", "unspecified"] } },
    },
  ],
};

let dir: string;
let configFile: string;
let outputsFile: string;
let organization: FakeOrganization;
let bedrock: FakeOrg;

function io(): TestIo {
  const base = testIo({ organization });
  const withAws: TestIo = { ...base, createAws: () => bedrock };
  return withAws;
}

async function run(args: readonly string[], cliIo: CliIo & { out: string[]; err: string[] } = io()) {
  const code = await runCli([...args, "-c", configFile, "-o", outputsFile], cliIo);
  return { code, out: cliIo.out.join(""), err: cliIo.err.join("") };
}

beforeEach(() => {
  dir = tempDir();
  configFile = writeJson(dir, "bedrock-access.yaml", rawEnablementConfig());
  outputsFile = writeJson(dir, "outputs.json", outputsFor(enablementConfig()));
  organization = new FakeOrganization();
  bedrock = new FakeOrg();
  bedrock.marketplaceRoles.add(firstUseRole(CI_ID)).add(firstUseRole(RESEARCH_ID));
});

describe("preflight command", () => {
  it("exits 0, prints every profile's checks and writes the versioned report when nothing blocks", async () => {
    const reportFile = join(dir, "preflight.json");

    const { code, out } = await run(["preflight", "--report", reportFile]);

    expect(code).toBe(0);
    expect(out).toMatch(/│ ci +│ us-east-1 │ us\.anthropic\.claude-sonnet-4-6 +│ ok +│ ok +│ ok +│ ok +│/);
    expect(out).toMatch(
      /Preflight: 5 profiles in 2 accounts: nothing blocks enable \(0 blocking findings, 0 warnings; SCPs not-enabled\)\./,
    );
    const report = preflightReportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8")));
    expect(report).toMatchObject({ version: 1, command: "preflight", exitCode: 0, summary: { profiles: 5, blocking: 0 } });
    expect(bedrock.calls("assumeRole").map((c) => c.sessionName)).toEqual(Array(3).fill(`bedrock-org-access-preflight-${report.runId}`));
    expect(bedrock.calls("listFoundationModels")).toEqual([{ provider: "Anthropic" }, { provider: "Anthropic" }]);
  });

  it("exits 1 on a blocking finding, naming the policy, the statement, the denied Region and the fix", async () => {
    organization.withScps(CI_ID, RESEARCH_ID).addPolicy("p-deny", "DenyOutsideHome", REGION_DENY, ROOT_ID);

    const { code, out } = await run(["preflight"]);

    expect(code).toBe(1);
    expect(out).toMatch(/│ ci +│ us-east-1 │ us\.anthropic\.claude-sonnet-4-6 +│ blocked +│ ok +│ ok +│ ok +│/);
    expect(out).toMatch(
      /\[blocking\] policy p-deny \(DenyOutsideHome\) statement DenyRegions at root r-ab12 denies bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream on arn:aws:bedrock:us-west-2::foundation-model\/anthropic\.claude-sonnet-4-6 \(aws:RequestedRegion us-west-2\)/,
    );
    expect(out).toMatch(/Fix: add "us-west-2" to the Regions that policy p-deny \(DenyOutsideHome\) statement DenyRegions allows/);
    expect(out).toMatch(/Preflight: 5 profiles in 2 accounts: 3 blocked/);
  });

  it("exits 2 on an unknown --accounts value, before any AWS call", async () => {
    const { code, err } = await run(["preflight", "--accounts", "nope"]);

    expect(code).toBe(2);
    expect(err).toMatch(/--accounts: "nope" is not configured/);
    expect(bedrock.history).toEqual([]);
    expect(organization.calls.size).toBe(0);
  });
});

describe("preflight --before-deploy", () => {
  it("checks the SCPs of what the config plans without outputs, naming the roles as the stacks will, and assumes nothing", async () => {
    organization.withScps(CI_ID, RESEARCH_ID).addPolicy("p-deny", "DenyOutsideHome", REGION_DENY, ROOT_ID);
    const reportFile = join(dir, "before-deploy.json");

    const code = await runCli(
      ["preflight", "-c", configFile, "--before-deploy", "-o", join(dir, "missing.json"), "--report", reportFile],
      io(),
    );

    expect(code).toBe(1);
    const report = preflightReportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8")));
    expect(report.profiles.filter((p) => p.checks.scp === "blocked")).toHaveLength(3);
    expect(report.profiles.every((p) => p.checks.assumeRole === "skipped" && p.checks.modelOffered === "skipped")).toBe(true);
    expect(bedrock.history).toEqual([]);
  });

  it.each([
    [["--regions", "us-est-1"], /--regions: "us-est-1" is not configured/],
    [["--accounts", "ci", "--regions", "eu-west-1"], /expected them to select at least one profile/],
  ])("exits 2 on %j before any AWS call", async (flags, message) => {
    const cliIo = io();
    const code = await runCli(["preflight", "-c", configFile, "--before-deploy", ...flags], cliIo);

    expect(code).toBe(2);
    expect(cliIo.err.join("")).toMatch(message);
    expect(organization.calls.size).toBe(0);
  });
});

describe("preflight --json", () => {
  it("prints the preflight report on stdout, the same document --report writes, and the table on stderr; exit 1 when blocked", async () => {
    organization.withScps(CI_ID, RESEARCH_ID).addPolicy("p-deny", "DenyOutsideHome", REGION_DENY, ROOT_ID);
    const reportFile = join(dir, "preflight.json");

    const { code, out, err } = await run(["preflight", "--json", "--report", reportFile]);

    expect(code).toBe(1);
    const report = preflightReportSchema.parse(JSON.parse(out));
    expect(report).toMatchObject({ command: "preflight", exitCode: 1, summary: { profiles: 5 } });
    expect(report.summary.blocking).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(reportFile, "utf8"))).toEqual(JSON.parse(out));
    expect(err).toMatch(/\[blocking\] policy p-deny \(DenyOutsideHome\)/);
    expect(err).toMatch(/report written to /);
  });
});

describe("enable with the preflight", () => {
  it("stops before any AWS write on a blocking finding: exit 1, no role assumed, the findings in the report", async () => {
    organization.withScps(CI_ID, RESEARCH_ID).addPolicy("p-deny", "DenyOutsideHome", REGION_DENY, ROOT_ID);
    const reportFile = join(dir, "enable.json");

    const { code, out, err } = await run(["enable", "--report", reportFile]);

    expect(code).toBe(1);
    expect(bedrock.history).toEqual([]);
    expect(err).toMatch(/enable stopped before any AWS write; fix the findings, or run with --no-preflight/);
    expect(out).toMatch(/Fix: add "eu-central-1" to the Regions that policy p-deny/);
    const report = reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8")));
    expect(report.preflight).toMatchObject({ status: "blocked", summary: { blockedProfiles: 3 } });
    expect(report.useCase.status).toBe("not-submitted");
    const blocked = report.accounts.flatMap((a) =>
      a.profiles.filter((p) => p.error?.kind === "preflight-blocked").map((p) => p.invocationId),
    );
    expect(blocked).toEqual(["us.anthropic.claude-sonnet-4-6", "us.anthropic.claude-opus-4-6-v1", "eu.anthropic.claude-sonnet-4-6"]);
    expect(report.summary.byStatus["not-enabled"]).toBe(5);
  });

  it("with --json prints the report on stdout and the blocking findings on stderr", async () => {
    organization.withScps(CI_ID, RESEARCH_ID).addPolicy("p-deny", "DenyOutsideHome", REGION_DENY, ROOT_ID);

    const { code, out, err } = await run(["enable", "--json"]);

    expect(code).toBe(1);
    const report = reportSchema.parse(JSON.parse(out));
    expect(report.preflight).toMatchObject({ status: "blocked" });
    expect(err).toMatch(/Fix: add "eu-central-1" to the Regions that policy p-deny/);
  });

  it("records a passing preflight in the report, checking the Organization only (enable assumes the roles itself)", async () => {
    const reportFile = join(dir, "enable.json");

    const { code } = await run(["enable", "--report", reportFile, "--poll-interval", "1"]);

    expect(code).toBe(0);
    const report = reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8")));
    expect(report.preflight).toEqual({
      status: "passed",
      scps: "not-enabled",
      findings: [],
      summary: { accounts: 2, profiles: 5, blockedProfiles: 0, blocking: 0, warnings: 0 },
    });
    expect(bedrock.calls("listFoundationModels")).toEqual([]);
  });

  it("reads no Organization with --no-preflight, and enables what the SCPs would deny", async () => {
    organization.withScps(CI_ID, RESEARCH_ID).addPolicy("p-deny", "DenyOutsideHome", REGION_DENY, ROOT_ID);
    const reportFile = join(dir, "enable.json");

    const { code } = await run(["enable", "--no-preflight", "--report", reportFile, "--poll-interval", "1"]);

    expect(code).toBe(0);
    expect(organization.calls.size).toBe(0);
    expect(reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8"))).preflight).toBeUndefined();
  });
});
