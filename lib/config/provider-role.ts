import { InputError } from "../core/errors";
import { RESOURCE_NAMES } from "../domain/names";

/**
 * Which role each stack's AWS provider assumes in its account (docs/ci.md, "Read-only plans"):
 * `deploy` (the default): `terraformRoleName`, for `cdktf deploy`; `plan`: the stack's own `<iam.namePrefix>plan-reader`,
 * which may only read what the stack manages, for pull-request plans. `bedrock-access plan` sets it for cdktf synth.
 */
export const PROVIDER_ROLE_ENV = "BEDROCK_ACCESS_PROVIDER_ROLE";
export const PROVIDER_ROLES = ["deploy", "plan"] as const;
export type ProviderRole = (typeof PROVIDER_ROLES)[number];

const isProviderRole = (value: string): value is ProviderRole => (PROVIDER_ROLES as readonly string[]).includes(value);

/** The provider role the environment asks for; unset or empty means `deploy`. Anything else is bad input (exit 2). */
export function providerRoleFromEnv(env: NodeJS.ProcessEnv): ProviderRole {
  const value = env[PROVIDER_ROLE_ENV];
  if (value === undefined || value === "") return "deploy";
  if (isProviderRole(value)) return value;
  throw new InputError(`${PROVIDER_ROLE_ENV}: not a provider role`, [
    `${PROVIDER_ROLE_ENV}: expected ${PROVIDER_ROLES.join(" or ")} (got ${JSON.stringify(value)})`,
  ]);
}

/** `plan` needs plan principals: without them the stacks create no plan-reader role to assume. */
export function assertPlanPrincipals(providerRole: ProviderRole, planPrincipals: readonly string[]): void {
  if (providerRole !== "plan" || planPrincipals.length > 0) return;
  throw new InputError(`${PROVIDER_ROLE_ENV}=plan: no ${RESOURCE_NAMES.planReaderRole} role to assume`, [
    `managementAccount.planPrincipals: expected at least one principal for read-only plans (got none); add the plan job's role and deploy once from main, or plan with the deploy role (bedrock-access plan --deploy-role, or ${PROVIDER_ROLE_ENV}=deploy)`,
  ]);
}
