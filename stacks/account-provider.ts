import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { conditional, Fn, Op, ref, Token } from "cdktf";
import type { Construct } from "constructs";
import { iamRoleArn, parseArn } from "../lib/domain/arn";

/**
 * Read-only plans: the stack's plan-reader role. `planPrincipals` unset: the provider always assumes it
 * (`BEDROCK_ACCESS_PROVIDER_ROLE=plan`). Set: only when the caller is one of them, else the Terraform role
 * (`by-caller`, for runners such as HCP Terraform that plan and apply the same configuration as two identities).
 */
export interface ProviderPlanReader {
  readonly arn: string;
  readonly planPrincipals?: readonly string[];
}

export interface AccountProviderProps {
  /** The account every resource of the stack lives in; the provider refuses any other. */
  readonly accountId: string;
  /** Role Terraform assumes in that account. */
  readonly terraformRoleName: string;
  /** Provider region (IAM is global; this only picks the STS/API region). */
  readonly region: string;
  /** Applied to every resource as default tags. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - the Terraform role, always */
  readonly planReader?: ProviderPlanReader;
}

const DEPLOY_SESSION = "bedrock-org-access";
const PLAN_SESSION = "bedrock-org-access-plan";

/**
 * One provider per stack, assuming the configured role in the account (or, for read-only plans, the stack's
 * plan-reader role). Endpoints are the SDK's:
 * `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_IAM` / `AWS_ENDPOINT_URL_STS` redirect them (the local sandbox
 * does that), so nothing here is specific to a test environment.
 */
export function accountProvider(scope: Construct, props: AccountProviderProps): AwsProvider {
  const tags = props.tags ?? {};
  const deploy = { roleArn: iamRoleArn(props.accountId, props.terraformRoleName), sessionName: DEPLOY_SESSION };
  const reader = props.planReader;
  const assumeRole = !reader
    ? deploy
    : !reader.planPrincipals
      ? { roleArn: reader.arn, sessionName: PLAN_SESSION }
      : byCaller(scope, props.region, reader.arn, reader.planPrincipals, deploy);
  return new AwsProvider(scope, "aws", {
    region: props.region,
    allowedAccountIds: [props.accountId],
    assumeRole: [assumeRole],
    ...(Object.keys(tags).length > 0 && { defaultTags: [{ tags: { ...tags } }] }),
  });
}

/**
 * While Terraform plans: the plan-reader role when the credentials it runs with are a plan principal's, the Terraform
 * role otherwise, decided from `sts:GetCallerIdentity` (no permission needed) of those credentials, read through a
 * second provider that assumes nothing. While it applies: always the Terraform role. A role principal's sessions are `arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION`
 * (the role's path is not in it); a user's ARN is itself. An account-root principal cannot be told apart, so it never
 * selects the plan-reader role.
 */
function byCaller(
  scope: Construct,
  region: string,
  readerArn: string,
  planPrincipals: readonly string[],
  deploy: { roleArn: string; sessionName: string },
): { roleArn: string; sessionName: string } {
  const caller = new AwsProvider(scope, "caller", { alias: "caller", region });
  const identity = new DataAwsCallerIdentity(scope, "caller-identity", { provider: caller });
  const keys = planPrincipals.flatMap(callerKey);
  const key = Fn.try([Fn.element(Fn.regex("^(arn:[^:]+:sts::[0-9]{12}:assumed-role/[^/]+/)", identity.arn), 0), identity.arn]);
  // terraform.applying (Terraform 1.10+) is true while a saved plan is applied: "Terraform uses your read-only
  // credentials when running a plan operation but uses your write credentials when you run an apply operation"
  // (Terraform docs, "The terraform.applying symbol"). The caller check alone would not do: an apply reuses the caller
  // identity the plan read, so a plan made by the plan principal would be applied through the plan-reader role.
  const reads = Op.and(Op.not(ref("terraform.applying")), Fn.contains(keys, key));
  return {
    roleArn: Token.asString(conditional(reads, readerArn, deploy.roleArn)),
    sessionName: Token.asString(conditional(reads, PLAN_SESSION, deploy.sessionName)),
  };
}

/** What GetCallerIdentity returns for a principal's sessions, up to the session name; none for an account root. */
function callerKey(principal: string): string[] {
  const parts = parseArn(principal);
  if (!parts) return [];
  const [kind, ...path] = parts.resource.split("/");
  if (kind === "role") return [`arn:${parts.partition}:sts::${parts.account}:assumed-role/${path[path.length - 1]}/`];
  if (kind === "user") return [principal];
  return [];
}
