/**
 * ARNs and ARN patterns, compared one colon-delimited part at a time.
 *
 * Sources: IAM User Guide, "IAM JSON policy elements: Condition operators" (ArnEquals/ArnLike: "Case-sensitive
 * matching of the ARN. Each of the six colon-delimited components of the ARN is checked separately and each can
 * include multi-character match wildcards (*) or single-character match wildcards (?)",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html) and
 * "IAM JSON policy elements: Resource" ("wildcard characters (* and ?) within any ARN segment (the parts
 * separated by colons)", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 * The resource part is everything after the fifth colon, colons included (model ids such as `...-v1:0`).
 */
import { wildcardMatches } from "./wildcard";

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
