/**
 * A synthetic `terraform show -json` plan of any size, shaped like a large Organization's change: per
 * account, runtime roles with trust policies, invoke policies, attachments; every 50th account also adds
 * something a reviewer must see (a user with Marketplace rights, a wildcard subject).
 */
const doc = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

export interface GeneratedPlan {
  readonly json: Record<string, unknown>;
  readonly resources: number;
  readonly riskyAccounts: number;
}

export function generatePlan(resourceCount: number): GeneratedPlan {
  const changes: Record<string, unknown>[] = [];
  const config: Record<string, unknown>[] = [];
  let riskyAccounts = 0;
  for (let a = 0; changes.length < resourceCount; a++) {
    const account = String(200000000000 + a);
    const trust = doc({
      Sid: "Pipeline",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111111111111:role/platform-pipeline" },
      Action: "sts:AssumeRole",
    });
    const invoke = doc({
      Sid: "InvokeProfiles",
      Effect: "Allow",
      Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
      Resource: [`arn:aws:bedrock:us-east-1:${account}:inference-profile/us.anthropic.claude-sonnet-4-6`],
    });
    const create = (address: string, after: Record<string, unknown>, references: Record<string, string[]> = {}) => {
      changes.push({
        address,
        mode: "managed",
        type: address.split(".")[0],
        name: address.split(".")[1],
        change: { actions: ["create"], before: null, after, after_unknown: { arn: true, id: true } },
      });
      config.push({ address, expressions: Object.fromEntries(Object.entries(references).map(([k, r]) => [k, { references: r }])) });
    };
    create(`aws_iam_role.runtime_${a}`, { name: `bedrock-runtime-${a}`, assume_role_policy: trust, max_session_duration: 3600 });
    create(`aws_iam_policy.invoke_${a}`, { name: `bedrock-invoke-${a}`, policy: invoke });
    create(
      `aws_iam_role_policy_attachment.runtime_invoke_${a}`,
      { role: `bedrock-runtime-${a}` },
      { policy_arn: [`aws_iam_policy.invoke_${a}.arn`, `aws_iam_policy.invoke_${a}`] },
    );
    if (a % 50 === 0) {
      riskyAccounts++;
      create(`aws_iam_user_policy.marketplace_${a}`, {
        name: "subscribe",
        user: `ci-user-${a}`,
        policy: doc({ Effect: "Allow", Action: "aws-marketplace:Subscribe", Resource: "*" }),
      });
    }
  }
  return {
    json: {
      format_version: "1.2",
      terraform_version: "1.11.4",
      resource_changes: changes,
      configuration: { provider_config: {}, root_module: { resources: config } },
    },
    resources: changes.length,
    riskyAccounts,
  };
}
