import { z } from "zod";
import { readLockFile } from "./lock-file";
import { CATALOG_LOCK_VERSION, type CatalogLock } from "../domain/catalog/lock";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected a date as YYYY-MM-DD" });
const regions = z.record(
  z.string(),
  z.record(z.string(), z.array(z.string().startsWith("arn:", { error: "expected a foundation-model ARN" }))),
);
const lockedModel = z.strictObject({
  name: z.string().min(1),
  regions: z.record(
    z.string(),
    z.strictObject({
      inferenceTypes: z.array(z.string()),
      lifecycle: z.strictObject({
        status: z.enum(["ACTIVE", "LEGACY"]),
        startOfLife: day.optional(),
        legacy: day.optional(),
        publicExtendedAccess: day.optional(),
        endOfLife: day.optional(),
      }),
    }),
  ),
});

/** Version 1 (profiles only, before `catalog refresh` recorded models) is read as a version 2 lock without models. */
const lockSchema = z.discriminatedUnion("version", [
  z
    .strictObject({ version: z.literal(1), regions })
    .transform((v1): CatalogLock => ({ version: CATALOG_LOCK_VERSION, models: {}, regions: v1.regions })),
  z.strictObject({
    version: z.literal(CATALOG_LOCK_VERSION),
    refreshedAt: day.optional(),
    models: z.record(z.string().regex(/^anthropic\./, { error: "expected an Anthropic model id" }), lockedModel),
    regions,
  }),
]);

/** The lock file, when it exists; a lock that cannot be read or is malformed is bad input (exit 2). */
export function readCatalogLock(file: string): CatalogLock | undefined {
  return readLockFile(file, lockSchema, { name: "catalog lock", writtenBy: "bedrock-access catalog refresh" });
}
