import { maskSecrets } from "./redact";
import type { z } from "zod";
import { InputError } from "./errors";

/** `accounts[1].githubOidc.repositories[0]`, as a reader finds it in the YAML or JSON. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A list as zod's enum wants it (at least one value); fails at load time when the list is empty. */
export function enumValues<T extends string>(values: readonly T[], what: string): [T, ...T[]] {
  const [first, ...rest] = values;
  if (first === undefined) throw new Error(`${what}: expected at least one value`);
  return [first, ...rest];
}

/** The value at a validation issue's path, or undefined where the path leads nowhere. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = Reflect.get(node, key);
  }
  return node;
}

/** A value as a message shows it: whole when short, else its start (a whole config on one line helps nobody). */
function shorten(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `<prefix>path: message (got VALUE)`: a validation problem as a person can act on it. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, prefix = ""): string {
  const path = formatPath(issue.path);
  // The message names the unknown keys; the object around them would only bury it.
  if (issue.code === "unrecognized_keys") return `${prefix}${path || "(root)"}: ${issue.message}`;
  const value = valueAt(input, issue.path);
  const shown = value === undefined ? "missing" : `got ${shorten(maskSecrets(JSON.stringify(value) ?? String(value)))}`;
  return `${prefix}${path || "(root)"}: ${issue.message} (${shown})`;
}

export interface ParseOptions {
  /** First line of the InputError. */
  readonly title: string;
  /** Put before each problem's path, e.g. the stack name. @default "" */
  readonly prefix?: string;
  /** How a problem reads. @default describeIssue */
  readonly describe?: (issue: z.core.$ZodIssue, input: unknown) => string;
}

/** Validates `input`; on failure throws one InputError listing every problem. */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown, options: ParseOptions): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const describe = options.describe ?? ((issue, value) => describeIssue(issue, value, options.prefix));
  throw new InputError(
    options.title,
    result.error.issues.map((issue) => describe(issue, input)),
  );
}
