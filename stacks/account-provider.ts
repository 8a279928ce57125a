import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import { iamRoleArn } from "../lib/domain/arn";

export interface AccountProviderProps {
  /** The account every resource of the stack lives in; the provider refuses any other. */
  readonly accountId: string;
  /** Role Terraform assumes in that account. */
  readonly terraformRoleName: string;
  /** Provider region (IAM is global; this only picks the STS/API region). */
  readonly region: string;
  /** Applied to every resource as default tags. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** Names the Terraform session in CloudTrail. @default "bedrock-org-access" (read-only plans: "bedrock-org-access-plan") */
  readonly sessionName?: string;
  /**
   * Read-only plans (`BEDROCK_ACCESS_PROVIDER_ROLE=plan`): assume this role (the stack's plan-reader) instead of
   * `terraformRoleName`. @default - the Terraform role
   */
  readonly planReader?: { readonly roleName: string; readonly path: string };
}

/**
 * One provider per stack, assuming the configured role in the account (or, for read-only plans, the stack's
 * plan-reader role). Endpoints are the SDK's:
 * `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_IAM` / `AWS_ENDPOINT_URL_STS` redirect them (the local sandbox
 * does that), so nothing here is specific to a test environment.
 */
export function accountProvider(scope: Construct, props: AccountProviderProps): AwsProvider {
  const tags = props.tags ?? {};
  return new AwsProvider(scope, "aws", {
    region: props.region,
    allowedAccountIds: [props.accountId],
    assumeRole: [
      props.planReader
        ? {
            roleArn: iamRoleArn(props.accountId, props.planReader.roleName, props.planReader.path),
            sessionName: props.sessionName ?? "bedrock-org-access-plan",
          }
        : { roleArn: iamRoleArn(props.accountId, props.terraformRoleName), sessionName: props.sessionName ?? "bedrock-org-access" },
    ],
    ...(Object.keys(tags).length > 0 && { defaultTags: [{ tags: { ...tags } }] }),
  });
}
