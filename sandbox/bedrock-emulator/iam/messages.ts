import type { DenialReason } from "./evaluate";

/** AWS's wording for an authorization failure, e.g. "User: ARN is not authorized to perform: ACTION on resource: ARN because ...". */
export function notAuthorizedMessage(callerArn: string, action: string, resource: string, reason: DenialReason): string {
  const on = resource === "*" ? "" : ` on resource: ${resource}`;
  const why: Readonly<Record<DenialReason, string>> = {
    "implicit-identity": `because no identity-based policy allows the ${action} action`,
    "explicit-identity": "with an explicit deny in an identity-based policy",
    "implicit-boundary": `because no permissions boundary allows the ${action} action`,
    "explicit-boundary": "with an explicit deny in a permissions boundary",
    "explicit-scp": "with an explicit deny in a service control policy",
  };
  return `User: ${callerArn} is not authorized to perform: ${action}${on} ${why[reason]}`;
}
