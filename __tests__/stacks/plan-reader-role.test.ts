import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { App, Testing } from "cdktf";
import type { AccessConfig } from "../../lib/config/schema";
import { addStacks } from "../../stacks/app";
import { ManagementStack } from "../../stacks/management-stack";
import { RuntimeAccountStack } from "../../stacks/runtime-account-stack";
import { CI_ID, MANAGEMENT_ID, PIPELINE_ROLE, stackConfig } from "../helpers/fixtures";
import { decide } from "../helpers/simulate";
import { asList, Synthesized, synthManagement, synthRuntime, type PolicyJson } from "../helpers/synth";

/** The read-only path for pull-request plans: each stack's plan-reader role, and providers that assume it. */
const PLAN_ROLE = `arn:aws:iam::${MANAGEMENT_ID}:role/platform-plan`;
const withPlanPrincipals = () => stackConfig((raw) => ((raw.managementAccount as Record<string, unknown>).planPrincipals = [PLAN_ROLE]));
const role = (account: string, name: string, path = "/bedrock/") => `arn:aws:iam::${account}:role${path}${name}`;
const READ_ACTIONS = /^iam:(Get|List)[A-Za-z]+$/;
const actionsOf = (doc: PolicyJson) => doc.Statement.flatMap((s) => asList(s.Action));

function synthPlanMode(config: AccessConfig): { management: Synthesized; runtime: Synthesized } {
  const app = Testing.app();
  return {
    management: new Synthesized(new ManagementStack(app, "management", { config, providerRole: "plan" })),
    runtime: new Synthesized(new RuntimeAccountStack(app, "runtime-ci", { config, account: config.accounts[0], providerRole: "plan" })),
  };
}

describe("plan-reader role (runtime stack)", () => {
  const { out } = synthRuntime(withPlanPrincipals());
  const policy = out.inlinePolicy("plan-read");

  it("is trusted by the plan principals only, never by the pipeline", () => {
    expect(out.trustOf("bedrock-plan-reader").Statement).toEqual([
      { Sid: "TrustedPrincipals", Effect: "Allow", Principal: { AWS: [PLAN_ROLE] }, Action: "sts:AssumeRole" },
    ]);
    expect(JSON.stringify(out.trustOf("bedrock-plan-reader"))).not.toContain(PIPELINE_ROLE);
    expect(out.json).toHaveResourceWithProperties(IamRole, { name: "bedrock-plan-reader", path: "/bedrock/", max_session_duration: 3600 });
    expect(out.json).toHaveResourceWithProperties(IamRolePolicy, { name: "plan-read" });
  });

  it("may only read and list IAM: no wildcard action, no write, no assume, no Resource *", () => {
    for (const action of actionsOf(policy)) expect(action).toMatch(READ_ACTIONS);
    expect(actionsOf(policy).sort()).toEqual(
      [
        "iam:GetOpenIDConnectProvider",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListRolePolicies",
      ].sort(),
    );
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe("Allow");
      expect(asList(statement.Resource)).not.toContain("*");
    }
    expect(out.ofType("aws_iam_role_policy_attachment").map((a) => a.role)).not.toContainEqual(expect.stringContaining("plan-reader"));
  });

  it("reads exactly the roles, policies and OIDC provider the stack manages", () => {
    const statement = (sid: string) => policy.Statement.find((s) => s.Sid === sid);
    expect(asList(statement("ReadOwnRoles")?.Resource)).toEqual(
      [
        role(CI_ID, "bedrock-plan-reader"),
        role(CI_ID, "bedrock-first-use"),
        role(CI_ID, "bedrock-runtime"),
        role(CI_ID, "bedrock-github-actions"),
        `arn:aws:iam::${CI_ID}:role/runs-on-RunnerInstanceRole`,
        `arn:aws:iam::${CI_ID}:role/*/runs-on-RunnerInstanceRole`,
      ].sort(),
    );
    expect(asList(statement("ReadOwnPolicies")?.Resource)).toEqual([`arn:aws:iam::${CI_ID}:policy/bedrock/bedrock-invoke`]);
    expect(asList(statement("ReadOwnOidcProvider")?.Resource)).toEqual([
      `arn:aws:iam::${CI_ID}:oidc-provider/token.actions.githubusercontent.com`,
    ]);
  });

  it("leaves the OIDC provider out when the account reuses one it does not manage", () => {
    const { out: reused } = synthRuntime(
      stackConfig((raw) => {
        (raw.managementAccount as Record<string, unknown>).planPrincipals = [PLAN_ROLE];
        (raw.accounts[0].githubOidc as Record<string, unknown>).providerArn =
          `arn:aws:iam::${CI_ID}:oidc-provider/token.actions.githubusercontent.com`;
      }),
    );
    expect(reused.inlinePolicy("plan-read").Statement.map((s) => s.Sid)).toEqual(["ReadOwnRoles", "ReadOwnPolicies"]);
  });

  it("is not created without plan principals", () => {
    const { out: without } = synthRuntime(stackConfig());
    expect(without.ofType("aws_iam_role").map((r) => r.name)).not.toContain("bedrock-plan-reader");
  });

  describe("under IAM evaluation", () => {
    const principal = `arn:aws:sts::${CI_ID}:assumed-role/bedrock-plan-reader/bedrock-org-access-plan`;
    const ask = (action: string, resource: string) => decide({ policies: [policy], principal, action, resource, accountId: CI_ID });

    it("allows Terraform's refresh reads on the stack's own resources", async () => {
      expect(await ask("iam:GetRole", role(CI_ID, "bedrock-first-use"))).toBe("Allowed");
      expect(await ask("iam:GetRolePolicy", role(CI_ID, "bedrock-first-use"))).toBe("Allowed");
      expect(await ask("iam:ListAttachedRolePolicies", `arn:aws:iam::${CI_ID}:role/runs-on-RunnerInstanceRole`)).toBe("Allowed");
      expect(await ask("iam:GetPolicyVersion", `arn:aws:iam::${CI_ID}:policy/bedrock/bedrock-invoke`)).toBe("Allowed");
    });

    it("denies every write, every assume, and reads of roles the stack does not manage", async () => {
      for (const [action, resource] of [
        ["iam:PutRolePolicy", role(CI_ID, "bedrock-first-use")],
        ["iam:UpdateAssumeRolePolicy", role(CI_ID, "bedrock-plan-reader")],
        ["iam:AttachRolePolicy", role(CI_ID, "bedrock-runtime")],
        ["iam:CreatePolicyVersion", `arn:aws:iam::${CI_ID}:policy/bedrock/bedrock-invoke`],
        ["iam:DeleteRole", role(CI_ID, "bedrock-first-use")],
        ["sts:AssumeRole", role(CI_ID, "OrganizationAccountAccessRole", "/")],
        ["iam:GetRole", role(CI_ID, "OrganizationAccountAccessRole", "/")],
        ["iam:GetRolePolicy", role(CI_ID, "some-other-role", "/")],
      ]) {
        expect([action, resource, await ask(action, resource)]).toEqual([action, resource, "ImplicitlyDenied"]);
      }
    });
  });
});

describe("plan-reader role (management stack)", () => {
  const { out } = synthManagement(withPlanPrincipals());

  it("reads only the FTU-submitter and itself, and is trusted by the plan principals only", () => {
    expect(out.ofType("aws_iam_role").map((r) => r.name)).toEqual(["bedrock-ftu-submitter", "bedrock-plan-reader"]);
    expect(out.trustOf("bedrock-plan-reader").Statement[0].Principal).toEqual({ AWS: [PLAN_ROLE] });
    const policy = out.inlinePolicy("plan-read");
    expect(policy.Statement.map((s) => [s.Sid, asList(s.Resource)])).toEqual([
      ["ReadOwnRoles", [role(MANAGEMENT_ID, "bedrock-ftu-submitter"), role(MANAGEMENT_ID, "bedrock-plan-reader")]],
    ]);
    for (const action of actionsOf(policy)) expect(action).toMatch(READ_ACTIONS);
  });
});

describe("providers for read-only plans", () => {
  it("assume each account's plan-reader role (its path included), under their own session name", () => {
    const { management, runtime } = synthPlanMode(withPlanPrincipals());
    expect(management.json).toHaveProviderWithProperties(AwsProvider, {
      allowed_account_ids: [MANAGEMENT_ID],
      assume_role: [{ role_arn: role(MANAGEMENT_ID, "bedrock-plan-reader"), session_name: "bedrock-org-access-plan" }],
    });
    expect(runtime.json).toHaveProviderWithProperties(AwsProvider, {
      allowed_account_ids: [CI_ID],
      assume_role: [{ role_arn: role(CI_ID, "bedrock-plan-reader"), session_name: "bedrock-org-access-plan" }],
    });
  });

  it("synthesize the same resources as for deploy: only the provider differs", () => {
    const config = withPlanPrincipals();
    const { runtime } = synthPlanMode(config);
    const { out: deploy } = synthRuntime(config);
    expect(runtime.resources).toEqual(deploy.resources);
    expect(deploy.json).toHaveProviderWithProperties(AwsProvider, {
      assume_role: [{ role_arn: `arn:aws:iam::${CI_ID}:role/OrganizationAccountAccessRole`, session_name: "bedrock-org-access" }],
    });
  });

  it("refuse to synthesize a read-only plan without plan principals", () => {
    const config = stackConfig();
    expect(() => new ManagementStack(Testing.app(), "management", { config, providerRole: "plan" })).toThrow(/planPrincipals/);
  });
});

describe("providers that choose by caller (HCP Terraform's plan-phase and apply-phase identities)", () => {
  const PLAN_USER = `arn:aws:iam::${MANAGEMENT_ID}:user/plan-bot`;
  const config = stackConfig(
    (raw) =>
      ((raw.managementAccount as Record<string, unknown>).planPrincipals = [
        `arn:aws:iam::${MANAGEMENT_ID}:role/ci/platform-plan`,
        PLAN_USER,
      ]),
  );
  const runtime = new Synthesized(
    new RuntimeAccountStack(Testing.app(), "runtime-ci", { config, account: config.accounts[0], providerRole: "by-caller" }),
  );
  const provider = () => {
    const providers = (
      runtime.root as { provider: { aws: { alias?: string; assume_role?: { role_arn: string; session_name: string }[] }[] } }
    ).provider.aws;
    return { main: providers.find((p) => p.alias === undefined), caller: providers.find((p) => p.alias === "caller") };
  };

  it("read who runs Terraform through a second provider that assumes nothing", () => {
    expect(provider().caller).toEqual({ alias: "caller", region: "us-east-1" });
    expect(runtime.json).toHaveDataSourceWithProperties(DataAwsCallerIdentity, { provider: "aws.caller" });
  });

  it("assume the plan-reader role for a plan principal's sessions and the Terraform role for anyone else", () => {
    const [assume] = provider().main?.assume_role ?? [];
    // A role principal is matched by its sessions' ARN up to the session name (the role's path is not in it); a user by its ARN.
    expect(assume.role_arn).toContain(`["arn:aws:sts::${MANAGEMENT_ID}:assumed-role/platform-plan/", "${PLAN_USER}"]`);
    expect(assume.role_arn).toMatch(
      new RegExp(
        `\\? "${role(CI_ID, "bedrock-plan-reader").replace(/[/.]/g, "\\$&")}" : "arn:aws:iam::${CI_ID}:role/OrganizationAccountAccessRole"\\}$`,
      ),
    );
    expect(assume.session_name).toMatch(/\? "bedrock-org-access-plan" : "bedrock-org-access"\}$/);
  });

  it("are what a deploy synthesizes on the cloud backend with plan principals, and only there", () => {
    const synthAll = (backend: Record<string, unknown>) => {
      const app = new App({ outdir: Testing.app().outdir });
      addStacks(
        app,
        stackConfig((raw) => {
          (raw.managementAccount as Record<string, unknown>).planPrincipals = [`arn:aws:iam::${MANAGEMENT_ID}:role/platform-plan`];
          raw.backend = backend;
        }),
        "deploy",
      );
      return app.node.children.map((stack) => Testing.synth(stack as ManagementStack));
    };
    for (const json of synthAll({ type: "cloud", organization: "example-org" })) expect(json).toHaveDataSource(DataAwsCallerIdentity);
    for (const json of synthAll({ type: "local" })) expect(json).not.toHaveDataSource(DataAwsCallerIdentity);
  });
});
