/**
 * How IAM matches what a statement names against a request: the one matcher the stacks, the plan review and the SCP
 * evaluator use.
 *
 * Sources (IAM User Guide):
 * - "IAM JSON policy elements: Action"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html): "The prefix and the
 *   action name are case insensitive"; wildcards may stand for part of an action name (anywhere in it, for SCPs since
 *   they support the full IAM language: AWS Security Blog,
 *   https://aws.amazon.com/blogs/security/unlock-new-possibilities-aws-organizations-service-control-policy-now-supports-full-iam-language).
 * - "IAM JSON policy elements: NotAction" / "NotResource": the statement covers every action (resource) except
 *   those listed.
 * - "IAM JSON policy elements: Resource"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html): "wildcard characters
 *   (* and ?) within any ARN segment (the parts separated by colons)". Resource ARNs are matched case-sensitively (AWS
 *   does not state this for the Resource element; the ARN condition operators are documented case-sensitive: "Each of
 *   the six colon-delimited components of the ARN is checked separately"). A pattern shorter than six parts whose last
 *   part ends in `*` (`arn:aws:s3:*`) covers the parts it leaves out. The resource part is everything after the fifth
 *   colon, colons included (model ids such as `...-v1:0`).
 */
import { wildcardRegExp } from "./private/wildcard";
import type { PolicyStatement } from "./statement";

/** Whether a value is a pattern: it holds either wildcard. */
export const hasWildcard = (value: string): boolean => value.includes("*") || value.includes("?");

/** `*` and `?` anywhere in `pattern`; case-sensitive unless `ignoreCase` (StringLike values are case-sensitive). */
export function wildcardMatches(pattern: string, value: string, options: { readonly ignoreCase: boolean }): boolean {
  return wildcardRegExp(pattern, options.ignoreCase).test(value);
}

/** `*`, or `service:Name` with `*` and `?` allowed in the name. */
const ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/i;
/** `service:Name`, no wildcards: what a request names. */
const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/i;

export const isActionPattern = (pattern: string): boolean => pattern === "*" || ACTION_PATTERN.test(pattern);
export const isAction = (action: string): boolean => ACTION.test(action);

/** Whether an Action pattern (`bedrock:Invoke*`, `*`, `iam:?etRole`) names `action`, ignoring case. */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatches(pattern, action, { ignoreCase: true });
}

/** arn, partition, service, region, account, resource. */
export type ArnParts = readonly [string, string, string, string, string, string];

/** The six parts of `value`, or undefined when it is not `arn:…` with at least five colons. */
export function splitArn(value: string): ArnParts | undefined {
  const parts = value.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [arn, partition, service, region, account] = parts;
  return [arn, partition, service, region, account, parts.slice(5).join(":")];
}

/** Whether each part of `value` matches the same part of `pattern` (wildcards allowed, case-sensitive). */
export function arnPartsMatch(pattern: ArnParts, value: ArnParts): boolean {
  return pattern.every((part, i) => wildcardMatches(part, value[i], { ignoreCase: false }));
}

/** The six parts a Resource pattern stands for, padding a short `…*` pattern with `*`; undefined if it has none. */
export function resourcePatternParts(pattern: string): ArnParts | undefined {
  const parts = pattern.split(":");
  if (parts[0] !== "arn") return undefined;
  if (parts.length >= 6) return splitArn(pattern);
  if (!(parts[parts.length - 1] ?? "").endsWith("*")) return undefined;
  return splitArn([...parts, ...Array<string>(6 - parts.length).fill("*")].join(":"));
}

/**
 * Whether a Resource pattern names `resource` (an ARN, or `*` for actions without resource-level permissions).
 * @internal its tests read it
 */
export function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === "*") return true;
  const patternParts = resourcePatternParts(pattern);
  const resourceParts = splitArn(resource);
  return patternParts !== undefined && resourceParts !== undefined && arnPartsMatch(patternParts, resourceParts);
}

/** Some pattern of `listed` matches `value`; for a Not… element (`negated`), none does. */
function covers(listed: readonly string[], negated: boolean, value: string, matches: (pattern: string, value: string) => boolean) {
  const anyMatch = listed.some((pattern) => matches(pattern, value));
  return negated ? !anyMatch : anyMatch;
}

/** Whether the statement's Action (or NotAction) covers `action`, whatever its effect. */
export function coversAction(statement: PolicyStatement, action: string): boolean {
  const negated = statement.notActions.length > 0;
  return covers(negated ? statement.notActions : statement.actions, negated, action, actionMatches);
}

/** Whether the statement's Resource (or NotResource) covers `resource`. */
export function coversResource(statement: PolicyStatement, resource: string): boolean {
  const negated = statement.notResources.length > 0;
  return covers(negated ? statement.notResources : statement.resources, negated, resource, resourceMatches);
}
