import { parseArn } from "../arn";

/**
 * What AWS said about the system-defined inference profiles, as `bedrock-access catalog refresh` recorded
 * it (ListInferenceProfiles + GetInferenceProfile per source region): per source region and profile id,
 * the foundation-model ARNs the profile routes to. A committed, sorted file, so a refresh is a reviewable
 * diff; synth grants exactly these ARNs instead of the built-in destination tables.
 */
export interface CatalogLock {
  readonly version: 1;
  /** Source region → profile id → foundation-model ARNs, sorted. */
  readonly regions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export const CATALOG_LOCK_VERSION = 1;
export const DEFAULT_CATALOG_LOCK_FILE = "bedrock-catalog.lock.json";

/** The foundation-model ARNs AWS routes `profileId` to from `sourceRegion`, when the lock records them. */
export function lockedModelArns(lock: CatalogLock | undefined, sourceRegion: string, profileId: string): readonly string[] | undefined {
  return lock?.regions[sourceRegion]?.[profileId];
}

/** The regions of foundation-model ARNs (the region-less ARN of global profiles has none), sorted, once each. */
export function regionsOfModelArns(arns: readonly string[]): string[] {
  return [...new Set(arns.flatMap((arn) => parseArn(arn)?.region || []))].sort();
}

/** The lock as written: keys and ARNs sorted, two-space JSON, one trailing newline. */
export function renderCatalogLock(regions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>): string {
  const sorted = Object.fromEntries(
    Object.keys(regions)
      .sort()
      .map((region) => {
        const profiles = regions[region] ?? {};
        return [
          region,
          Object.fromEntries(
            Object.keys(profiles)
              .sort()
              .map((id) => [id, [...new Set(profiles[id])].sort()]),
          ),
        ];
      }),
  );
  const lock: CatalogLock = { version: CATALOG_LOCK_VERSION, regions: sorted };
  return `${JSON.stringify(lock, null, 2)}\n`;
}
