import type { App } from "cdktf";
import { assertPlanPrincipals, type ProviderRole } from "../config/provider-role";
import type { AccessConfig } from "../config/schema";
import { addStacks, type AccessStacks } from "../../stacks/app";
import { configOf, type ConfigSource } from "./sources";

export interface AddStacksOptions {
  /**
   * The role the AWS providers assume in each account, as $BEDROCK_ACCESS_PROVIDER_ROLE selects it for main.ts:
   * "deploy", "plan" (a read-only plan, by the config's `planPrincipals`) or "by-caller". @default "deploy"
   */
  readonly providerRole?: ProviderRole;
}

/** The stacks added, with the validated config they were built from. */
export interface BedrockAccessStacks extends AccessStacks {
  readonly config: AccessConfig;
}

/**
 * Adds the management stack and one stack per runtime account of the config to an existing cdktf `App`, next to the
 * app's own stacks; returns them, so the app's stacks can depend on them. A bad config throws, listing every problem.
 */
export function addBedrockAccessStacks(app: App, source: ConfigSource, options: AddStacksOptions = {}): BedrockAccessStacks {
  const config = configOf(source);
  const providerRole = options.providerRole ?? "deploy";
  assertPlanPrincipals(providerRole, config.managementAccount.planPrincipals);
  return { config, ...addStacks(app, config, providerRole) };
}
