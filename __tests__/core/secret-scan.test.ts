import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { stringify } from "yaml";
import type { AnthropicModelListing, CatalogAws } from "../../lib/catalog-sync/aws";
import { OrganizationsCallError, type OrganizationsOperation } from "../../lib/discovery/port";
import { ioLogger, processIo, redactedIo, type CliIo } from "../../lib/cli/io";
import { runCli } from "../../lib/cli/run-cli";
import { runCommand, type ProcessOptions, type ProcessResult } from "../../lib/core/process";
import { AwsCallError, type RoleSession } from "../../lib/enablement/aws/port";
import { LiveProgress } from "../../lib/enablement/progress/progress";
import { PreflightCallError, type OrganizationRoot } from "../../lib/preflight/aws/port";
import { planStacks } from "../../lib/plan-review/run/run-plans";
import { FakeOrganizationTree } from "../discovery/fake-organization-tree";
import { fakeClock } from "../enablement/harness";
import { FakeOrg } from "../enablement/fake-org";
import { testIo, type TestIo } from "../helpers/cli-io";
import { tempDir, writeJson } from "../helpers/files";
import { CI_ID, enablementConfig, firstUseRole, MANAGEMENT_ID, outputsFor, rawEnablementConfig, RESEARCH_ID } from "../helpers/fixtures";
import { doc, PIPELINE_TRUST, role, stackPlan } from "../plan-review/plan-builders";
import { FakeOrganization } from "../preflight/fake-organization";

/*
 * Plants one made-up credential of every shape where commands take text from (AWS error messages, an environment
 * echo, plan values, names in the Organization, the config, the command line), runs the commands in-process, and
 * scans everything they print and every file they write for any piece of them.
 */
const b64 = (text: string) => Buffer.from(text).toString("base64");
const b64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const SESSION_TOKEN = `IQoJb3JpZ2lu${b64("a made-up session token for the secret scan; ".repeat(6))}`;

const PLANTED = {
  "long-term access key id": "AKIAIOSFODNN7EXAMPLE",
  "temporary access key id": "ASIAY34FZKBOKMUTVV7A",
  "secret access key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "session token": SESSION_TOKEN,
  "session token, URL-encoded": encodeURIComponent(SESSION_TOKEN),
  "older session token": `FwoGZXIvYXdzE${b64("an older made-up session token; ".repeat(5))}`,
  "session token without a known prefix": "EXAMPLEopaqueStsValue9876543210zyxwvEXAMPLE",
  JWT: [
    b64url({ alg: "RS256", typ: "JWT", kid: "example" }),
    b64url({ iss: "https://app.terraform.io", sub: "organization:example:workspace:bedrock", aud: "aws.workload.identity" }),
    b64url("not a signature, made up for the secret scan"),
  ].join("."),
  "GitHub token": "ghs_EXAMPLE0123456789abcdefEXAMPLE012345",
  "fine-grained GitHub token": `github_pat_11EXAMPLE0123456789abcd_${"EXAMPLEfineGrained0123456789".repeat(2)}`,
  "HCP Terraform token": `EXAMPLEtoken01.atlasv1.${"EXAMPLEhcpTerraformToken0123456789-_".repeat(2)}`,
  "bearer token": "EXAMPLE.opaque-bearer~token_0123456789abcdef",
  "request signature": "0123456789abcdef".repeat(4),
};
type Planted = keyof typeof PLANTED;
const P = (name: Planted) => PLANTED[name];

/** What an AWS error might quote, on one line: a request, the credentials in its environment, an STS answer. */
const AWS_MESSAGE = [
  `The security token ${P("long-term access key id")} is not authorized to perform: sts:AssumeRole`,
  `environment: AWS_ACCESS_KEY_ID=${P("temporary access key id")} AWS_SECRET_ACCESS_KEY=${P("secret access key")} AWS_SESSION_TOKEN=${P("session token without a known prefix")}`,
  `GITHUB_TOKEN=${P("GitHub token")} TF_TOKEN_app_terraform_io=${P("HCP Terraform token")} ACTIONS_ID_TOKEN=${P("JWT")}`,
  `credentials {"SecretAccessKey":"${P("secret access key")}","SessionToken":"${P("session token")}"}`,
  `GET https://bucket.s3.amazonaws.com/r?X-Amz-Credential=${P("temporary access key id")}%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=${P("session token, URL-encoded")}&X-Amz-Signature=${P("request signature")}`,
  `Authorization: Bearer ${P("bearer token")}; cached ${P("older session token")} and ${P("fine-grained GitHub token")}`,
].join("; ");

/** Each planted credential where a log line might quote it. */
const IN_CONTEXT: Record<Planted, string> = {
  "long-term access key id": `The security token ${P("long-term access key id")} is not authorized`,
  "temporary access key id": `access key ${P("temporary access key id")}`,
  "secret access key": `AWS_SECRET_ACCESS_KEY=${P("secret access key")}`,
  "session token": `token ${P("session token")}`,
  "session token, URL-encoded": `?X-Amz-Security-Token=${P("session token, URL-encoded")}`,
  "older session token": `token ${P("older session token")}`,
  "session token without a known prefix": `"SessionToken": "${P("session token without a known prefix")}"`,
  JWT: `id token ${P("JWT")}`,
  "GitHub token": `GITHUB_TOKEN=${P("GitHub token")}`,
  "fine-grained GitHub token": `https://x-access-token:${P("fine-grained GitHub token")}@github.com`,
  "HCP Terraform token": `TF_TOKEN_app_terraform_io=${P("HCP Terraform token")}`,
  "bearer token": `Authorization: Bearer ${P("bearer token")}`,
  "request signature": `&X-Amz-Signature=${P("request signature")}`,
};

/** Which planted credentials (any 12 characters of one) are in the text. */
function leaked(text: string): Planted[] {
  return (Object.keys(PLANTED) as Planted[]).filter((name) => {
    const value = PLANTED[name];
    for (let i = 0; i + 12 <= value.length; i++) if (text.includes(value.slice(i, i + 12))) return true;
    return false;
  });
}

/** Every file under a directory, by name. */
function filesIn(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => [join(entry.parentPath, entry.name).slice(dir.length + 1), readFileSync(join(entry.parentPath, entry.name), "utf8")]),
  );
}

/** Where each planted credential shows: stdout, stderr and every file of the run's folder (the inputs planted there excepted). */
function scan(io: TestIo, dir: string, inputs: readonly string[] = []): Record<string, Planted[]> {
  const outputs: Record<string, string> = { stdout: io.out.join(""), stderr: io.err.join(""), ...filesIn(dir) };
  for (const input of inputs) delete outputs[input];
  return Object.fromEntries(Object.entries(outputs).flatMap(([where, text]) => (leaked(text).length > 0 ? [[where, leaked(text)]] : [])));
}

/** The FakeOrg, with one role whose AssumeRole fails quoting the planted credentials. */
class PlantedOrg extends FakeOrg {
  constructor(private readonly failingRole: string) {
    super();
  }

  override async assumeRole(roleArn: string, sessionName: string): Promise<RoleSession> {
    if (roleArn === this.failingRole) throw new AwsCallError("assumeRole", "AccessDenied", AWS_MESSAGE, 403);
    return super.assumeRole(roleArn, sessionName);
  }
}

let dir: string;
let stepSummary: string;

beforeEach(() => {
  dir = tempDir();
  stepSummary = join(dir, "step-summary.md");
  writeFileSync(stepSummary, "");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("enable and status", () => {
  let configFile: string;
  let outputsFile: string;
  let org: PlantedOrg;

  beforeEach(() => {
    configFile = writeJson(dir, "bedrock-access.yaml", rawEnablementConfig());
    outputsFile = writeJson(dir, "outputs.json", outputsFor(enablementConfig()));
    org = new PlantedOrg(firstUseRole(RESEARCH_ID));
    org.marketplaceRoles.add(firstUseRole(CI_ID));
    org.on("converse").rejects(new AwsCallError("converse", "AccessDeniedException", AWS_MESSAGE, 403));
    org.on("getAvailability").rejectsOnce(new AwsCallError("getAvailability", "ThrottlingException", AWS_MESSAGE, 400));
  });

  const run = async (args: readonly string[], tty: boolean) => {
    const base = testIo({ env: { GITHUB_STEP_SUMMARY: stepSummary } });
    const io: TestIo = {
      ...base,
      stderr: { write: base.stderr.write, isTTY: tty, columns: 80 },
      clock: fakeClock(),
      createAws: () => org,
    };
    const reports = ["--report", join(dir, "report.json"), "--markdown", join(dir, "summary.md")];
    const code = await runCli([...args, "-c", configFile, "-o", outputsFile, "--verbose", ...reports], io);
    return { code, io };
  };

  it.each([
    ["enable", ["enable"], false],
    ["enable on a terminal (live progress)", ["enable"], true],
    ["enable --dry-run", ["enable", "--dry-run"], false],
    ["status", ["status"], false],
  ] as const)("%s prints and writes no credential", async (_name, args, tty) => {
    const { code, io } = await run(args, tty);

    expect(code).toBe(1);
    expect(scan(io, dir, ["bedrock-access.yaml", "outputs.json"])).toEqual({});
    // The planted message did reach every output, masked.
    for (const text of [io.err.join(""), readFileSync(join(dir, "report.json"), "utf8"), readFileSync(stepSummary, "utf8")]) {
      expect(text).toContain("AKIA…MPLE");
    }
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8"))).toMatchObject({ command: args[0] });
  });
});

describe("preflight", () => {
  class PlantedOrganization extends FakeOrganization {
    override root(): Promise<OrganizationRoot> {
      return Promise.reject(new PreflightCallError("ListRoots", "AccessDeniedException", AWS_MESSAGE));
    }
  }

  it("prints and writes no credential", async () => {
    const configFile = writeJson(dir, "bedrock-access.yaml", rawEnablementConfig());
    const outputsFile = writeJson(dir, "outputs.json", outputsFor(enablementConfig()));
    const org = new PlantedOrg(firstUseRole(RESEARCH_ID));
    const io: TestIo = { ...testIo({ organization: new PlantedOrganization() }), createAws: () => org };

    await runCli(["preflight", "-c", configFile, "-o", outputsFile, "--verbose", "--report", join(dir, "preflight.json")], io);

    expect(scan(io, dir, ["bedrock-access.yaml", "outputs.json"])).toEqual({});
    expect(io.out.join("")).toContain("AKIA…MPLE");
    expect(JSON.parse(readFileSync(join(dir, "preflight.json"), "utf8"))).toMatchObject({ command: "preflight" });
  });
});

describe("plan-summary", () => {
  it("prints and writes no credential from the plan's values: Markdown, PR comment, job summary, text", async () => {
    const plan = stackPlan("runtime-ci", [
      {
        address: "aws_iam_role.r",
        actions: ["update"],
        before: role("r", PIPELINE_TRUST, { description: "old" }),
        after: role("r", PIPELINE_TRUST, { description: AWS_MESSAGE, tags: { token: P("GitHub token"), oidc: P("JWT") } }),
      },
      {
        address: "aws_iam_policy.p",
        actions: ["create"],
        after: {
          name: "p",
          policy: doc({ Sid: "S", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }),
          description: AWS_MESSAGE,
        },
      },
    ]).plan;
    writeJson(dir, "runtime-ci.json", plan);
    const io = testIo({ env: { GITHUB_STEP_SUMMARY: stepSummary } });
    const text = testIo();
    const summary = ["--config", writeJson(dir, "bedrock-access.yaml", rawEnablementConfig())];

    await runCli(
      [
        "plan-summary",
        join(dir, "runtime-ci.json"),
        "--markdown",
        join(dir, "summary.md"),
        "--comment-file",
        join(dir, "comment.md"),
        ...summary,
      ],
      io,
    );
    await runCli(["plan-summary", join(dir, "runtime-ci.json"), "--text", ...summary], text);

    expect(scan(io, dir, ["runtime-ci.json", "bedrock-access.yaml"])).toEqual({});
    expect(leaked(text.out.join("") + text.err.join(""))).toEqual([]);
    for (const file of ["summary.md", "comment.md", "step-summary.md"])
      expect(readFileSync(join(dir, file), "utf8")).toContain("AKIA…MPLE");
    expect(text.out.join("")).toContain("AKIA…MPLE");
  });
});

describe("plan", () => {
  it("writes no credential into the plan JSON, which stays valid JSON", async () => {
    const outputDir = join(dir, "cdktf.out");
    mkdirSync(join(outputDir, "stacks", "runtime-ci"), { recursive: true });
    writeJson(dir, "cdktf.out/manifest.json", {
      version: "0.21.0",
      stacks: { "runtime-ci": { name: "runtime-ci", workingDirectory: "stacks/runtime-ci" } },
    });
    const show = { format_version: "1.2", variables: { token: { value: AWS_MESSAGE } } };
    const run = (_command: string, args: readonly string[], _options: ProcessOptions): Promise<ProcessResult> =>
      Promise.resolve({ exitCode: 0, stdout: args[0] === "show" ? JSON.stringify(show) : "", stderr: "", output: "" });

    const [result] = await planStacks({ projectDir: dir, outputDir, plansDir: join(dir, "plans"), env: {}, synth: false, run });

    const written = readFileSync(result.jsonFile ?? "", "utf8");
    expect(leaked(written)).toEqual([]);
    expect(JSON.parse(written)).toMatchObject({
      format_version: "1.2",
      variables: { token: { value: expect.stringContaining("AKIA…MPLE") } },
    });
  });
});

describe("discover", () => {
  const WORKLOADS = "ou-ab12-11111111";

  class PlantedTree extends FakeOrganizationTree {
    failTagsWith?: string;

    override listTags(accountId: string): Promise<Record<string, string>> {
      if (this.failTagsWith)
        return Promise.reject(
          new OrganizationsCallError("listTags" satisfies OrganizationsOperation, "AccessDeniedException", this.failTagsWith),
        );
      return super.listTags(accountId);
    }
  }

  const run = async (tree: PlantedTree, ...args: string[]) => {
    const raw: Record<string, unknown> = rawEnablementConfig();
    raw.accounts = [];
    raw.organization = {
      selections: [
        {
          name: "workloads",
          organizationalUnits: [{ id: WORKLOADS, nested: true }],
          tags: { bedrock: "enabled" },
          defaults: { regions: ["us-east-1"] },
        },
      ],
    };
    writeFileSync(join(dir, "bedrock-access.yaml"), stringify(raw));
    const io = testIo({ discovery: tree });
    const code = await runCli(["discover", "-c", join(dir, "bedrock-access.yaml"), ...args], io);
    return { code, io };
  };

  it("prints and writes no credential from the Organization's names, as a table, as JSON and in the lock", async () => {
    const tree = new PlantedTree("o-exampleorg1", MANAGEMENT_ID)
      .addOu(WORKLOADS, `Workloads ${AWS_MESSAGE}`)
      .addAccount(CI_ID, "CI Prod", WORKLOADS, { tags: { bedrock: "enabled" } });
    const table = await run(tree);
    const json = await run(tree, "--json", "--lock", join(dir, "second.lock.json"));

    expect([scan(table.io, dir, ["bedrock-access.yaml"]), scan(json.io, dir, ["bedrock-access.yaml"])]).toEqual([{}, {}]);
    expect(JSON.parse(readFileSync(join(dir, "bedrock-accounts.lock.json"), "utf8"))).toMatchObject({
      accounts: [{ id: CI_ID, ouPath: expect.stringContaining("AKIA…MPLE") }],
    });
    expect(JSON.parse(json.io.out.join(""))).toBeDefined();
  });

  it("prints no credential from a failed call", async () => {
    const tree = new PlantedTree("o-exampleorg1", MANAGEMENT_ID).addOu(WORKLOADS, "Workloads").addAccount(CI_ID, "CI Prod", WORKLOADS);
    tree.failTagsWith = AWS_MESSAGE;

    const { code, io } = await run(tree);

    expect(code).toBe(1);
    expect(scan(io, dir, ["bedrock-access.yaml"])).toEqual({});
    expect(io.err.join("")).toContain("AKIA…MPLE");
  });
});

describe("errors every command reports the same way", () => {
  it("validate: a config value quoted in the problem it has", async () => {
    const raw = rawEnablementConfig();
    raw.managementAccount = { id: `${P("long-term access key id")} ${P("GitHub token")}`, pipelinePrincipals: [] };
    const configFile = writeJson(dir, "bedrock-access.yaml", raw);
    const io = testIo();

    expect(await runCli(["validate", "-c", configFile], io)).toBe(2);
    expect(scan(io, dir, ["bedrock-access.yaml"])).toEqual({});
    expect(io.err.join("")).toContain('managementAccount.id: expected 12 digits (got "AKIA…MPLE ghs_…")');
  });

  it("catalog refresh: an unexpected error, printed with its stack", async () => {
    const configFile = writeJson(dir, "bedrock-access.yaml", rawEnablementConfig());
    const failing: CatalogAws = {
      listAnthropicModels: (): Promise<AnthropicModelListing[]> => Promise.reject(new Error(AWS_MESSAGE)),
      listSystemProfiles: () => Promise.resolve([]),
      getProfileModels: () => Promise.resolve([]),
    };
    const io = testIo({ catalog: failing });

    expect(await runCli(["catalog", "refresh", "-c", configFile], io)).toBe(1);
    expect(scan(io, dir, ["bedrock-access.yaml"])).toEqual({});
    expect(io.err.join("")).toMatch(/^error: unexpected: Error: The security token AKIA…MPLE/);
  });

  it("commander: an unknown flag echoed back", async () => {
    const io = testIo();

    expect(await runCli(["status", `--github-token=${P("GitHub token")}`], io)).toBe(2);
    expect(scan(io, dir)).toEqual({});
    expect(io.err.join("")).toContain("unknown option '--github-token=ghs_…'");
  });
});

describe("the output sinks", () => {
  it("redactedIo masks stdout and stderr once, and keeps the terminal's width and kind", () => {
    const base = testIo();
    const io = redactedIo({ ...base, stderr: { write: base.stderr.write, isTTY: true, columns: 93 } });

    io.stdout(AWS_MESSAGE);
    io.stderr.write(AWS_MESSAGE);

    expect(leaked(base.out.join("") + base.err.join(""))).toEqual([]);
    expect(base.out.join("")).toBe(base.err.join(""));
    expect([io.stderr.isTTY, io.stderr.columns]).toEqual([true, 93]);
    expect(redactedIo(io)).toBe(io);
  });

  it("processIo masks what reaches the process's own streams, so the entry point's last-resort error line is masked too", () => {
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => (written.push(String(chunk)), true);
    const stdout = jest.spyOn(process.stdout, "write").mockImplementation(capture);
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(capture);
    try {
      const io: CliIo = processIo();
      io.stdout(AWS_MESSAGE);
      ioLogger(io).error(AWS_MESSAGE);
      expect(redactedIo(io)).toBe(io);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }

    expect(written).toHaveLength(2);
    expect(leaked(written.join(""))).toEqual([]);
  });

  it("live progress masks a line before it cuts it to the terminal's width: no piece of a credential is left to know", () => {
    for (const [name, text] of Object.entries(IN_CONTEXT) as [Planted, string][]) {
      const base = testIo();
      // The cut would leave 14 characters of the credential, too few for any shape.
      const columns = "  ✗ t  ".length + text.indexOf(PLANTED[name]) + 14 + 1;
      const live = new LiveProgress(redactedIo({ ...base, stderr: { write: base.stderr.write, isTTY: true, columns } }).stderr);

      live.task({ group: "g", task: "t", state: "failed", detail: text });

      expect([name, leaked(base.err.join(""))]).toEqual([name, []]);
    }
  });

  it("runCommand relays a child's stderr masked, even when a credential arrives in two pieces", async () => {
    const relayed: string[] = [];
    const echo = new Writable({
      write(chunk: Buffer, _encoding, done) {
        relayed.push(chunk.toString("utf8"));
        done();
      },
    });
    const half = Math.floor(AWS_MESSAGE.length / 2);
    const script = `process.stderr.write(${JSON.stringify(AWS_MESSAGE.slice(0, half))}); setTimeout(() => process.stderr.write(${JSON.stringify(`${AWS_MESSAGE.slice(half)}\nlast line without an end`)}), 50);`;

    const result = await runCommand(process.execPath, ["-e", script], { cwd: dir, env: {}, echo });

    expect(result.exitCode).toBe(0);
    expect(leaked(relayed.join(""))).toEqual([]);
    expect(relayed.join("")).toMatch(/AKIA…MPLE[\s\S]*\nlast line without an end$/);
  });
});
