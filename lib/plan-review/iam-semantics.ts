import { ANY_RESOURCE_ACTIONS, MARKETPLACE_ACTIONS } from "../domain/iam/bedrock-policies";
import { hasWildcard } from "../domain/iam/evaluation/wildcard";
import type { Statement } from "./policy-document";

/**
 * What an Allow statement grants, with IAM's matching rules: `*` and `?` wildcards, action names
 * case-insensitive, resources case-sensitive, `NotAction` / `NotResource` as "everything except".
 */
const patternCache = new Map<string, RegExp>();

function globRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? "i" : "s"}${pattern}`;
  let re = patternCache.get(key);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, caseInsensitive ? "i" : "");
    patternCache.set(key, re);
  }
  return re;
}

export const actionMatches = (pattern: string, action: string): boolean => globRegExp(pattern, true).test(action);

/** Whether the Allow statement grants `action` (on some resource): listed by a pattern, or not excluded by NotAction. */
export function allowsAction(statement: Statement, action: string): boolean {
  if (statement.effect !== "Allow") return false;
  if (statement.notActions.length > 0) return !statement.notActions.some((p) => actionMatches(p, action));
  return statement.actions.some((p) => actionMatches(p, action));
}

/** Whether the statement applies to every resource: `Resource: "*"`, or a NotResource. */
export const onEveryResource = (statement: Statement): boolean => statement.resources.includes("*") || statement.notResources.length > 0;

/** The Marketplace actions (Subscribe, ViewSubscriptions) the statement grants. */
export function marketplaceActionsOf(statement: Statement): string[] {
  return MARKETPLACE_ACTIONS.filter((action) => allowsAction(statement, action));
}

/**
 * Administrator rights: on every resource, IAM writes together with other services' writes (what `*`,
 * `*:*`, or a NotAction that spares IAM grant). PowerUserAccess's NotAction `iam:*` is not administrator
 * rights by this rule, but it still grants Marketplace.
 */
const ADMIN_PROBES = ["iam:PutRolePolicy", "iam:AttachRolePolicy", "s3:DeleteBucket", "ec2:RunInstances"];
export function isAdministrator(statement: Statement): boolean {
  return onEveryResource(statement) && ADMIN_PROBES.every((action) => allowsAction(statement, action));
}

/** Actions of the statement that support resource-level permissions (wildcard patterns always may). */
export function scopedActions(statement: Statement): string[] {
  if (statement.notActions.length > 0) return [`every action except ${statement.notActions.join(", ")}`];
  return statement.actions.filter(
    (a) => hasWildcard(a) || !ANY_RESOURCE_ACTIONS.some((allowed) => allowed.toLowerCase() === a.toLowerCase()),
  );
}

/** Resource patterns broader than one named resource: `*`, or a wildcard anywhere in an ARN (`arn:aws:bedrock:*`). */
export function wildcardResources(statement: Statement): string[] {
  return statement.resources.filter(hasWildcard);
}
