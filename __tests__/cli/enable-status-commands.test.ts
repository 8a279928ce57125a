import { BedrockClient, CreateFoundationModelAgreementCommand, PutUseCaseForModelAccessCommand } from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SdkEnablementAws } from "../../lib/enablement/aws/sdk-adapter";
import type { CliIo } from "../../lib/cli/io";
import { runCli } from "../../lib/cli/run-cli";
import { commonFlags, toCommonCli } from "../../lib/cli/enablement/options";
import { reportSchema } from "../../lib/contracts/report";
import { accessKeyId, FakeOrg, SECRET_MARK } from "../enablement/fake-org";
import { fixtureOrgOverSdkMocks, stsAccessDenied } from "../enablement/fake-org-sdk";
import { tempDir, writeJson } from "../helpers/files";
import { CI_ID, enablementConfig, firstUseRole, outputsFor, rawEnablementConfig, RESEARCH_ID, SONNET } from "../helpers/fixtures";
import { fakeClock } from "../enablement/harness";
import { FakeOrganization } from "../preflight/fake-organization";

// End to end through SdkEnablementAws: the FakeOrg answers behind the mocked SDK clients.
const sts = mockClient(STSClient);
const bedrock = mockClient(BedrockClient);
const runtime = mockClient(BedrockRuntimeClient);

interface TestIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
}

let org: FakeOrg;
/** What the command listens with for SIGINT/SIGTERM while it runs; tests call it to interrupt. */
let interrupt: ((signal: "SIGINT" | "SIGTERM") => void) | undefined;
let dir: string;
let configFile: string;
let outputsFile: string;

function testIo(env: Record<string, string> = {}): TestIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => out.push(text),
    stderr: { write: (text) => err.push(text), isTTY: false },
    env,
    clock: fakeClock(),
    random: () => 0.25,
    createAws: (options) => new SdkEnablementAws(options),
    // Preflight reads an Organization without SCPs.
    createPreflightAws: () => new FakeOrganization(),
    onInterrupt: (handler) => {
      interrupt = handler;
      return () => (interrupt = undefined);
    },
    createCatalogAws: () => {
      throw new Error("no catalog call expected");
    },
    createOrganizations: () => {
      throw new Error("no discover call expected");
    },
    out,
    err,
  };
}

async function enable(args: string[], io = testIo()): Promise<{ code: number; io: TestIo }> {
  const code = await runCli(["enable", "-c", configFile, "-o", outputsFile, "--poll-interval", "1", ...args], io);
  return { code, io };
}

beforeEach(() => {
  org = fixtureOrgOverSdkMocks({ sts, bedrock, runtime });
  dir = tempDir();
  configFile = writeJson(dir, "bedrock-access.yaml", rawEnablementConfig());
  outputsFile = writeJson(dir, "outputs.json", outputsFor(enablementConfig()));
});

describe("enable command", () => {
  it("exits 0 when every profile is enabled, and prints the table to stdout", async () => {
    const { code, io } = await enable([]);

    expect(code).toBe(0);
    const stdout = io.out.join("");
    expect(stdout).toMatch(/Use-case form: submitted \(account 111111111111, us-east-1\)/);
    expect(stdout).toMatch(/│ ci +│ us-east-1 │ us.anthropic.claude-sonnet-4-6 +│ enabled +│ AVAILABLE +│ 420 ms +│ passed 420 ms +│ +│/);
    expect(stdout).toMatch(/5 profiles in 2 accounts: 5 enabled\./);
  });

  it("exits 1 when some account failed, after finishing the others", async () => {
    org.deniedRoles.add(firstUseRole(CI_ID));

    const { code, io } = await enable([]);

    expect(code).toBe(1);
    expect(io.out.join("")).toMatch(/Failures:\n {2}- ci us-east-1 us.anthropic.claude-sonnet-4-6: cannot assume first-use role/);
    expect(io.out.join("")).toMatch(/5 profiles in 2 accounts: 2 enabled, 3 failed\./);
  });

  it("exits 2 on an invalid config, naming the field, before any AWS call", async () => {
    const raw = rawEnablementConfig();
    raw.accounts[0].id = "2222";
    writeJson(dir, "bedrock-access.yaml", raw);

    const { code, io } = await enable([]);

    expect(code).toBe(2);
    expect(io.err.join("")).toMatch(/accounts\[0\]\.id: expected 12 digits \(got "2222"\)/);
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
  });

  it("exits 2 when --report cannot be written, before any AWS call", async () => {
    mkdirSync(join(dir, "taken"));

    const { code, io } = await enable(["--report", join(dir, "taken")]);

    expect(code).toBe(2);
    expect(io.err.join("")).toMatch(/--report: cannot write .*taken \(it is a folder\)/);
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
  });

  it("creates the report's folder and never leaves a previous run's report behind", async () => {
    const report = join(dir, "reports", "nested", "report.json");
    mkdirSync(join(dir, "reports", "nested"), { recursive: true });
    writeFileSync(report, "stale");
    const failing: TestIo = {
      ...testIo(),
      createAws: () => {
        throw new Error("the run stops before it writes a report");
      },
    };

    const { code } = await enable(["--report", report, "--markdown", join(dir, "md", "summary.md")], failing);

    expect(code).toBe(1);
    expect(existsSync(report)).toBe(false);
    expect(existsSync(join(dir, "md"))).toBe(true);
  });

  it("exits 2 when an account has no outputs, before any AWS call", async () => {
    const outputs = outputsFor(enablementConfig());
    delete outputs["runtime-research"];
    writeJson(dir, "outputs.json", outputs);

    const { code, io } = await enable([]);

    expect(code).toBe(2);
    expect(io.err.join("")).toMatch(/runtime-research: no outputs for account research \(333333333333\)/);
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
  });

  it.each([
    [["--concurrency", "0"], /--concurrency: expected 1..64 \(got "0"\)/],
    [["--wait-timeout", "soon"], /--wait-timeout: expected a number of seconds 0..86400 in decimal digits \(got "soon"\)/],
    [["--poll-interval", "0x10"], /--poll-interval: expected a number of seconds 1..86400 in decimal digits \(got "0x10"\)/],
    [["--call-timeout", "0.5"], /--call-timeout: expected at least 1 seconds \(got "0.5"\)/],
    [["--retry-base-delay", "-1"], /--retry-base-delay: expected a number of seconds 0..86400 in decimal digits \(got "-1"\)/],
    [["--request-timeout", "90", "--call-timeout", "60"], /--request-timeout 90: expected at most --call-timeout \(60\)/],
    [["--strategy", "subscribe"], /--strategy: expected one of invoke, agreement \(got "subscribe"\)/],
    [["--verbose", "--quiet"], /--verbose and --quiet: expected at most one of them/],
    [["--accounts", "prod"], /--accounts: "prod" is not configured; expected one of ci, 222222222222, research, 333333333333/],
    [["--no-such-flag"], /unknown option '--no-such-flag'/],
    [["--previous-report", "/nonexistent/report.json"], /--previous-report: \/nonexistent\/report.json is not an enable report \(ENOENT/],
  ])("exits 2 on bad flags %j", async (args, message) => {
    const { code, io } = await enable(args);

    expect(code).toBe(2);
    expect(io.err.join("")).toMatch(message);
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
  });

  it("takes our retries' base delay from --retry-base-delay", () => {
    const flags = { outputs: ["o.json"], concurrency: "64", accountConcurrency: "2", retries: "3", retryBaseDelay: "0.25" };
    const parsed = commonFlags.parse({ ...flags, requestTimeout: "30", callTimeout: "120" });

    expect(toCommonCli(parsed).retry).toMatchObject({ attempts: 4, baseDelayMs: 250, deadlineMs: 120_000 });
  });

  it("prints the help and exits 0", async () => {
    const io = testIo();

    expect(await runCli(["enable", "--help"], io)).toBe(0);
    expect(io.out.join("")).toMatch(/--update-use-case/);
  });

  it("applies --accounts, --models and --regions, comma-separated or repeated", async () => {
    const { code } = await enable(["--accounts", "research,ci", "--models", SONNET, "--regions", "eu-west-1"]);

    expect(code).toBe(0);
    const invoked = runtime.commandCalls(ConverseCommand).map((c) => c.args[0].input.modelId);
    expect(new Set(invoked)).toEqual(new Set([`eu.${SONNET}`, `global.${SONNET}`]));
    expect(sts).not.toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: firstUseRole(CI_ID) });
  });

  it("prints the plan in a dry run and makes no write call", async () => {
    const { code, io } = await enable(["--dry-run"]);

    expect(code).toBe(0);
    expect(io.out.join("")).toMatch(
      /Plan \(dry run, strategy invoke\)[^\n]*\n {2}use-case form in 111111111111 \(us-east-1\) via arn:aws:iam::111111111111:role\/bedrock\/bedrock-ftu-submitter: would-submit\n {2}ci \(222222222222\): first-use role arn:aws:iam::222222222222:role\/bedrock\/bedrock-first-use\n {4}us-east-1 us.anthropic.claude-sonnet-4-6 \(agreement NOT_AVAILABLE\): would invoke with the first-use role; then prove with arn:aws:iam::222222222222:role\/bedrock\/bedrock-runtime/,
    );
    expect(bedrock).not.toHaveReceivedCommand(PutUseCaseForModelAccessCommand);
    expect(bedrock).not.toHaveReceivedCommand(CreateFoundationModelAgreementCommand);
    expect(runtime).not.toHaveReceivedCommand(ConverseCommand);
  });

  it("writes the versioned JSON report and the Markdown summary, and appends it to $GITHUB_STEP_SUMMARY", async () => {
    const reportFile = join(dir, "report.json");
    const markdownFile = join(dir, "summary.md");
    const stepSummary = join(dir, "step-summary.md");
    writeFileSync(stepSummary, "# Earlier step\n");

    const { code } = await enable(["--report", reportFile, "--markdown", markdownFile], testIo({ GITHUB_STEP_SUMMARY: stepSummary }));

    expect(code).toBe(0);
    const report = reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8")));
    expect(report).toMatchObject({ version: 1, command: "enable", exitCode: 0, runId: "20250102T030405Z-4000" });
    const markdown = readFileSync(markdownFile, "utf8");
    expect(markdown).toMatch(
      /^## Bedrock enablement\n\n✅ 5 profiles in 2 accounts: 5 enabled\. Run `20250102T030405Z-4000`, strategy `invoke`\./,
    );
    expect(markdown).toMatch(/\| Account \| Region \| Profile \| Status \| Agreement \| Latency \| Runtime role \| Error \|\n\|---\|/);
    expect(readFileSync(stepSummary, "utf8")).toBe(`# Earlier step\n${markdown}\n`);
  });

  it("with --json prints the report on stdout, the same document --report writes, and the table and logs on stderr", async () => {
    const reportFile = join(dir, "report.json");

    const { code, io } = await enable(["--json", "--report", reportFile]);

    expect(code).toBe(0);
    const out = io.out.join("");
    const report = reportSchema.parse(JSON.parse(out));
    expect(report).toMatchObject({ version: 1, command: "enable", exitCode: 0 });
    expect(JSON.parse(readFileSync(reportFile, "utf8"))).toEqual(JSON.parse(out));
    expect(io.err.join("")).toMatch(/5 profiles in 2 accounts: 5 enabled\./);
    expect(io.err.join("")).toMatch(/report written to /);
  });

  it("with --json and --dry-run prints the dry-run report on stdout and the plan on stderr", async () => {
    const { code, io } = await enable(["--json", "--dry-run"]);

    expect(code).toBe(0);
    expect(reportSchema.parse(JSON.parse(io.out.join("")))).toMatchObject({ command: "enable", dryRun: true });
    expect(io.err.join("")).toMatch(/Plan \(dry run, strategy invoke\)/);
  });

  it("accepts a directory of terraform output -json files", async () => {
    const tfDir = join(dir, "tf-outputs");
    mkdirSync(tfDir);
    for (const [stack, values] of Object.entries(outputsFor(enablementConfig()))) {
      writeJson(
        tfDir,
        `${stack}.json`,
        Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, type: "string", sensitive: false }])),
      );
    }
    outputsFile = tfDir;

    const { code } = await enable([]);

    expect(code).toBe(0);
  });

  it("never prints credentials: secrets and tokens nowhere, access key ids masked everywhere", async () => {
    // An AWS error that quotes the caller's key id, as some do.
    sts
      .on(AssumeRoleCommand, { RoleArn: firstUseRole(RESEARCH_ID) })
      .rejects(stsAccessDenied("The security token AKIAIOSFODNN7EXAMPLE is not authorized to perform: sts:AssumeRole"));
    const reportFile = join(dir, "report.json");
    const markdownFile = join(dir, "summary.md");

    const { io } = await enable(["--verbose", "--report", reportFile, "--markdown", markdownFile]);

    const everything = [io.out.join(""), io.err.join(""), readFileSync(reportFile, "utf8"), readFileSync(markdownFile, "utf8")].join("\n");
    expect(everything).not.toContain(SECRET_MARK);
    expect(everything).not.toMatch(/(AKIA|ASIA)[A-Z0-9]{16}/);
    expect(everything).not.toContain(accessKeyId(1));
    expect(io.err.join("")).toMatch(/assumed arn:aws:iam::111111111111:role\/bedrock\/bedrock-ftu-submitter \(access key ASIA…0001\)/);
    expect(everything).toContain("The security token AKIA…MPLE is not authorized");
  });
});

describe("an interrupted run", () => {
  it("stops new work on SIGINT, writes the report marked interrupted, exits 130, and a rerun invokes nothing twice", async () => {
    const reportFile = join(dir, "report.json");
    const converse = org.converse.bind(org);
    let interrupted = false;
    org.converse = (...args) => {
      if (!interrupted) {
        interrupted = true;
        interrupt?.("SIGINT");
      }
      return converse(...args);
    };

    const { code, io } = await enable(["--report", reportFile, "--concurrency", "1", "--account-concurrency", "1"]);

    expect(code).toBe(130);
    expect(io.err.join("")).toMatch(/SIGINT: stopping/);
    const report = reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8")));
    expect(report.interrupted).toBe("SIGINT");
    // The call that was answered counts; no call was sent after the signal, and what it stopped says so.
    const profiles = report.accounts.flatMap((a) =>
      a.profiles.map((p) => ({ ...p, key: `${a.accountId} ${p.invocationId}`, model: `${a.accountId} ${p.region} ${p.modelId}` })),
    );
    const invoked = profiles.filter((p) => p.action === "invoked");
    expect(invoked.length).toBeGreaterThan(0);
    for (const p of invoked) if (p.status !== "enabled") expect([p.key, p.error?.kind]).toEqual([p.key, "interrupted"]);
    const notStarted = profiles.filter((p) => p.action !== "invoked");
    expect(notStarted.length).toBeGreaterThan(0);
    for (const p of notStarted) expect([p.key, p.status, p.error?.kind]).toEqual([p.key, "not-enabled", "interrupted"]);
    const firstUses = () =>
      org.history.flatMap((c) =>
        c.operation === "converse" && c.roleArn?.endsWith("/bedrock-first-use") ? [`${c.roleArn.split(":")[4]} ${c.input.modelId}`] : [],
      );
    const before = firstUses();
    expect(before.sort()).toEqual(invoked.map((p) => p.key).sort());

    org.converse = converse;
    const rerun = await enable(["--report", reportFile]);

    expect(rerun.code).toBe(0);
    // A first use for each model the interrupted run did not invoke, and none where it did (the agreement exists).
    const again = firstUses().slice(before.length);
    const agreed = new Set(invoked.map((p) => p.model));
    expect(again.sort()).toEqual(
      notStarted
        .filter((p) => !agreed.has(p.model))
        .map((p) => p.key)
        .sort(),
    );
    const rerunReport = reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8")));
    expect(rerunReport.interrupted).toBeUndefined();
    // What the interrupted run invoked but never proved is proved now, although its agreement is already AVAILABLE.
    const proofs = rerunReport.accounts.flatMap((a) => a.profiles.map((p) => [`${a.accountId} ${p.invocationId}`, p.proof.status]));
    expect(proofs.filter(([key]) => invoked.some((p) => p.key === key))).toEqual(invoked.map((p) => [p.key, "passed"]));
    expect(rerun.io.err.join("")).toMatch(/left \d+ profiles unproven: this run proves those that are enabled/);

    // Once proved, a third run proves nothing again.
    const runtimeCalls = () => org.history.filter((c) => c.roleArn?.endsWith("/bedrock-runtime")).length;
    const provedBefore = runtimeCalls();
    expect((await enable(["--report", reportFile])).code).toBe(0);
    expect(runtimeCalls()).toBe(provedBefore);
  });
});

describe("the previous report at --report", () => {
  it("is ignored with a warning when it is not a report, and then replaced", async () => {
    const reportFile = join(dir, "report.json");
    writeFileSync(reportFile, "not json");

    const { code, io } = await enable(["--report", reportFile]);

    expect(code).toBe(0);
    expect(io.err.join("")).toMatch(/warning: .*report\.json: not read as the previous report \(Unexpected token/);
    expect(reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8"))).exitCode).toBe(0);
  });
});

describe("--max-duration", () => {
  it("stops starting work when the time is up, writes the report marked max-duration, and exits 1", async () => {
    const reportFile = join(dir, "report.json");
    const getAvailability = org.getAvailability.bind(org);
    org.getAvailability = (...args) => new Promise((resolve) => setTimeout(resolve, 1_500)).then(() => getAvailability(...args));

    const { code, io } = await enable(["--report", reportFile, "--max-duration", "1", "--concurrency", "1"]);

    expect(code).toBe(1);
    expect(io.err.join("")).toMatch(/--max-duration: 1 s reached/);
    const report = reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8")));
    expect(report.interrupted).toBe("max-duration");
    const profiles = report.accounts.flatMap((a) => a.profiles);
    expect(profiles.every((p) => p.action === "none" && p.error?.kind === "interrupted")).toBe(true);
    expect(org.history.filter((c) => c.operation === "converse")).toHaveLength(0);
  });
});

describe("status command", () => {
  it("exits 1 and shows the agreements of a fresh Organization, changing nothing", async () => {
    const io = testIo();

    const code = await runCli(["status", "-c", configFile, "-o", outputsFile], io);

    expect(code).toBe(1);
    expect(io.out.join("")).toMatch(/Use-case form: not-submitted/);
    expect(io.out.join("")).toMatch(/│ Account +│ Region +│ Profile +│ Status +│ Agreement +│ Authorized │ Entitled │ In region │ Error │/);
    expect(io.out.join("")).toMatch(
      /│ research +│ eu-west-1 │ eu.anthropic.claude-sonnet-4-6 +│ not-enabled │ NOT_AVAILABLE │ yes +│ no +│ yes +│ +│/,
    );
    expect(bedrock).not.toHaveReceivedCommand(PutUseCaseForModelAccessCommand);
    expect(runtime).not.toHaveReceivedCommand(ConverseCommand);
  });

  it("with --json prints the status report on stdout and the table on stderr, exit code unchanged", async () => {
    const io = testIo();

    const code = await runCli(["status", "-c", configFile, "-o", outputsFile, "--json"], io);

    expect(code).toBe(1);
    const report = reportSchema.parse(JSON.parse(io.out.join("")));
    expect(report).toMatchObject({ command: "status", exitCode: 1, useCase: { status: "not-submitted" } });
    expect(io.err.join("")).toMatch(/Use-case form: not-submitted/);
  });

  it("exits 0 once everything is enabled", async () => {
    await enable([]);

    expect(await runCli(["status", "-c", configFile, "-o", outputsFile], testIo())).toBe(0);
  });
});
