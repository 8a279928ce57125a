import { Testing, TerraformStack } from "cdktf";
import { NotificationConfiguration } from "@cdktf/provider-tfe/lib/notification-configuration";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import type { AccessConfig } from "../../lib/config/schema";
import { addStacks } from "../../stacks/app";
import { configProblems, PIPELINE_ROLE, stackConfig, type RawConfig } from "../helpers/fixtures";

/**
 * backend.workspaces (cloud): the hcp-workspaces stack creates each stack's workspace, its dynamic-credential
 * variables and the notification that starts enable. Checked by synthesis only: no HCP Terraform is reachable here.
 */
const PLAN_ROLE = "arn:aws:iam::111111111111:role/platform-plan";
const HOOK = "https://relay.example.com/hcp-run-completed";

const cloud =
  (workspaces?: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  (raw: RawConfig) => {
    raw.managementAccount = { ...(raw.managementAccount as Record<string, unknown>), planPrincipals: [PLAN_ROLE] };
    raw.backend = { type: "cloud", organization: "example-org", workspacePrefix: "bedrock", ...extra, ...(workspaces && { workspaces }) };
  };

function stacksOf(config: AccessConfig): Map<string, TerraformStack> {
  const app = Testing.app();
  addStacks(app, config, "deploy");
  return new Map(app.node.children.filter((c) => c instanceof TerraformStack).map((s) => [s.node.id, s]));
}

const synthHcp = (config: AccessConfig): string => {
  const stack = stacksOf(config).get("hcp-workspaces");
  if (!stack) throw new Error("no hcp-workspaces stack");
  return Testing.synth(stack);
};

describe("hcp-workspaces stack", () => {
  it("is added only with backend.workspaces on the cloud backend", () => {
    expect([...stacksOf(stackConfig()).keys()]).toEqual(["management", "runtime-ci"]);
    expect([...stacksOf(stackConfig(cloud())).keys()]).toEqual(["management", "runtime-ci"]);
    expect([...stacksOf(stackConfig(cloud({ planRoleArn: PLAN_ROLE, applyRoleArn: PIPELINE_ROLE }))).keys()]).toEqual([
      "management",
      "runtime-ci",
      "hcp-workspaces",
    ]);
  });

  describe("with workspaces, tags and a notification URL", () => {
    const json = synthHcp(
      stackConfig(
        cloud(
          { planRoleArn: PLAN_ROLE, applyRoleArn: PIPELINE_ROLE, notificationUrl: HOOK, firstApply: ["runtime-ci"] },
          { workspaceTags: ["bedrock-access"] },
        ),
      ),
    );
    const parsed = JSON.parse(json) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
      terraform: Record<string, unknown>;
    };
    const variables = Object.values(parsed.resource.tfe_variable);

    it("creates one workspace per stack, named by the prefix, tagged, remote", () => {
      expect(Object.values(parsed.resource.tfe_workspace).map((w) => w.name)).toEqual(["bedrock-management", "bedrock-runtime-ci"]);
      expect(json).toHaveResourceWithProperties(Workspace, {
        name: "bedrock-runtime-ci",
        organization: "example-org",
        tag_names: ["bedrock-access"],
      });
      expect(json).toHaveResourceWithProperties(WorkspaceSettings, { execution_mode: "remote" });
      expect(json).toHaveProviderWithProperties(TfeProvider, { hostname: "app.terraform.io", organization: "example-org" });
    });

    it("splits the plan and apply identities of an applied stack's workspace", () => {
      const management = variables.filter((v) => String(v.workspace_id).includes("workspace-management"));
      expect(management.map((v) => [v.key, v.value, v.category]).sort()).toEqual([
        ["TFC_AWS_APPLY_ROLE_ARN", PIPELINE_ROLE, "env"],
        ["TFC_AWS_PLAN_ROLE_ARN", PLAN_ROLE, "env"],
        ["TFC_AWS_PROVIDER_AUTH", "true", "env"],
      ]);
    });

    it("gives a stack not applied yet the pipeline role for both phases", () => {
      const runtime = variables.filter((v) => String(v.workspace_id).includes("workspace-runtime-ci"));
      expect(runtime.map((v) => [v.key, v.value]).sort()).toEqual([
        ["TFC_AWS_PROVIDER_AUTH", "true"],
        ["TFC_AWS_RUN_ROLE_ARN", PIPELINE_ROLE],
      ]);
      expect(json).toHaveResourceWithProperties(Variable, { key: "TFC_AWS_RUN_ROLE_ARN", value: PIPELINE_ROLE });
    });

    it("notifies the relay when a run completes, in every workspace", () => {
      expect(Object.keys(parsed.resource.tfe_notification_configuration)).toHaveLength(2);
      expect(json).toHaveResourceWithProperties(NotificationConfiguration, {
        destination_type: "generic",
        url: HOOK,
        triggers: ["run:completed"],
        enabled: true,
      });
    });

    it("keeps its own state in its own workspace", () => {
      expect(parsed.terraform.cloud).toEqual({
        hostname: "app.terraform.io",
        organization: "example-org",
        workspaces: { tags: ["bedrock-access"] },
      });
    });
  });

  it("adds no notification without a URL, and the agent pool with agent execution", () => {
    const json = synthHcp(
      stackConfig(cloud({ planRoleArn: PLAN_ROLE, applyRoleArn: PIPELINE_ROLE, executionMode: "agent", agentPoolId: "apool-123" })),
    );
    expect(json).not.toHaveResource(NotificationConfiguration);
    expect(json).toHaveResourceWithProperties(WorkspaceSettings, { execution_mode: "agent", agent_pool_id: "apool-123" });
    expect(json).toHaveResourceWithProperties(Workspace, { name: "bedrock-management" });
  });

  it("rejects roles that are not the config's plan and pipeline principals", () => {
    const problems = configProblems(cloud({ planRoleArn: PIPELINE_ROLE, applyRoleArn: PLAN_ROLE }));
    expect(problems).toMatch(/backend\.workspaces\.planRoleArn.*expected one of managementAccount\.planPrincipals/);
    expect(problems).toMatch(/backend\.workspaces\.applyRoleArn.*expected one of managementAccount\.pipelinePrincipals/);
  });

  it("rejects a notification URL that is not https, and workspaces on another backend", () => {
    expect(
      configProblems(cloud({ planRoleArn: PLAN_ROLE, applyRoleArn: PIPELINE_ROLE, notificationUrl: "http://relay.example.com" })),
    ).toMatch(/backend\.workspaces\.notificationUrl.*https/);
    expect(
      configProblems((raw) => {
        raw.backend = { type: "s3", bucket: "b", region: "us-east-1", workspaces: { planRoleArn: PLAN_ROLE, applyRoleArn: PIPELINE_ROLE } };
      }),
    ).toMatch(/workspaces/);
  });
});
