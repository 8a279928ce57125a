import { existsSync, readFileSync } from "node:fs";
import type { z } from "zod";
import { errorMessage, InputError } from "../core/errors";
import { parseWith } from "../core/validation";

/** What names a lock file in its errors: `invalid ${name}`, `expected the JSON written by ${writtenBy}`. */
interface LockKind {
  readonly name: string;
  readonly writtenBy: string;
}

/** A lock file, when it exists; one that cannot be read or is malformed is bad input (exit 2). */
export function readLockFile<T extends z.ZodType>(file: string, schema: T, kind: LockKind): z.output<T> | undefined {
  if (!existsSync(file)) return undefined;
  const title = `${file}: invalid ${kind.name}`;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(title, [`expected the JSON written by ${kind.writtenBy} (${errorMessage(err)})`]);
  }
  return parseWith(schema, json, { title });
}
