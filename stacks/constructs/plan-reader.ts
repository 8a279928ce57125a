import type { Construct } from "constructs";
import type { ProviderRole } from "../../lib/config/provider-role";
import { iamRoleArn } from "../../lib/domain/arn";
import { planReaderPolicy, principalsTrustPolicy, type PlanReaderScope } from "../../lib/domain/iam/bedrock-policies";
import { RESOURCE_NAMES } from "../../lib/domain/names";
import type { ProviderPlanReader } from "../account-provider";
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
 * What the provider needs of the plan-reader role: undefined for the Terraform role (`deploy`), the role always
 * (`plan`), or the role with the principals that select it (`by-caller`). Throws when the config has no plan
 * principals (main.ts reports the same earlier, naming the variable).
 */
export function providerPlanReader(
  providerRole: ProviderRole | undefined,
  planPrincipals: readonly string[],
  location: PlanReaderLocation,
): ProviderPlanReader | undefined {
  if (providerRole === undefined || providerRole === "deploy") return undefined;
  if (planPrincipals.length === 0) throw new Error("read-only plans need managementAccount.planPrincipals: no plan-reader role exists");
  return providerRole === "plan" ? { arn: location.arn } : { arn: location.arn, planPrincipals };
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
