import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { runCli } from "../../lib/cli/run-cli";
import { preflightReportJsonSchema, reportJsonSchema } from "../../lib/contracts/json-schemas";
import { readPlanRun } from "../../lib/plan-review/selection/read-plan-run";
import { summarizePlans } from "../../lib/plan-review/summarize";
import { testIo } from "../helpers/cli-io";
import { tempDir, writeJson } from "../helpers/files";
import { rawEnablementConfig } from "../helpers/fixtures";
import { doc, stackPlan } from "../plan-review/plan-builders";

/** `--json` of validate, plan-summary and stacks: stdout is one JSON document, the logs are on stderr (docs/json-output.md). */
let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = testIo({ env: { BEDROCK_ACCESS_CONFIG: join(dir, "no-config.yaml") } });
  const code = await runCli(args, io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

describe("validate --json", () => {
  it("prints {valid, file, accounts, models, warnings} on stdout and the log on stderr, exit 0", async () => {
    const { code, out, err } = await cli("validate", "--config", "bedrock-access.yaml", "--json");

    expect(code).toBe(0);
    const result = JSON.parse(out) as { warnings: string[] };
    expect(result).toEqual({
      valid: true,
      file: "bedrock-access.yaml",
      accounts: [expect.objectContaining({ name: expect.any(String), id: expect.stringMatching(/^\d{12}$/) }), expect.anything()],
      models: [expect.any(String), expect.any(String), expect.any(String)],
      warnings: expect.arrayContaining([expect.stringMatching(/no catalog lock/)]),
    });
    expect(err).toMatch(/bedrock-access\.yaml: valid \(3 models, 2 accounts/);
    expect(err).toMatch(/warning: no catalog lock/);
  });

  it("prints {valid: false, file, problems} on stdout and still exits 2, the error on stderr", async () => {
    const config = join(dir, "typo.yaml");
    writeFileSync(config, `${readFileSync("bedrock-access.yaml", "utf8")}\nmodel: []\n`);

    const { code, out, err } = await cli("validate", "--config", config, "--json");

    expect(code).toBe(2);
    expect(JSON.parse(out)).toEqual({
      valid: false,
      file: config,
      problems: expect.arrayContaining(['(root): Unrecognized key: "model"']),
    });
    expect(err).toContain('  - (root): Unrecognized key: "model"');
  });

  it("prints nothing on stdout for bad flags: only validate's own input is its result", async () => {
    const { code, out } = await cli("validate", "--json", "--nope");

    expect(code).toBe(2);
    expect(out).toBe("");
  });
});

describe("plan-summary --json", () => {
  it("prints the PlanSummary on stdout, the Markdown on stderr, and keeps --fail-on-warnings' exit code", async () => {
    const everything = doc({ Effect: "Allow", Action: "*", Resource: "*" });
    writeJson(
      dir,
      "runtime-ci.json",
      stackPlan("runtime-ci", [{ address: "aws_iam_policy.all", actions: ["create"], after: { name: "all", policy: everything } }]).plan,
    );

    const { code, out, err } = await cli("plan-summary", dir, "--first-use-role", "bedrock-first-use", "--json", "--fail-on-warnings");

    const { plans, selection } = readPlanRun([dir]);
    const expected = summarizePlans(plans, { firstUseRoleName: "bedrock-first-use" }, selection);
    expect(expected.findings.length).toBeGreaterThan(0);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(err).toContain("runtime-ci");
    expect(err).toMatch(/warning\(s\) in the plan/);
  });
});

describe("stacks --json", () => {
  it("prints the JSON array on stdout and the shard's count on stderr", async () => {
    const raw = rawEnablementConfig();
    const config = join(dir, "bedrock-access.yaml");
    writeFileSync(config, stringify(raw));

    const { code, out, err } = await cli("stacks", "--config", config, "--shard", "1/1", "--json");

    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(["management", ...raw.accounts.map((a) => `runtime-${String(a.name)}`).sort()]);
    expect(err).toMatch(/shard 1\/1: \d+ of \d+ stacks/);
  });
});

describe("schema --of", () => {
  it.each([
    ["report", "schema/report.schema.json", reportJsonSchema],
    ["preflight-report", "schema/preflight-report.schema.json", preflightReportJsonSchema],
  ])("writes the %s's JSON Schema, committed as %s and up to date", async (document, committed, generate) => {
    const target = join(dir, "out.json");

    const { code } = await cli("schema", "--of", document, target);

    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(target, "utf8"))).toEqual(generate());
    expect(JSON.parse(readFileSync(committed, "utf8"))).toEqual(generate());
  });

  it("exits 2 on a document it does not know", async () => {
    const { code, err } = await cli("schema", "--of", "plan");

    expect(code).toBe(2);
    expect(err).toMatch(/--of: expected one of config, report, preflight-report/);
  });
});
