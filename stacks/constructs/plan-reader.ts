import type { Construct } from "constructs";
import type { ProviderRole } from "../../lib/config/provider-role";
import { planReaderPolicy, principalsTrustPolicy, type PlanReaderScope } from "../../lib/domain/iam/bedrock-policies";
import type { OwnResource } from "../../lib/domain/names";
import type { ProviderPlanReader } from "../account-provider";
import { BedrockRole } from "./bedrock-role";

/**
 * What the provider needs of the plan-reader role: undefined for the Terraform role (`deploy`), the role always
 * (`plan`), or the role with the principals that select it (`by-caller`). Throws when the config has no plan
 * principals (main.ts reports the same earlier, naming the variable).
 */
export function providerPlanReader(
  providerRole: ProviderRole | undefined,
  planPrincipals: readonly string[],
  reader: OwnResource,
): ProviderPlanReader | undefined {
  if (providerRole === undefined || providerRole === "deploy") return undefined;
  if (planPrincipals.length === 0) throw new Error("read-only plans need managementAccount.planPrincipals: no plan-reader role exists");
  return providerRole === "plan" ? { arn: reader.arn } : { arn: reader.arn, planPrincipals };
}

/**
 * `<namePrefix>plan-reader`: trusted only by the plan principals, and allowed only the IAM reads Terraform's refresh
 * of this stack's resources needs, on their ARNs. Created by every deploy; pull-request plans assume it.
 */
export function addPlanReaderRole(
  scope: Construct,
  reader: OwnResource,
  permissionsBoundaryArn: string | undefined,
  planPrincipals: readonly string[],
  readScope: PlanReaderScope,
): BedrockRole {
  const role = new BedrockRole(scope, "plan-reader", {
    role: reader,
    permissionsBoundaryArn,
    description: "Read-only plans: reads the IAM roles and policies this stack manages, nothing else.",
    trust: principalsTrustPolicy(planPrincipals),
    maxSessionDuration: 3600,
  });
  role.addInlinePolicy("plan-read", planReaderPolicy(readScope));
  return role;
}
