import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { NotificationConfiguration } from "@cdktf/provider-tfe/lib/notification-configuration";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import type { BackendConfig } from "../lib/config/schema";
import { applyBackend } from "./backend";

type CloudBackend = Extract<BackendConfig, { type: "cloud" }>;
type ManagedWorkspaces = NonNullable<CloudBackend["workspaces"]>;

/** The stack that manages the workspaces; its own workspace (`<workspacePrefix>-hcp-workspaces`) is created by hand once. */
export const HCP_WORKSPACES_STACK_NAME = "hcp-workspaces";

export interface HcpWorkspacesStackProps {
  readonly backend: CloudBackend;
  readonly workspaces: ManagedWorkspaces;
  /** The stacks whose workspaces it creates: the management stack and one per runtime account. */
  readonly stackNames: readonly string[];
}

/**
 * One HCP Terraform workspace per stack (`<workspacePrefix>-<stack>`), with the dynamic-credential variables of
 * docs/ci.md ("Plan-phase and apply-phase identities"), and a generic notification on `run:completed` that starts
 * `enable` after every apply, also the ones HCP Terraform starts itself (VCS, UI). The tfe provider reads its token
 * from TFE_TOKEN.
 */
export class HcpWorkspacesStack extends TerraformStack {
  constructor(scope: Construct, id: string, { backend, workspaces: settings, stackNames }: HcpWorkspacesStackProps) {
    super(scope, id);
    applyBackend(this, id, backend);
    new TfeProvider(this, "tfe", { hostname: backend.hostname, organization: backend.organization });
    for (const stackName of stackNames) {
      const workspace = new Workspace(this, `workspace-${stackName}`, {
        name: `${backend.workspacePrefix}-${stackName}`,
        organization: backend.organization,
        ...(backend.workspaceTags && { tagNames: backend.workspaceTags }),
      });
      new WorkspaceSettings(this, `settings-${stackName}`, {
        workspaceId: workspace.id,
        executionMode: settings.executionMode,
        ...(settings.agentPoolId && { agentPoolId: settings.agentPoolId }),
      });
      const variables = credentialVariables(settings, settings.firstApply.includes(stackName));
      for (const [key, value] of Object.entries(variables)) {
        new Variable(this, `${stackName}-${key}`, { workspaceId: workspace.id, category: "env", key, value });
      }
      if (settings.notificationUrl) {
        new NotificationConfiguration(this, `enable-${stackName}`, {
          workspaceId: workspace.id,
          name: "bedrock-access-enable",
          destinationType: "generic",
          url: settings.notificationUrl,
          triggers: ["run:completed"],
          enabled: true,
        });
      }
    }
  }
}

/**
 * Before its first apply a stack's plan-reader role does not exist, so its workspace runs both phases as the
 * pipeline role; afterwards the plan phase runs as the read-only plan role.
 */
function credentialVariables(settings: ManagedWorkspaces, firstApply: boolean): Record<string, string> {
  const phases: Record<string, string> = firstApply
    ? { TFC_AWS_RUN_ROLE_ARN: settings.applyRoleArn }
    : { TFC_AWS_PLAN_ROLE_ARN: settings.planRoleArn, TFC_AWS_APPLY_ROLE_ARN: settings.applyRoleArn };
  return { TFC_AWS_PROVIDER_AUTH: "true", ...phases };
}
