import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { PLAN_SELECTION_FILE, planSelectionSchema } from "../../lib/contracts/plan-selection";
import { runBedrockAccess, runCdktf } from "../../sandbox/cdktf";
import { cleanEnv } from "../../sandbox/sandbox";
import { rawEnablementConfig } from "../helpers/fixtures";
import { PROJECT, startUndeployed, stopDeployed, type Undeployed } from "../helpers/deployed-sandbox";

/**
 * A pull request that changes one account, end to end in the sandbox with the real cdktf and terraform: the base is
 * synthesized, one account gets a Region, `plan --base` synthesizes the head and plans that account's stack only,
 * and `stacks --base` names it alone. Both syntheses are made in the same project directory (the local backend's
 * state path is absolute), as the workflows make them.
 */
jest.setTimeout(300_000);

const CHANGED = "runtime-research";
let u: Undeployed;
let env: Record<string, string>;

beforeAll(async () => {
  u = await startUndeployed(stringify(rawEnablementConfig()), "changed-stacks");
  env = { ...cleanEnv(), ...u.sandbox.env };
  const base = await runCdktf(["synth", "--output", join(u.work, "base.out")], {
    cwd: PROJECT,
    env: { ...env, BEDROCK_ACCESS_CONFIG: u.sandbox.configFile, BEDROCK_ACCESS_PROVIDER_ROLE: "deploy" },
  });
  if (base.exitCode !== 0) throw new Error(`cdktf synth of the base failed:\n${base.output.slice(-3000)}`);
  // The pull request: the research account gets a second Region.
  const config = parse(readFileSync(u.sandbox.configFile, "utf8")) as { accounts: { name: string; regions: string[] }[] };
  const research = config.accounts.find((a) => a.name === "research");
  if (!research) throw new Error("no research account in the sandbox config");
  research.regions = [...research.regions, "eu-central-1"];
  writeFileSync(u.sandbox.configFile, stringify(config));
});

afterAll(() => stopDeployed(u));

const cli = (...args: string[]) => runBedrockAccess(args, { cwd: PROJECT, env });

it("plans only the stack of the one account the change touches", async () => {
  const plansDir = join(u.work, "plans");
  const plan = await cli(
    "plan",
    "--config",
    u.sandbox.configFile,
    "--deploy-role",
    "--base",
    join(u.work, "base.out"),
    "--output",
    join(u.work, "head.out"),
    "--plans",
    plansDir,
  );

  expect([plan.exitCode, plan.exitCode === 0 ? "" : plan.output.slice(-3000)]).toEqual([0, ""]);
  expect(plan.stderr).toContain(`2 stacks unchanged since ${join(u.work, "base.out")}: not planned`);
  expect(readdirSync(plansDir).sort()).toEqual([PLAN_SELECTION_FILE, `${CHANGED}.json`]);
  expect(planSelectionSchema.parse(JSON.parse(readFileSync(join(plansDir, PLAN_SELECTION_FILE), "utf8")))).toEqual({
    version: 1,
    base: join(u.work, "base.out"),
    planned: [CHANGED],
    removed: [],
    unchanged: ["management", "runtime-ci"],
  });
  const planned = JSON.parse(readFileSync(join(plansDir, `${CHANGED}.json`), "utf8")) as { resource_changes?: unknown[] };
  expect(planned.resource_changes?.length).toBeGreaterThan(0);

  const stacks = await cli("stacks", "--base", join(u.work, "base.out"), "--output", join(u.work, "head.out"));
  expect([stacks.exitCode, stacks.stdout]).toEqual([0, `${CHANGED}\n`]);
});
