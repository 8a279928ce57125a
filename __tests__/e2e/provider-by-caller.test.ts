import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Testing } from "cdktf";
import { RuntimeAccountStack } from "../../stacks/runtime-account-stack";
import { offlineTerraformEnv } from "../../sandbox/terraform-cli-config";
import { CI_ID, MANAGEMENT_ID, stackConfig } from "../helpers/fixtures";

const run = promisify(execFile);
const CALLER = "data.aws_caller_identity.caller-identity.arn";

/**
 * The role a by-caller provider assumes, as Terraform itself evaluates the synthesized expression for a given caller
 * (`terraform console`, offline: the caller identity's ARN is put in as a literal).
 */
describe("a provider that chooses by caller, evaluated by terraform", () => {
  const config = stackConfig((raw) => {
    (raw.managementAccount as Record<string, unknown>).planPrincipals = [
      `arn:aws:iam::${MANAGEMENT_ID}:role/ci/platform-plan`,
      `arn:aws:iam::${MANAGEMENT_ID}:user/plan-bot`,
    ];
  });
  const stack = new RuntimeAccountStack(Testing.app(), "runtime-ci", { config, account: config.accounts[0], providerRole: "by-caller" });
  const providers = (JSON.parse(Testing.synth(stack)) as { provider: { aws: { assume_role?: { role_arn: string }[] }[] } }).provider.aws;
  const roleExpression = providers.flatMap((p) => p.assume_role ?? [])[0].role_arn.replace(/^\$\{([\s\S]*)\}$/, "$1");
  const reader = `arn:aws:iam::${CI_ID}:role/bedrock/bedrock-plan-reader`;
  const deploy = `arn:aws:iam::${CI_ID}:role/OrganizationAccountAccessRole`;
  let work: string;

  beforeAll(() => (work = mkdtempSync(join(tmpdir(), "bedrock-by-caller-"))));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  async function roleFor(callerArn: string): Promise<string> {
    const expression = roleExpression.split(CALLER).join(JSON.stringify(callerArn));
    const console = run("terraform", ["console"], { cwd: work, env: { PATH: process.env.PATH, ...offlineTerraformEnv(work) } });
    console.child.stdin?.end(`${expression}\n`);
    return JSON.parse((await console).stdout.trim()) as string;
  }

  it.each([
    [
      "a session of the plan role (whatever its path)",
      `arn:aws:sts::${MANAGEMENT_ID}:assumed-role/platform-plan/terraform-run-abc`,
      reader,
    ],
    ["the plan user", `arn:aws:iam::${MANAGEMENT_ID}:user/plan-bot`, reader],
    ["a session of the pipeline role", `arn:aws:sts::${MANAGEMENT_ID}:assumed-role/pipeline/terraform-run-abc`, deploy],
    ["a role whose name only begins like the plan role's", `arn:aws:sts::${MANAGEMENT_ID}:assumed-role/platform-plan-admin/x`, deploy],
    ["the plan role's name in another account", `arn:aws:sts::999999999999:assumed-role/platform-plan/x`, deploy],
    ["an account root", `arn:aws:iam::${MANAGEMENT_ID}:root`, deploy],
  ])("for %s: %s assumes the expected role", async (_what, caller, expected) => {
    expect(await roleFor(caller)).toBe(expected);
  });
});
