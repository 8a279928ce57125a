import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { loadConfigFile } from "../../lib/config/load";
import { assertPlanPrincipals, PROVIDER_ROLE_ENV, providerRoleFromEnv } from "../../lib/config/provider-role";
import { configProblems, MANAGEMENT_ID, PIPELINE_ROLE, stackConfig, type RawConfig } from "../helpers/fixtures";

const PLAN_ROLE = `arn:aws:iam::${MANAGEMENT_ID}:role/platform-plan`;
const managementOf = (raw: RawConfig) => raw.managementAccount as Record<string, unknown>;

describe("managementAccount.planPrincipals", () => {
  it("defaults to none, and the committed example names its plan role", () => {
    expect(stackConfig().managementAccount.planPrincipals).toEqual([]);
    expect(loadConfigFile("bedrock-access.yaml").managementAccount.planPrincipals).toEqual([PLAN_ROLE]);
  });

  it("accepts IAM role, user and account-root ARNs, validated like pipelinePrincipals", () => {
    expect(configProblems((raw) => (managementOf(raw).planPrincipals = ["arn:aws:iam::111111111111:rol/x"]))).toMatch(
      /managementAccount\.planPrincipals\[0\]: expected an IAM role, user or account-root ARN/,
    );
  });

  it("rejects a plan principal that is also a pipeline principal (pull requests would get deploy rights)", () => {
    expect(configProblems((raw) => (managementOf(raw).planPrincipals = [PIPELINE_ROLE]))).toMatch(
      /managementAccount\.planPrincipals\[0\]: arn:aws:iam::111111111111:role\/platform-pipeline is also a pipeline principal/,
    );
  });

  it("rejects duplicates", () => {
    expect(configProblems((raw) => (managementOf(raw).planPrincipals = [PLAN_ROLE, PLAN_ROLE]))).toMatch(
      /managementAccount\.planPrincipals\[1\]: duplicate plan principal/,
    );
  });
});

describe(PROVIDER_ROLE_ENV, () => {
  it.each([
    [undefined, "deploy"],
    ["", "deploy"],
    ["deploy", "deploy"],
    ["plan", "plan"],
  ])("%p means %s", (value, role) => {
    expect(providerRoleFromEnv(value === undefined ? {} : { [PROVIDER_ROLE_ENV]: value })).toBe(role);
  });

  it("rejects anything else, naming the variable, the value and what is expected", () => {
    expect(() => providerRoleFromEnv({ [PROVIDER_ROLE_ENV]: "readonly" })).toThrow(
      /BEDROCK_ACCESS_PROVIDER_ROLE: expected deploy, plan or by-caller \(got "readonly"\)/,
    );
  });

  it("plan needs plan principals: without them there is no plan-reader role", () => {
    expect(() => assertPlanPrincipals("plan", [])).toThrow(/managementAccount\.planPrincipals: expected at least one principal/);
    expect(() => assertPlanPrincipals("plan", [PLAN_ROLE])).not.toThrow();
    expect(() => assertPlanPrincipals("deploy", [])).not.toThrow();
  });

  it("makes cdktf's app (main.ts) exit 2 on a bad value, before reading the config", () => {
    const project = join(__dirname, "..", "..");
    let status = 0;
    let stderr = "";
    try {
      execFileSync(join(project, "node_modules", ".bin", "tsx"), ["main.ts"], {
        cwd: project,
        env: { ...process.env, [PROVIDER_ROLE_ENV]: "Plan", BEDROCK_ACCESS_CONFIG: "missing.yaml" },
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (err) {
      const failed = err as { status: number; stderr: string };
      status = failed.status;
      stderr = failed.stderr;
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/BEDROCK_ACCESS_PROVIDER_ROLE: expected deploy, plan or by-caller \(got "Plan"\)/);
  });
});
