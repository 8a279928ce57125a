/** The parts of an ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. */
export interface ArnComponents {
  /** @default "aws" */
  readonly partition?: string;
  readonly service: string;
  /** Empty for global resources (IAM) and region-less ones. @default "" */
  readonly region?: string;
  /** Empty for AWS-owned resources such as foundation models. @default "" */
  readonly account?: string;
  /** The resource part, e.g. `role/path/name` or `foundation-model/anthropic.claude-sonnet-4-6`. */
  readonly resource: string;
}

function formatArn(parts: ArnComponents): string {
  return ["arn", parts.partition ?? "aws", parts.service, parts.region ?? "", parts.account ?? "", parts.resource].join(":");
}

const ARN_PATTERN = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/;

export function parseArn(arn: string): Required<ArnComponents> | undefined {
  const match = ARN_PATTERN.exec(arn);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match;
  return { partition, service, region, account, resource };
}

/** `/` or `/a/b/`: IAM paths begin and end with a slash. */
export function iamRoleArn(account: string, roleName: string, path = "/"): string {
  return formatArn({ service: "iam", account, resource: `role${path}${roleName}` });
}

/** `/` or `/a/b/`, like roles. */
export function iamPolicyArn(account: string, policyName: string, path = "/"): string {
  return formatArn({ service: "iam", account, resource: `policy${path}${policyName}` });
}

export function oidcProviderArn(account: string, host: string): string {
  return formatArn({ service: "iam", account, resource: `oidc-provider/${host}` });
}

export function foundationModelArn(modelId: string, region: string): string {
  return formatArn({ service: "bedrock", region, resource: `foundation-model/${modelId}` });
}

export function inferenceProfileArn(profileId: string, region: string, account: string): string {
  return formatArn({ service: "bedrock", region, account, resource: `inference-profile/${profileId}` });
}

/**
 * A bedrock-mantle project: `arn:${Partition}:bedrock-mantle:${Region}:${Account}:project/${ResourceId}`, the only
 * resource type bedrock-mantle has (Service Authorization Reference, bedrock-mantle). `projectId` may be `*`.
 */
export function mantleProjectArn(region: string, account: string, projectId: string): string {
  return formatArn({ service: "bedrock-mantle", region, account, resource: `project/${projectId}` });
}

/**
 * The account and name of an IAM role ARN (`arn:aws:iam::ACCOUNT:role/path/NAME`), else undefined.
 * @internal the sandbox and the benchmarks read it
 */
export function parseRoleArn(arn: string): { readonly account: string; readonly name: string } | undefined {
  const parts = parseArn(arn);
  if (parts?.service !== "iam" || !parts.resource.startsWith("role/")) return undefined;
  return { account: parts.account, name: parts.resource.slice(parts.resource.lastIndexOf("/") + 1) };
}

/** The account an IAM principal names: an IAM or STS ARN's account, or a bare 12-digit account id; else undefined. */
export function principalAccount(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const parts = parseArn(principal);
  return parts && (parts.service === "iam" || parts.service === "sts") && /^\d{12}$/.test(parts.account) ? parts.account : undefined;
}
