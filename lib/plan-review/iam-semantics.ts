import { ANY_RESOURCE_ACTIONS, MARKETPLACE_ACTIONS } from "../domain/iam/bedrock-policies";
import { actionMatches, coversAction, hasWildcard } from "../domain/iam/matching";
import type { PolicyStatement } from "../domain/iam/statement";

/**
 * What an Allow statement grants, with IAM's matching rules (lib/domain/iam/matching): `*` and `?` wildcards, action
 * names case-insensitive, `NotAction` / `NotResource` as "everything except".
 */

/**
 * Whether the Allow statement grants `action` (on some resource): listed by a pattern, or not excluded by NotAction.
 * @internal its tests read it
 */
export const allowsAction = (statement: PolicyStatement, action: string): boolean =>
  statement.effect === "Allow" && coversAction(statement, action);

/** Whether the statement applies to every resource: `Resource: "*"`, or a NotResource. */
const onEveryResource = (statement: PolicyStatement): boolean => statement.resources.includes("*") || statement.notResources.length > 0;

/** The Marketplace actions (Subscribe, ViewSubscriptions) the statement grants. */
export function marketplaceActionsOf(statement: PolicyStatement): string[] {
  return MARKETPLACE_ACTIONS.filter((action) => allowsAction(statement, action));
}

/**
 * Administrator rights: on every resource, IAM writes together with other services' writes (what `*`,
 * `*:*`, or a NotAction that spares IAM grant). PowerUserAccess's NotAction `iam:*` is not administrator
 * rights by this rule, but it still grants Marketplace.
 */
const ADMIN_PROBES = ["iam:PutRolePolicy", "iam:AttachRolePolicy", "s3:DeleteBucket", "ec2:RunInstances"];
export function isAdministrator(statement: PolicyStatement): boolean {
  return onEveryResource(statement) && ADMIN_PROBES.every((action) => allowsAction(statement, action));
}

/** Actions of the statement that support resource-level permissions (wildcard patterns always may). */
export function scopedActions(statement: PolicyStatement): string[] {
  if (statement.notActions.length > 0) return [`every action except ${statement.notActions.join(", ")}`];
  return statement.actions.filter((a) => hasWildcard(a) || !ANY_RESOURCE_ACTIONS.some((allowed) => actionMatches(a, allowed)));
}

/** Resource patterns broader than one named resource: `*`, or a wildcard anywhere in an ARN (`arn:aws:bedrock:*`). */
export function wildcardResources(statement: PolicyStatement): string[] {
  return statement.resources.filter(hasWildcard);
}
