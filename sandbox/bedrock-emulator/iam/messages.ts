import type { Decision, DenialReason } from "./evaluate";

/**
 * AWS's wording for an authorization failure, e.g. "User: ARN is not authorized to perform: ACTION on resource: ARN
 * because ...". Source: IAM User Guide, "Troubleshoot access denied error messages"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html): "with an explicit deny in a
 * <type> policy" for an explicit deny, "because no <type> policy allows the <action> action" for an implicit one; and the
 * AWS Security Blog, "Enhanced access denied error messages with policy ARNs"
 * (https://aws.amazon.com/blogs/security/enhanced-access-denied-error-messages-with-policy-arns): within the same
 * Organization an SCP's explicit deny ends with ": <policy ARN>", e.g. "with an explicit deny in a service control
 * policy: arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd".
 */
export function notAuthorizedMessage(
  callerArn: string,
  action: string,
  resource: string,
  reason: DenialReason,
  policyArn?: Extract<Decision, { allowed: false }>["policyArn"],
): string {
  const on = resource === "*" ? "" : ` on resource: ${resource}`;
  const why: Readonly<Record<DenialReason, string>> = {
    "implicit-identity": `because no identity-based policy allows the ${action} action`,
    "explicit-identity": "with an explicit deny in an identity-based policy",
    "implicit-boundary": `because no permissions boundary allows the ${action} action`,
    "explicit-boundary": "with an explicit deny in a permissions boundary",
    "explicit-scp": `with an explicit deny in a service control policy${policyArn ? `: ${policyArn}` : ""}`,
    "implicit-scp": `because no service control policy allows the ${action} action`,
  };
  return `User: ${callerArn} is not authorized to perform: ${action}${on} ${why[reason]}`;
}
