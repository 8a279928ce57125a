import { InputError } from "../core/errors";
import { RESOURCE_NAMES } from "../domain/names";

/**
 * Which role each stack's AWS provider assumes in its account (docs/ci.md, "Read-only plans"):
 * `deploy` (the default): `terraformRoleName`, for `cdktf deploy`; `plan`: the stack's own `<iam.namePrefix>plan-reader`,
 * which may only read what the stack manages, for pull-request plans (`bedrock-access plan` sets it for cdktf synth);
 * `by-caller`: the plan-reader role when Terraform runs as one of the plan principals, `terraformRoleName` otherwise,
 * for runners that plan and apply one configuration as two identities (HCP Terraform's plan-phase and apply-phase
 * roles). With the cloud backend and plan principals, `deploy` means `by-caller` (see `effectiveProviderRole`).
 */
export const PROVIDER_ROLE_ENV = "BEDROCK_ACCESS_PROVIDER_ROLE";
const PROVIDER_ROLES = ["deploy", "plan", "by-caller"] as const;
export type ProviderRole = (typeof PROVIDER_ROLES)[number];

const isProviderRole = (value: string): value is ProviderRole => (PROVIDER_ROLES as readonly string[]).includes(value);

/** The provider role the environment asks for; unset or empty means `deploy`. Anything else is bad input (exit 2). */
export function providerRoleFromEnv(env: NodeJS.ProcessEnv): ProviderRole {
  const value = env[PROVIDER_ROLE_ENV];
  if (value === undefined || value === "") return "deploy";
  if (isProviderRole(value)) return value;
  throw new InputError(`${PROVIDER_ROLE_ENV}: not a provider role`, [
    `${PROVIDER_ROLE_ENV}: expected ${PROVIDER_ROLES.slice(0, -1).join(", ")} or ${PROVIDER_ROLES[PROVIDER_ROLES.length - 1]} (got ${JSON.stringify(value)})`,
  ]);
}

/**
 * The role the stacks' providers take: HCP Terraform runs the plan phase of every run, applies included, as the
 * workspace's plan-phase identity (TFC_AWS_PLAN_ROLE_ARN), so on the cloud backend a deploy synthesis chooses by caller.
 */
export function effectiveProviderRole(requested: ProviderRole, backendType: string, planPrincipals: readonly string[]): ProviderRole {
  return requested === "deploy" && backendType === "cloud" && planPrincipals.length > 0 ? "by-caller" : requested;
}

/** `plan` and `by-caller` need plan principals: without them the stacks create no plan-reader role to assume. */
export function assertPlanPrincipals(providerRole: ProviderRole, planPrincipals: readonly string[]): void {
  if (providerRole === "deploy" || planPrincipals.length > 0) return;
  throw new InputError(`${PROVIDER_ROLE_ENV}=${providerRole}: no ${RESOURCE_NAMES.planReaderRole} role to assume`, [
    `managementAccount.planPrincipals: expected at least one principal for read-only plans (got none); add the plan job's role to managementAccount.planPrincipals and deploy once from main`,
  ]);
}
