/**
 * IAM's two wildcards as a regular expression: `*` any run of characters (none included), `?` exactly one.
 *
 * Source: IAM User Guide, "IAM JSON policy elements: Condition operators" (StringLike: "multi-character match
 * wildcards (*) and single-character match wildcards (?) anywhere in the string") and "IAM JSON policy elements:
 * Resource" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 */

const REGEX_SPECIAL = /[.+^${}()|[\]\\/]/g;

/** The plan review matches the same few patterns against thousands of statements: compile each once. */
const compiled = new Map<string, RegExp>();

export function wildcardRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? "i" : "s"}${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    const body = pattern.replace(REGEX_SPECIAL, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
    re = new RegExp(`^${body}$`, ignoreCase ? "i" : "");
    compiled.set(key, re);
  }
  return re;
}
