/** Reading the elements of a policy's JSON, each problem named by its path and the value found. */

export type Problems = string[];

export const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
};

export const problem = (path: string, message: string, value?: unknown): string =>
  value === undefined ? `${path}: ${message}` : `${path}: ${message} (got ${shown(value)})`;

/** A string or a non-empty list of strings, as Action, Resource and principal ids take them. */
export function stringList(value: unknown, path: string, problems: Problems): string[] {
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) problems.push(problem(path, "expected at least one value", value));
  const strings = list.filter((item): item is string => typeof item === "string");
  if (strings.length !== list.length) problems.push(problem(path, "expected a string or a list of strings", value));
  return strings;
}

/** A condition key's value(s); JSON numbers and booleans are kept as their string form. */
export function conditionValues(value: unknown, path: string, problems: Problems): string[] {
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  const values = list.flatMap((item) =>
    typeof item === "string" || typeof item === "number" || typeof item === "boolean" ? [String(item)] : [],
  );
  if (list.length === 0 || values.length !== list.length)
    problems.push(problem(path, "expected a value or a non-empty list of values", value));
  return values;
}

/** One value or many, as IAM writes a list element (`"Action": "s3:GetObject"` for one). */
export const oneOrMany = (values: readonly string[]): string | readonly string[] => (values.length === 1 ? values[0] : values);

/** De-duplicated and sorted, so two renderings of one list (ours, IAM's) compare equal. */
export const normalized = (values: readonly string[]): readonly string[] => [...new Set(values)].sort();
