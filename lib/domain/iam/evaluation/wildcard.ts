/**
 * IAM's two wildcards as a regular expression: `*` any run of characters (none included), `?` exactly one.
 *
 * Source: IAM User Guide, "IAM JSON policy elements: Condition operators" (StringLike: "multi-character match
 * wildcards (*) and single-character match wildcards (?) anywhere in the string") and "IAM JSON policy elements:
 * Resource" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 */

export interface WildcardOptions {
  /** Actions match ignoring case; resources and StringLike values do not. */
  readonly ignoreCase: boolean;
}

const REGEX_SPECIAL = /[.+^${}()|[\]\\/]/g;

/** Whether a value is a pattern: it holds either wildcard. */
export const hasWildcard = (value: string): boolean => value.includes("*") || value.includes("?");

export function wildcardToRegExp(pattern: string, options: WildcardOptions): RegExp {
  const body = pattern.replace(REGEX_SPECIAL, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`, options.ignoreCase ? "i" : "");
}

export function wildcardMatches(pattern: string, value: string, options: WildcardOptions): boolean {
  return wildcardToRegExp(pattern, options).test(value);
}
