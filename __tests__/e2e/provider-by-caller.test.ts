import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Testing } from "cdktf";
import { parse, stringify } from "yaml";
import { runCommand } from "../../lib/core/process";
import { clientsInAccount } from "../../sandbox/aws-clients";
import { deployArgs, runCdktf } from "../../sandbox/cdktf";
import { cleanEnv } from "../../sandbox/sandbox";
import { RuntimeAccountStack } from "../../stacks/runtime-account-stack";
import { sandboxTerraformEnv } from "../../sandbox/terraform-cli-config";
import { EXAMPLE_CONFIG, PROJECT, startUndeployed, stopDeployed, type Undeployed } from "../helpers/deployed-sandbox";
import { FaultProxy } from "../helpers/fault-proxy";
import { CI_ID, MANAGEMENT_ID, stackConfig } from "../helpers/fixtures";

const run = promisify(execFile);
const unique = (values: readonly string[]) => [...new Set(values)];
const CALLER = "data.aws_caller_identity.caller-identity.arn";

/**
 * The role a by-caller provider assumes, as Terraform itself evaluates the synthesized expression for a given caller
 * and phase (`terraform console`, offline: the caller identity's ARN is put in as a literal).
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

  /** terraform.applying is ephemeral, which the console does not print: it is put in as a literal too. */
  async function roleFor(callerArn: string, applying = false): Promise<string> {
    const expression = roleExpression.split(CALLER).join(JSON.stringify(callerArn)).split("terraform.applying").join(String(applying));
    const console = run("terraform", ["console"], { cwd: work, env: { PATH: process.env.PATH, ...sandboxTerraformEnv(work) } });
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
  ])("while planning, for %s (%s), assumes the expected role, and while applying, the Terraform role", async (_what, caller, expected) => {
    expect(await roleFor(caller)).toBe(expected);
    expect(await roleFor(caller, true)).toBe(deploy);
  });
});

/**
 * HCP Terraform's two phases, in the sandbox with real terraform: a saved plan made as the plan principal, then
 * applied as the pipeline. A recording proxy in front of STS lists the roles each phase assumes (moto checks no trust,
 * so what is asserted is the choice, not a refusal).
 */
describe("a by-caller stack planned as the plan principal and applied as the pipeline", () => {
  const STACK = "runtime-ci-prod";
  const reader = "arn:aws:iam::222222222222:role/bedrock/bedrock-plan-reader";
  const deployRole = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole";
  let u: Undeployed | undefined;
  let proxy: FaultProxy | undefined;
  let stackDir = "";
  let assumed: string[] = [];

  beforeAll(async () => {
    u = await startUndeployed(readFileSync(EXAMPLE_CONFIG, "utf8"), "by-caller");
    const deployed = await runCdktf(
      deployArgs(join(u.work, "cdktf.out"), join(u.work, "outputs.json")).map((arg) => (arg === "*" ? STACK : arg)),
      { cwd: PROJECT, env: { ...cleanEnv(), ...u.sandbox.env } },
    );
    if (deployed.exitCode !== 0) throw new Error(`cdktf deploy failed:\n${deployed.output.slice(-3000)}`);
    // A change to apply: one more default tag on every resource.
    const raw = parse(readFileSync(u.sandbox.configFile, "utf8")) as { iam: { tags?: Record<string, string> } };
    raw.iam.tags = { ...raw.iam.tags, Team: "platform" };
    const variant = join(u.work, "tagged.yaml");
    writeFileSync(variant, stringify(raw));
    const out = join(u.work, "by-caller.out");
    const synth = await runCdktf(["synth", "--output", out], {
      cwd: PROJECT,
      env: { ...cleanEnv(), ...u.sandbox.env, BEDROCK_ACCESS_CONFIG: variant, BEDROCK_ACCESS_PROVIDER_ROLE: "by-caller" },
    });
    if (synth.exitCode !== 0) throw new Error(`cdktf synth failed:\n${synth.output.slice(-3000)}`);
    stackDir = join(out, "stacks", STACK);
    proxy = await FaultProxy.start(u.sandbox.env.AWS_ENDPOINT_URL);
    proxy.intercept = (_req, body) => {
      const form = new URLSearchParams(body.toString());
      if (form.get("Action") === "AssumeRole") assumed.push(form.get("RoleArn") ?? "");
      return undefined;
    };
  }, 300_000);
  afterAll(async () => {
    await proxy?.stop();
    await stopDeployed(u);
  });

  async function terraformAs(credentials: Record<string, string>, ...args: string[]) {
    assumed = [];
    const env = { ...cleanEnv(), ...u?.sandbox.env, ...credentials, AWS_ENDPOINT_URL_STS: proxy?.url ?? "", TF_IN_AUTOMATION: "1" };
    const [command, ...rest] = args;
    const result = await runCommand("terraform", [command, "-input=false", "-no-color", ...rest], { cwd: stackDir, env });
    if (result.exitCode !== 0) throw new Error(`terraform ${args.join(" ")} failed:\n${result.output.slice(-3000)}`);
    return unique(assumed);
  }
  const planPrincipal = async () => {
    const { credentials: c } = await clientsInAccount(u?.sandbox.env.AWS_ENDPOINT_URL ?? "", "111111111111", "platform-plan");
    return { AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_SESSION_TOKEN: c.sessionToken ?? "" };
  };
  const pipeline = async () => (await u?.sandbox.pipelineEnv()) ?? {};

  it("reads through the plan-reader role while planning, and writes through the Terraform role while applying that plan", async () => {
    await terraformAs(await pipeline(), "init");
    expect(await terraformAs(await planPrincipal(), "plan", "-out=tfplan")).toEqual([reader]);
    expect(await terraformAs(await pipeline(), "apply", "tfplan")).toEqual([deployRole]);
  });

  it("plans through the Terraform role when the pipeline itself plans (one identity for both phases)", async () => {
    expect(await terraformAs(await pipeline(), "plan", "-out=tfplan")).toEqual([deployRole]);
  });
});
