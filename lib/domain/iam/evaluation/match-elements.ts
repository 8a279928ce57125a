/**
 * Whether a statement's Action/NotAction and Resource/NotResource cover a request.
 *
 * Sources (IAM User Guide):
 * - "IAM JSON policy elements: Action"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html): "The prefix and the
 *   action name are case insensitive"; `*` may stand for part of an action name. SCPs allow wildcards anywhere in
 *   the action name since they support the full IAM language (AWS Security Blog,
 *   https://aws.amazon.com/blogs/security/unlock-new-possibilities-aws-organizations-service-control-policy-now-supports-full-iam-language).
 * - "IAM JSON policy elements: NotAction" / "NotResource": the statement covers every action (resource) except
 *   those listed.
 * - "IAM JSON policy elements: Resource"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html): wildcards "within
 *   any ARN segment (the parts separated by colons)". Resource ARNs are matched case-sensitively (AWS does not
 *   state this for the Resource element; the ARN condition operators are documented case-sensitive). A pattern
 *   shorter than six parts whose last part ends in `*` (`arn:aws:s3:*`) covers the parts it leaves out.
 */
import { arnPartsMatch, splitArn, type ArnParts } from "./arn-pattern";
import type { PatternList } from "./scp-document";
import { wildcardMatches } from "./wildcard";

export function actionPatternMatches(pattern: string, action: string): boolean {
  if (pattern === "*") return true;
  const [patternService, patternName] = splitAction(pattern);
  const [service, name] = splitAction(action);
  return patternService.toLowerCase() === service.toLowerCase() && wildcardMatches(patternName, name, { ignoreCase: true });
}

function splitAction(action: string): readonly [string, string] {
  const colon = action.indexOf(":");
  return colon === -1 ? [action, ""] : [action.slice(0, colon), action.slice(colon + 1)];
}

/** The six parts a Resource pattern stands for, padding a short `…*` pattern with `*`; undefined if it has none. */
export function resourcePatternParts(pattern: string): ArnParts | undefined {
  const parts = pattern.split(":");
  if (parts[0] !== "arn") return undefined;
  if (parts.length >= 6) return splitArn(pattern);
  if (!(parts[parts.length - 1] ?? "").endsWith("*")) return undefined;
  return splitArn([...parts, ...Array<string>(6 - parts.length).fill("*")].join(":"));
}

export function resourcePatternMatches(pattern: string, resource: string): boolean {
  if (pattern === "*") return true;
  const patternParts = resourcePatternParts(pattern);
  const resourceParts = splitArn(resource);
  return patternParts !== undefined && resourceParts !== undefined && arnPartsMatch(patternParts, resourceParts);
}

/** Whether the list covers `value`: some pattern matches it, or for a Not… list none does. */
export function listCovers(list: PatternList, value: string, matches: (pattern: string, value: string) => boolean): boolean {
  const anyMatch = list.patterns.some((pattern) => matches(pattern, value));
  return list.negated ? !anyMatch : anyMatch;
}
