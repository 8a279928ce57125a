import { z } from "zod";
import { InputError } from "../core/errors";
import { formatPath } from "../core/validation";

/** `configFile` → `--config-file`: how a validation problem names the flag. */
const flagOf = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Flags checked with a zod schema, for the dev scripts (bench/, sandbox/) that parse their own; the CLI's commands
 * declare theirs with `flag()` (flags.ts). Every problem is reported at once, naming the flag, the value given and
 * what was expected.
 */
export function parseOptions<T extends z.ZodType>(
  schema: T,
  options: Record<string, unknown>,
  flagName: (key: string) => string = flagOf,
): z.output<T> {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  throw new InputError(
    "invalid flags",
    result.error.issues.map((issue) => {
      const key = formatPath(issue.path.slice(0, 1));
      return `${flagName(key)}: ${issue.message} (got ${JSON.stringify(options[key])})`;
    }),
  );
}

/** A whole number from `min` to `max`, in decimal digits only (`0x10` or `1e1` is a typo, not 16 or 10). */
export const count = (max: number, min = 1) =>
  z
    .string({ error: "expected a whole number" })
    .trim()
    .regex(/^\d+$/, { error: `expected a whole number ${min}..${max} in decimal digits` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `expected ${min}..${max}` })
        .max(max, { error: `expected ${min}..${max}` }),
    );

/** A number of seconds from `min` to a day, in decimal digits (`1.5` yes, `0x10` or `1e3` no). */
export const seconds = (min: number) =>
  z
    .string({ error: "expected a number of seconds" })
    .trim()
    .regex(/^\d+(\.\d+)?$/, { error: `expected a number of seconds ${min}..86400 in decimal digits` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `expected at least ${min} seconds` })
        .max(86_400, { error: "expected at most 86400 seconds" }),
    );

/** `--accounts a,b --accounts c` → [a, b, c]. */
export const list = z
  .array(z.string())
  .optional()
  .transform((values) =>
    values
      ?.flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter(Boolean),
  );
