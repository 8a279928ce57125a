import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { errorMessage, InputError } from "../core/errors";
import { parseWith } from "../core/validation";
import { CATALOG_LOCK_VERSION, type CatalogLock } from "../domain/catalog/lock";

const lockSchema = z.strictObject({
  version: z.literal(CATALOG_LOCK_VERSION),
  regions: z.record(z.string(), z.record(z.string(), z.array(z.string().startsWith("arn:", { error: "expected a foundation-model ARN" })))),
});

/** The lock file, when it exists; a lock that cannot be read or is malformed is bad input (exit 2). */
export function readCatalogLock(file: string): CatalogLock | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(`${file}: invalid catalog lock`, [
      `expected the JSON written by bedrock-access catalog refresh (${errorMessage(err)})`,
    ]);
  }
  return parseWith(lockSchema, json, { title: `${file}: invalid catalog lock` });
}
