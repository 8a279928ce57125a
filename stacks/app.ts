import type { App } from "cdktf";
import { effectiveProviderRole, type ProviderRole } from "../lib/config/provider-role";
import type { AccessConfig } from "../lib/config/schema";
import { MANAGEMENT_STACK_NAME, runtimeStackName } from "../lib/contracts/stack-outputs/schema";
import { HCP_WORKSPACES_STACK_NAME, HcpWorkspacesStack } from "./hcp-workspaces";
import { ManagementStack } from "./management-stack";
import { RuntimeAccountStack } from "./runtime-account-stack";

/**
 * Every stack of the config in `app`: the management stack, then one stack per runtime account, and with
 * `backend.workspaces` (cloud) the `hcp-workspaces` stack that creates their workspaces.
 */
export function addStacks(app: App, config: AccessConfig, requested: ProviderRole): void {
  const providerRole = effectiveProviderRole(requested, config.backend.type, config.managementAccount.planPrincipals);
  new ManagementStack(app, MANAGEMENT_STACK_NAME, { config, providerRole });
  for (const account of config.accounts) {
    new RuntimeAccountStack(app, runtimeStackName(account.name), { config, account, providerRole });
  }
  const { backend } = config;
  if (backend.type === "cloud" && backend.workspaces) {
    const stackNames = [MANAGEMENT_STACK_NAME, ...config.accounts.map((account) => runtimeStackName(account.name))];
    new HcpWorkspacesStack(app, HCP_WORKSPACES_STACK_NAME, { backend, workspaces: backend.workspaces, stackNames });
  }
}
