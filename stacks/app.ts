import type { App } from "cdktf";
import { effectiveProviderRole, type ProviderRole } from "../lib/config/provider-role";
import type { AccessConfig } from "../lib/config/schema";
import { MANAGEMENT_STACK_NAME, runtimeStackName } from "../lib/contracts/stack-outputs/schema";
import { ManagementStack } from "./management-stack";
import { RuntimeAccountStack } from "./runtime-account-stack";

/** Every stack of the config in `app`: the management stack, then one stack per runtime account. */
export function addStacks(app: App, config: AccessConfig, requested: ProviderRole): void {
  const providerRole = effectiveProviderRole(requested, config.backend.type, config.managementAccount.planPrincipals);
  new ManagementStack(app, MANAGEMENT_STACK_NAME, { config, providerRole });
  for (const account of config.accounts) {
    new RuntimeAccountStack(app, runtimeStackName(account.name), { config, account, providerRole });
  }
}
