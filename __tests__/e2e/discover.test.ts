import { existsSync, readdirSync, readFileSync, rmSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CreateAccountCommand, DescribeCreateAccountStatusCommand, MoveAccountCommand } from "@aws-sdk/client-organizations";
import { stringify } from "yaml";
import { loadConfigFile } from "../../lib/config/load";
import type { AccountsLock } from "../../lib/domain/organization/accounts-lock";
import type { ProcessResult } from "../../lib/core/process";
import type { RuntimeOutputs } from "../../lib/contracts/stack-outputs/schema";
import { clientsInAccount } from "../../sandbox/aws-clients";
import { runBedrockAccess } from "../../sandbox/cdktf";
import { startMoto, type MotoServer } from "../../sandbox/moto";
import { cleanEnv } from "../../sandbox/sandbox";
import { seedOrganizationTree, type SeededTree } from "../../sandbox/seed-ous";
import { MANAGEMENT_ID, rawEnablementConfig, SONNET } from "../helpers/fixtures";
import { synthInProcess } from "../helpers/synth";
import { deployStacks, enableAsPipeline, pipelineCli, startUndeployed, stopDeployed, type Undeployed } from "../helpers/deployed-sandbox";

/**
 * `bedrock-access discover`, the real process, against moto's Organizations:
 *   Root: the management account
 *     Workloads / CI: "CI Prod", "Old CI" (closed: moto makes it SUSPENDED)
 *     Workloads / ML: "ML Research"
 *     Sandbox: "Sandbox One" (bedrock=enabled), "Playground"
 * selected by OU (Workloads, nested) and by tag (bedrock=enabled, anywhere) → the lock → synth in this process →
 * the real `cdktf deploy` of the locked accounts into the sandbox, and enable.
 *
 * Then, on that deploy, catalog drift: AWS adds a destination region to a profile. The lock was refreshed from the
 * emulator before the deploy; the emulator then routes `us.` Sonnet to one more region; catalog check and enable
 * report catalog-drift and do not invoke it; refresh + deploy grant the region; both pass again.
 */
jest.setTimeout(300_000);

const PROJECT = resolve(__dirname, "..", "..");
/** The profile that drifts: granted to the accounts of the us-east-1 selection. */
const PROFILE = `us.${SONNET}`;

let moto: MotoServer;
let tree: SeededTree;
let work: string;
let configFile: string;
let env: Record<string, string>;

const id = (name: string): string => {
  const found = tree.accounts.get(name);
  if (!found) throw new Error(`no seeded account ${name}`);
  return found;
};
const ou = (path: string): string => {
  const found = tree.ous.get(path);
  if (!found) throw new Error(`no seeded OU ${path}`);
  return found;
};
const discover = (...args: string[]) => runBedrockAccess(["discover", "--config", configFile, ...args], { cwd: PROJECT, env });
const readLock = (): AccountsLock => JSON.parse(readFileSync(join(work, "bedrock-accounts.lock.json"), "utf8")) as AccountsLock;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "bedrock-discover-"));
  moto = await startMoto();
  tree = await seedOrganizationTree(moto.endpoint, MANAGEMENT_ID, {
    units: [
      {
        name: "Workloads",
        units: [
          { name: "CI", accounts: [{ name: "CI Prod" }, { name: "Old CI", closed: true }] },
          { name: "ML", accounts: [{ name: "ML Research" }] },
        ],
      },
      { name: "Sandbox", accounts: [{ name: "Sandbox One", tags: { bedrock: "enabled" } }, { name: "Playground" }] },
    ],
  });
  const raw: Record<string, unknown> = rawEnablementConfig();
  raw.accounts = [];
  raw.organization = {
    selections: [
      { name: "workloads", organizationalUnits: [{ id: ou("Workloads"), nested: true }], defaults: { regions: ["us-east-1"] } },
      { name: "tagged", tags: { bedrock: "enabled" }, defaults: { regions: ["eu-west-1"], models: [SONNET] } },
    ],
  };
  configFile = join(work, "bedrock-access.yaml");
  writeFileSync(configFile, stringify(raw));
  // The management account's own credentials, as a pipeline role there would have them.
  const { credentials } = await clientsInAccount(moto.endpoint, MANAGEMENT_ID);
  env = {
    ...cleanEnv(),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken ?? "",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
});

afterAll(async () => {
  await moto?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("discover against moto", () => {
  it("locks the accounts of nested OUs and of the tag, leaves the suspended one out and says so", async () => {
    const run = await discover();

    expect([run.exitCode, run.stderr]).toEqual([0, expect.stringMatching(/wrote .*bedrock-accounts\.lock\.json: 3 accounts, 3 joined/)]);
    expect(run.stderr).toMatch(
      new RegExp(`warning: ${id("Old CI")} \\(Old CI, Root/Workloads/CI\\) is SUSPENDED: left out \\(selection workloads\\)`),
    );
    expect(
      readLock()
        .accounts.map((a) => [a.id, a.name, a.ouPath, a.selection])
        .sort(),
    ).toEqual(
      [
        [id("CI Prod"), "ci-prod", "Root/Workloads/CI", "workloads"],
        [id("ML Research"), "ml-research", "Root/Workloads/ML", "workloads"],
        [id("Sandbox One"), "sandbox-one", "Root/Sandbox", "tagged"],
      ].sort(),
    );
  });

  it("gives synth one stack per locked account, offline, with each selection's settings", () => {
    const config = loadConfigFile(configFile);
    const out = join(work, "cdktf.out");

    synthInProcess(config, out);

    expect(readdirSync(join(out, "stacks")).sort()).toEqual([
      "management",
      "runtime-ci-prod",
      "runtime-ml-research",
      "runtime-sandbox-one",
    ]);
    const stack = JSON.parse(readFileSync(join(out, "stacks", "runtime-sandbox-one", "cdk.tf.json"), "utf8")) as {
      provider: { aws: { region: string; allowed_account_ids: string[] }[] };
    };
    expect(stack.provider.aws[0]).toMatchObject({ region: "eu-west-1", allowed_account_ids: [id("Sandbox One")] });
  });

  it("--check exits 0 while the Organization matches the lock, 1 after an account moved or joined, and 0 after discover", async () => {
    expect((await discover("--check")).exitCode).toBe(0);

    // GIVEN CI Prod moved to ML (still selected), ML Research moved to Sandbox (no longer selected), a new account in CI
    const { organizations } = await clientsInAccount(moto.endpoint, MANAGEMENT_ID);
    await organizations.send(
      new MoveAccountCommand({ AccountId: id("CI Prod"), SourceParentId: ou("Workloads/CI"), DestinationParentId: ou("Workloads/ML") }),
    );
    await organizations.send(
      new MoveAccountCommand({ AccountId: id("ML Research"), SourceParentId: ou("Workloads/ML"), DestinationParentId: ou("Sandbox") }),
    );
    const created = await organizations.send(new CreateAccountCommand({ AccountName: "CI Two", Email: "ci-two@sandbox.invalid" }));
    const status = await organizations.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus?.Id }),
    );
    const ciTwo = status.CreateAccountStatus?.AccountId ?? "";
    await organizations.send(
      new MoveAccountCommand({ AccountId: ciTwo, SourceParentId: tree.rootId, DestinationParentId: ou("Workloads/CI") }),
    );
    organizations.destroy();

    // WHEN --check runs, THEN it exits 1 naming each, and writes nothing
    const before = readFileSync(join(work, "bedrock-accounts.lock.json"), "utf8");
    const check = await discover("--check");
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(new RegExp(`${ciTwo}[ │]+CI Two[ │]+runtime-ci-two[ │]+Root/Workloads/CI[ │]+workloads[ │]+joined`));
    expect(check.stdout).toMatch(new RegExp(`${id("ML Research")} left: was in Root/Workloads/ML`));
    expect(check.stdout).toMatch(new RegExp(`${id("CI Prod")} moved: Root/Workloads/CI \\(${ou("Workloads/CI")}\\) → Root/Workloads/ML`));
    expect(check.stderr).toMatch(/differs from the Organization \(1 joined, 1 left, 1 moved\)/);
    expect(readFileSync(join(work, "bedrock-accounts.lock.json"), "utf8")).toBe(before);

    // WHEN discover writes the lock, THEN --check passes again
    expect((await discover()).exitCode).toBe(0);
    expect((await discover("--check")).exitCode).toBe(0);
    expect(
      readLock()
        .accounts.map((a) => a.name)
        .sort(),
    ).toEqual(["ci-prod", "ci-two", "sandbox-one"]);
  });
});

describe("the discovered accounts deployed, and catalog drift", () => {
  let u: Undeployed;
  let outputs: Record<string, RuntimeOutputs>;

  beforeAll(async () => {
    const lockFile = "bedrock-accounts.lock.json";
    u = await startUndeployed(
      readFileSync(configFile, "utf8"),
      "discovered",
      {},
      { [lockFile]: readFileSync(join(work, lockFile), "utf8") },
    );
  });

  afterAll(() => stopDeployed(u));

  const cli = (...args: string[]): Promise<ProcessResult> => pipelineCli(u, ...args);

  /** The destination regions the deployed invoke policy of `account` grants for PROFILE. */
  const granted = (account: string): readonly string[] | undefined =>
    outputs[account]?.model_profiles.find((p) => p.invocation_id === PROFILE)?.destination_regions;
  /** The accounts granted PROFILE: those of the us-east-1 selection. */
  const withProfile = (): string[] =>
    Object.keys(outputs)
      .filter((account) => granted(account) !== undefined)
      .sort();

  const enable = () => enableAsPipeline(u);

  it("refreshes the catalog lock from the emulator, deploys the locked accounts with the real cdktf deploy, and enables every profile of them", async () => {
    const refresh = await cli("catalog", "refresh", "--config", u.sandbox.configFile);
    expect([refresh.exitCode, refresh.stderr]).toEqual([0, expect.stringMatching(/wrote .*bedrock-catalog\.lock\.json/)]);
    expect(existsSync(join(u.work, "bedrock-catalog.lock.json"))).toBe(true);

    outputs = await deployStacks(u);
    expect(Object.keys(outputs).sort()).toEqual(["ci-prod", "ci-two", "sandbox-one"]);
    expect(outputs["sandbox-one"].account_id).toBe(id("Sandbox One"));
    expect(withProfile()).toEqual(["ci-prod", "ci-two"]);
    for (const account of withProfile()) expect(granted(account)).not.toContain("us-west-1");

    const { run, report } = await enable();
    expect([run.exitCode, run.exitCode === 0 ? "" : run.output.slice(-3000)]).toEqual([0, ""]);
    expect(report.accounts.map((a) => a.name).sort()).toEqual(["ci-prod", "ci-two", "sandbox-one"]);
    expect(report.accounts.flatMap((a) => a.profiles).every((p) => p.status === "enabled")).toBe(true);
  });

  it("reports catalog-drift when AWS routes a profile to an ungranted region, and does not invoke it", async () => {
    u.sandbox.emulator.setFaults({ extraDestinations: { [PROFILE]: ["us-west-1"] } });

    const check = await cli("catalog", "check", "--config", u.sandbox.configFile, "--outputs", u.outputsFile);
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toMatch(
      new RegExp(`${PROFILE.replace(/\./g, "\\.")} now routes to us-west-1, which the deployed invoke policy does not grant`),
    );

    const { run, report } = await enable();
    expect(run.exitCode).toBe(1);
    const drifted = report.accounts.flatMap((a) =>
      a.profiles.filter((p) => p.error?.kind === "catalog-drift").map((p) => `${a.name} ${p.region} ${p.invocationId} ${p.action}`),
    );
    expect(drifted.sort()).toEqual(withProfile().map((account) => `${account} us-east-1 ${PROFILE} none`));
  });

  it("is fixed by catalog refresh and a deploy of the stacks that grant the profile", async () => {
    const refresh = await cli("catalog", "refresh", "--config", u.sandbox.configFile);
    expect(refresh.exitCode).toBe(0);
    expect(refresh.stdout.split("\n").find((l) => l.includes(PROFILE) && l.includes("us-east-1"))).toMatch(/us-west-1/);

    // The stacks that grant the drifted profile; catalog check and enable below read every stack's outputs again.
    outputs = await deployStacks(
      u,
      withProfile().map((account) => `runtime-${account}`),
    );
    for (const account of withProfile()) expect(granted(account)).toContain("us-west-1");
    expect((await cli("catalog", "check", "--config", u.sandbox.configFile, "--outputs", u.outputsFile)).exitCode).toBe(0);
    const { run, report } = await enable();
    expect(run.exitCode).toBe(0);
    expect(report.accounts.flatMap((a) => a.profiles).every((p) => !p.error)).toBe(true);
  });
});
