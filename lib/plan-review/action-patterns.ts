import { ANY_RESOURCE_ACTIONS, MARKETPLACE_ACTIONS } from "../domain/iam/bedrock-policies";

const MARKETPLACE_SERVICE = "aws-marketplace";

function globRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

/** Whether an IAM action pattern (`bedrock:Invoke*`, `*`) covers `action`. IAM matches actions case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  return globRegExp(pattern).test(action);
}

/** Whether the pattern can match some action of the service (`aws-marketplace:*`, `aws-*:Sub*`, `*`). */
export function coversService(pattern: string, service: string): boolean {
  if (pattern === "*") return true;
  const [servicePart] = pattern.split(":");
  return globRegExp(servicePart).test(service);
}

/** The Allow statement's actions that reach AWS Marketplace (with NotAction: the exclusion list, if it spares Marketplace). */
export function marketplaceActions(statement: { effect: string; actions: readonly string[]; notActions: readonly string[] }): string[] {
  if (statement.effect !== "Allow") return [];
  if (statement.notActions.length > 0) {
    const spared = MARKETPLACE_ACTIONS.every((a) => statement.notActions.some((p) => actionMatches(p, a)));
    return spared ? [] : [`NotAction ${statement.notActions.join(", ")}`];
  }
  return statement.actions.filter((a) => coversService(a, MARKETPLACE_SERVICE));
}

/** Actions that need a resource-level scope (not in ANY_RESOURCE_ACTIONS); wildcard patterns always do. */
export function scopedActions(actions: readonly string[]): string[] {
  return actions.filter((a) => a.includes("*") || !ANY_RESOURCE_ACTIONS.some((allowed) => allowed.toLowerCase() === a.toLowerCase()));
}

/**
 * AWS-managed policies that grant aws-marketplace:Subscribe: a role holding one can create Marketplace
 * agreements even though no document in the plan says so.
 */
export const MARKETPLACE_MANAGED_POLICY_NAMES: readonly string[] = [
  "AdministratorAccess",
  "PowerUserAccess",
  "AWSMarketplaceFullAccess",
  "AWSMarketplaceManageSubscriptions",
  "AmazonBedrockFullAccess",
];
