import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { runCli } from "../../lib/cli/run-cli";
import type { DiscoverReport } from "../../lib/discovery/report";
import { loadConfigFile } from "../../lib/config/load";
import type { AccountsLock } from "../../lib/domain/organization/accounts-lock";
import { testIo, type TestIo } from "../helpers/cli-io";
import { MANAGEMENT_ID, rawEnablementConfig, SONNET } from "../helpers/fixtures";
import { FakeOrganizationTree } from "./fake-organization-tree";

/**
 * `bedrock-access discover` against a fake Organization:
 *   Root (r-ab12): the management account
 *     Workloads (ou-ab12-11111111)
 *       CI (ou-ab12-22222222): 222222222222 "CI Prod", 666666666666 "Old CI" (SUSPENDED)
 *       ML (ou-ab12-33333333): 333333333333 "ML Research"
 *     Sandbox (ou-ab12-44444444): 444444444444 "Sandbox" (bedrock=enabled), 555555555555 "Playground"
 * Selections: workloads (the Workloads OU and every OU below it), tagged (Sandbox accounts tagged bedrock=enabled).
 */
const WORKLOADS = "ou-ab12-11111111";
const CI = "ou-ab12-22222222";
const ML = "ou-ab12-33333333";
const SANDBOX = "ou-ab12-44444444";

function organization(): FakeOrganizationTree {
  return new FakeOrganizationTree("o-exampleorg1", MANAGEMENT_ID)
    .addOu(WORKLOADS, "Workloads")
    .addOu(CI, "CI", WORKLOADS)
    .addOu(ML, "ML", WORKLOADS)
    .addOu(SANDBOX, "Sandbox")
    .addAccount("222222222222", "CI Prod", CI)
    .addAccount("666666666666", "Old CI", CI, { state: "SUSPENDED" })
    .addAccount("333333333333", "ML Research", ML)
    .addAccount("444444444444", "Sandbox", SANDBOX, { tags: { bedrock: "enabled", team: "platform" } })
    .addAccount("555555555555", "Playground", SANDBOX, { tags: { team: "platform" } });
}

let dir: string;
let configFile: string;
let lockFile: string;
let org: FakeOrganizationTree;

function writeConfig(mutate: (raw: Record<string, unknown>) => void = () => undefined): void {
  const raw: Record<string, unknown> = rawEnablementConfig();
  raw.accounts = [];
  raw.organization = {
    selections: [
      { name: "workloads", organizationalUnits: [{ id: WORKLOADS, nested: true }], defaults: { regions: ["us-east-1"] } },
      {
        name: "tagged",
        organizationalUnits: [{ id: SANDBOX }],
        tags: { bedrock: "enabled" },
        defaults: { regions: ["eu-west-1"], models: [SONNET] },
      },
    ],
  };
  mutate(raw);
  writeFileSync(configFile, stringify(raw));
}

async function discover(...args: string[]): Promise<{ code: number; io: TestIo }> {
  const io = testIo({ discovery: org });
  const code = await runCli(["discover", "-c", configFile, ...args], io);
  return { code, io };
}

/** A table row with these cells, in this order (cli-table3 draws │ between cells). */
const row = (...cells: string[]) => new RegExp(cells.map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("[ │]+"));

const readLock = (): AccountsLock => JSON.parse(readFileSync(lockFile, "utf8")) as AccountsLock;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "discover-"));
  configFile = join(dir, "bedrock-access.yaml");
  lockFile = join(dir, "bedrock-accounts.lock.json");
  org = organization();
  writeConfig();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("bedrock-access discover", () => {
  it("writes the lock: every ACTIVE account taken, its stack name, OU path and selection, sorted", async () => {
    const { code, io } = await discover();

    expect(code).toBe(0);
    expect(readLock()).toEqual({
      version: 1,
      organizationId: "o-exampleorg1",
      selections: {
        tagged: { organizationalUnits: [{ id: SANDBOX, nested: false }], tags: { bedrock: "enabled" } },
        workloads: { organizationalUnits: [{ id: WORKLOADS, nested: true }] },
      },
      accounts: [
        { id: "222222222222", name: "ci-prod", accountName: "CI Prod", ouId: CI, ouPath: "Root/Workloads/CI", selection: "workloads" },
        {
          id: "333333333333",
          name: "ml-research",
          accountName: "ML Research",
          ouId: ML,
          ouPath: "Root/Workloads/ML",
          selection: "workloads",
        },
        { id: "444444444444", name: "sandbox", accountName: "Sandbox", ouId: SANDBOX, ouPath: "Root/Sandbox", selection: "tagged" },
      ],
    });
    const out = io.out.join("");
    expect(out).toMatch(row("222222222222", "CI Prod", "runtime-ci-prod", "Root/Workloads/CI", "workloads", "joined"));
    expect(out).toMatch(row("666666666666", "Old CI", "SUSPENDED", "Root/Workloads/CI", "workloads"));
    expect(io.err.join("")).toMatch(/warning: 666666666666 \(Old CI, Root\/Workloads\/CI\) is SUSPENDED: left out \(selection workloads\)/);
  });

  it("asks each list once, walks below an OU only when nested, and lists tags only of the accounts a tag selection considers", async () => {
    await discover();

    expect(org.calls).toEqual({
      describeOrganization: 1,
      listRoots: 1,
      // The path of each OU a selection names: Workloads and Sandbox.
      listParents: 2,
      describeOrganizationalUnit: 2,
      // Below Workloads (nested), and below CI and ML; never below Sandbox (not nested).
      listOrganizationalUnits: 3,
      // Workloads, CI, ML, Sandbox: once each.
      listAccounts: 4,
      // Only Sandbox's two accounts, for the tagged selection.
      listTags: 2,
    });
  });

  it("selects by tags across the whole Organization when a selection names no OU", async () => {
    writeConfig((raw) => {
      raw.organization = { selections: [{ name: "tagged", tags: { team: "platform" }, defaults: { regions: ["us-east-1"] } }] };
    });

    expect((await discover()).code).toBe(0);

    expect(readLock().accounts.map((a) => [a.id, a.ouPath])).toEqual([
      ["444444444444", "Root/Sandbox"],
      ["555555555555", "Root/Sandbox"],
    ]);
    expect(org.calls.listTags).toBe(org.accounts.size);
  });

  it("gives an account several selections take to the first of them, and reports a new order as reselected", async () => {
    // GIVEN a selection by tag across the Organization, then one by the Sandbox OU: both take 444 and 555
    const platform = { name: "platform", tags: { team: "platform" }, defaults: { regions: ["us-east-1"] } };
    const sandbox = { name: "sandbox", organizationalUnits: [{ id: SANDBOX }], defaults: { regions: ["eu-west-1"], models: [SONNET] } };
    writeConfig((raw) => (raw.organization = { selections: [platform, sandbox] }));

    // WHEN discover runs, THEN the first selection takes them, and --json names the other
    const { io } = await discover("--json");
    const report = JSON.parse(io.out.join("")) as DiscoverReport;
    expect(report.accounts.map((a) => [a.id, a.selection, a.alsoMatched])).toEqual([
      ["444444444444", "platform", ["sandbox"]],
      ["555555555555", "platform", ["sandbox"]],
    ]);
    expect(loadConfigFile(configFile).accounts.map((a) => a.regions)).toEqual([["us-east-1"], ["us-east-1"]]);

    // WHEN the config lists the selections the other way round, THEN the lock no longer matches: reselected
    writeConfig((raw) => (raw.organization = { selections: [sandbox, platform] }));
    const check = await discover("--check");
    expect(check.code).toBe(1);
    expect(check.io.out.join("")).toMatch(/444444444444 reselected: selection platform → sandbox/);
  });

  it("--check exits 0 when the lock matches the Organization, and writes nothing", async () => {
    await discover();
    const before = readFileSync(lockFile, "utf8");

    const { code, io } = await discover("--check");

    expect(code).toBe(0);
    expect(io.err.join("")).toMatch(/bedrock-accounts\.lock\.json matches the Organization/);
    expect(readFileSync(lockFile, "utf8")).toBe(before);
  });

  it("--check exits 1 naming the accounts that joined, left, moved or were renamed; discover then keeps the stack names", async () => {
    // GIVEN a lock, then changes in the Organization
    await discover();
    const before = readFileSync(lockFile, "utf8");
    org.account("222222222222").parent = ML; // moved
    org.account("333333333333").name = "Machine Learning"; // renamed
    org.addAccount("777777777777", "CI Prod", CI); // joined, with a name another account's stack has
    org.account("444444444444").state = "SUSPENDED"; // left

    // WHEN --check runs
    const { code, io } = await discover("--check");

    // THEN it exits 1, names each change, and writes nothing
    expect(code).toBe(1);
    const out = io.out.join("");
    expect(out).toMatch(/222222222222 moved: Root\/Workloads\/CI \(ou-ab12-22222222\) → Root\/Workloads\/ML \(ou-ab12-33333333\)/);
    expect(out).toMatch(/333333333333 renamed: "ML Research" → "Machine Learning"; the stack keeps its name, runtime-ml-research/);
    expect(out).toMatch(row("777777777777", "CI Prod", "runtime-ci-prod-777777777777", "Root/Workloads/CI", "workloads", "joined"));
    expect(out).toMatch(row("444444444444", "Sandbox", "runtime-sandbox", "left (SUSPENDED)"));
    expect(io.err.join("")).toMatch(/differs from the Organization \(1 joined, 1 left, 1 moved, 1 renamed\): run bedrock-access discover/);
    expect(readFileSync(lockFile, "utf8")).toBe(before);

    // WHEN discover writes the lock, THEN the renamed account keeps its stack and --check passes again
    expect((await discover()).code).toBe(0);
    expect(readLock().accounts.map((a) => [a.id, a.name, a.accountName])).toEqual([
      ["222222222222", "ci-prod", "CI Prod"],
      ["333333333333", "ml-research", "Machine Learning"],
      ["777777777777", "ci-prod-777777777777", "CI Prod"],
    ]);
    expect((await discover("--check")).code).toBe(0);
  });

  it("--check exits 1 when there is no lock yet", async () => {
    const { code, io } = await discover("--check");
    expect(code).toBe(1);
    expect(io.err.join("")).toMatch(/bedrock-accounts\.lock\.json does not exist: run bedrock-access discover/);
    expect(existsSync(lockFile)).toBe(false);
  });

  it("prints the report as JSON with --json", async () => {
    const { code, io } = await discover("--json");

    expect(code).toBe(0);
    const report = JSON.parse(io.out.join("")) as DiscoverReport;
    expect(report.written).toBe(true);
    expect(report.accounts.map((a) => a.stack)).toEqual(["runtime-ci-prod", "runtime-ml-research", "runtime-sandbox"]);
    expect(report.leftOut.map((a) => [a.id, a.state])).toEqual([["666666666666", "SUSPENDED"]]);
    expect(report.changes.map((c) => c.kind)).toEqual(["joined", "joined", "joined"]);
  });

  it("gives synth the lock's accounts: stacks named from the lock, with each selection's settings", async () => {
    await discover();

    const config = loadConfigFile(configFile);
    expect(config.accounts.map((a) => [a.name, a.regions])).toEqual([
      ["ci-prod", ["us-east-1"]],
      ["ml-research", ["us-east-1"]],
      ["sandbox", ["eu-west-1"]],
    ]);
    const io = testIo();
    expect(await runCli(["stacks", "-c", configFile], io)).toBe(0);
    expect(io.out.join("").trim().split("\n")).toEqual(["management", "runtime-ci-prod", "runtime-ml-research", "runtime-sandbox"]);
  });

  it("says when a listed account is also selected: the listed entry wins at synth", async () => {
    writeConfig((raw) => (raw.accounts = [{ name: "ci", id: "222222222222", regions: ["us-east-1"] }]));

    const { code, io } = await discover();

    expect(code).toBe(0);
    expect(io.err.join("")).toMatch(
      /warning: accounts\[0\]\.id: account 222222222222 is also selected \(selection workloads\); the listed entry wins at synth/,
    );
    expect(loadConfigFile(configFile).accounts.map((a) => a.name)).toEqual(["ci", "ml-research", "sandbox"]);
  });

  it("leaves out PENDING_CLOSURE and CLOSED accounts, and reads Status where AWS sends no State", async () => {
    org.addAccount("888888888888", "Closing", CI, { state: "PENDING_CLOSURE" });
    org.addAccount("999999999999", "Closed", CI, { state: "CLOSED" });
    org.account("333333333333").state = undefined;
    org.account("333333333333").status = "SUSPENDED";

    const { io } = await discover("--json");

    const report = JSON.parse(io.out.join("")) as DiscoverReport;
    expect(report.leftOut.map((a) => [a.id, a.state])).toEqual([
      ["333333333333", "SUSPENDED"],
      ["666666666666", "SUSPENDED"],
      ["888888888888", "PENDING_CLOSURE"],
      ["999999999999", "CLOSED"],
    ]);
    expect(readLock().accounts.map((a) => a.id)).toEqual(["222222222222", "444444444444"]);
  });
});

describe("bedrock-access discover: bad input and failures", () => {
  it("exits 2 when the config selects nothing from the Organization", async () => {
    writeConfig((raw) => {
      delete raw.organization;
      raw.accounts = rawEnablementConfig().accounts;
    });
    const { code, io } = await discover();
    expect(code).toBe(2);
    expect(io.err.join("")).toMatch(/nothing to discover\n\s+- organization\.selections: expected at least one selection/);
  });

  it("exits 2 naming the field when an OU the config names does not exist", async () => {
    writeConfig((raw) => {
      raw.organization = {
        selections: [{ name: "gone", organizationalUnits: [{ id: "ou-ab12-99999999" }], defaults: { regions: ["us-east-1"] } }],
      };
    });
    const { code, io } = await discover();
    expect(code).toBe(2);
    expect(io.err.join("")).toMatch(
      /organization\.selections\[0\]\.organizationalUnits\[0\]\.id: no such OU or root in Organization o-exampleorg1 \((OrganizationalUnit|Child)NotFoundException: .*\) \(got "ou-ab12-99999999"\)/,
    );
    expect(existsSync(lockFile)).toBe(false);
  });

  it("exits 2 when the credentials reach another Organization than the config's", async () => {
    org = new FakeOrganizationTree("o-otherorgid1", "999999999990").addOu(WORKLOADS, "Workloads").addOu(SANDBOX, "Sandbox");
    const { code, io } = await discover();
    expect(code).toBe(2);
    expect(io.err.join("")).toMatch(
      /managementAccount\.id: expected the management account of the Organization the credentials reach, o-otherorgid1, which is 999999999990 \(got "111111111111"\)/,
    );
  });

  it("exits 1 naming the permissions it needs when AWS denies a call", async () => {
    org.failOn("listAccounts", "AccessDeniedException");
    const { code, io } = await discover();
    expect(code).toBe(1);
    expect(io.err.join("")).toMatch(
      /listAccounts: AccessDeniedException: .*discover needs organizations:DescribeOrganization, .*organizations:ListAccountsForParent, organizations:ListTagsForResource, from the management account or a delegated administrator/,
    );
  });

  it("exits 2 on a lock a listed account conflicts with", async () => {
    await discover();
    writeConfig((raw) => (raw.accounts = [{ name: "ci-prod", id: "333333333333", regions: ["us-east-1"] }]));
    const { code, io } = await discover();
    expect(code).toBe(2);
    expect(io.err.join("")).toMatch(
      /accounts\[0\]\.name: "ci-prod" is the stack name of account 222222222222 \(CI Prod\) in the accounts lock: rename the listed account 333333333333/,
    );
  });
});
