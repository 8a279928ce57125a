import type { Construct } from "constructs";
import type { ProviderRole } from "../../lib/config/provider-role";
import { iamRoleArn } from "../../lib/domain/arn";
import { planReaderPolicy, principalsTrustPolicy, type PlanReaderScope } from "../../lib/domain/iam/bedrock-policies";
import { RESOURCE_NAMES } from "../../lib/domain/names";
import { BedrockRole, type RoleSettings } from "./bedrock-role";

/** Where the stack's plan-reader role is, for the provider (read-only plans) and for its own read scope. */
export interface PlanReaderLocation {
  readonly roleName: string;
  readonly path: string;
  readonly arn: string;
}

export function planReaderLocation(accountId: string, settings: RoleSettings): PlanReaderLocation {
  const roleName = `${settings.namePrefix}${RESOURCE_NAMES.planReaderRole}`;
  return { roleName, path: settings.path, arn: iamRoleArn(accountId, roleName, settings.path) };
}

/**
 * The role the provider assumes for read-only plans, or undefined for the Terraform role. Throws when plans should
 * be read-only but the config has no plan principals (main.ts reports the same earlier, naming the variable).
 */
export function providerPlanReader(
  providerRole: ProviderRole | undefined,
  planPrincipals: readonly string[],
  location: PlanReaderLocation,
): PlanReaderLocation | undefined {
  if (providerRole !== "plan") return undefined;
  if (planPrincipals.length === 0) throw new Error("read-only plans need managementAccount.planPrincipals: no plan-reader role exists");
  return location;
}

/**
 * `<namePrefix>plan-reader`: trusted only by the plan principals, and allowed only the IAM reads Terraform's refresh
 * of this stack's resources needs, on their ARNs. Created by every deploy; pull-request plans assume it.
 */
export function addPlanReaderRole(
  scope: Construct,
  settings: RoleSettings,
  planPrincipals: readonly string[],
  readScope: PlanReaderScope,
): BedrockRole {
  const role = new BedrockRole(scope, "plan-reader", {
    settings,
    name: RESOURCE_NAMES.planReaderRole,
    description: "Read-only plans: reads the IAM roles and policies this stack manages, nothing else.",
    trust: principalsTrustPolicy(planPrincipals),
    maxSessionDuration: 3600,
  });
  role.addInlinePolicy("plan-read", planReaderPolicy(readScope));
  return role;
}
