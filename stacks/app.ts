import type { App } from "cdktf";
import { effectiveProviderRole, type ProviderRole } from "../lib/config/provider-role";
import type { AccessConfig } from "../lib/config/schema";
import { MANAGEMENT_STACK_NAME, runtimeStackName } from "../lib/contracts/stack-outputs/schema";
import { HCP_WORKSPACES_STACK_NAME, HcpWorkspacesStack } from "./hcp-workspaces";
import { ManagementStack } from "./management-stack";
import { RuntimeAccountStack } from "./runtime-account-stack";

/** The stacks of one config. */
export interface AccessStacks {
  readonly management: ManagementStack;
  /** One per runtime account, in the config's order. */
  readonly runtimeAccounts: readonly RuntimeAccountStack[];
  /** With `backend.workspaces` (cloud): the stack that creates every stack's HCP Terraform workspace. */
  readonly hcpWorkspaces?: HcpWorkspacesStack;
}

/**
 * Every stack of the config in `app`: the management stack, then one stack per runtime account, and with
 * `backend.workspaces` (cloud) the `hcp-workspaces` stack that creates their workspaces.
 */
export function addStacks(app: App, config: AccessConfig, requested: ProviderRole): AccessStacks {
  const providerRole = effectiveProviderRole(requested, config.backend.type, config.managementAccount.planPrincipals);
  const management = new ManagementStack(app, MANAGEMENT_STACK_NAME, { config, providerRole });
  const runtimeAccounts = config.accounts.map(
    (account) => new RuntimeAccountStack(app, runtimeStackName(account.name), { config, account, providerRole }),
  );
  const { backend } = config;
  if (backend.type !== "cloud" || !backend.workspaces) return { management, runtimeAccounts };
  const stackNames = [management, ...runtimeAccounts].map((stack) => stack.node.id);
  const hcpWorkspaces = new HcpWorkspacesStack(app, HCP_WORKSPACES_STACK_NAME, { backend, workspaces: backend.workspaces, stackNames });
  return { management, runtimeAccounts, hcpWorkspaces };
}
