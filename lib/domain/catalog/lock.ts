import { parseArn } from "../arn";

/** A model's lifecycle in one Region as ListFoundationModels reports it (`modelLifecycle`), dates as YYYY-MM-DD. */
export interface LockedLifecycle {
  /** botocore FoundationModelLifecycleStatus: ACTIVE or LEGACY. */
  readonly status: "ACTIVE" | "LEGACY";
  readonly startOfLife?: string;
  readonly legacy?: string;
  readonly publicExtendedAccess?: string;
  readonly endOfLife?: string;
}

/** What ListFoundationModels said about one Anthropic model in one Region. */
interface LockedModelRegion {
  /** `inferenceTypesSupported`: ON_DEMAND means the base id is callable in the Region without a profile. */
  readonly inferenceTypes: readonly string[];
  readonly lifecycle: LockedLifecycle;
}

export interface LockedModel {
  readonly name: string;
  /** Every configured Region where ListFoundationModels lists the model. */
  readonly regions: Readonly<Record<string, LockedModelRegion>>;
}

/**
 * What AWS said at the last `bedrock-access catalog refresh`, in the Regions the config's accounts use: every Anthropic
 * foundation model (ListFoundationModels, with lifecycle) and every system-defined inference profile for them
 * (ListInferenceProfiles + GetInferenceProfile: the foundation-model ARNs it routes to from that source Region). A
 * committed, sorted file, so a refresh is a reviewable diff; synth grants exactly these ARNs, and a model or profile the
 * lock has and the built-in tables lack is accepted.
 */
export interface CatalogLock {
  readonly version: 2;
  /** The day of the refresh (YYYY-MM-DD); its lifecycle facts win over built-in ones checked earlier. Absent in version 1 locks. */
  readonly refreshedAt?: string;
  /** Base model id → what ListFoundationModels said. Empty in version 1 locks. */
  readonly models: Readonly<Record<string, LockedModel>>;
  /** Source region → profile id → foundation-model ARNs, sorted. */
  readonly regions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export const CATALOG_LOCK_VERSION = 2;
export const DEFAULT_CATALOG_LOCK_FILE = "bedrock-catalog.lock.json";

/** The foundation-model ARNs AWS routes `profileId` to from `sourceRegion`, when the lock records them. */
export function lockedModelArns(lock: CatalogLock | undefined, sourceRegion: string, profileId: string): readonly string[] | undefined {
  return lock?.regions[sourceRegion]?.[profileId];
}

/** The regions of foundation-model ARNs (the region-less ARN of global profiles has none), sorted, once each. */
export function regionsOfModelArns(arns: readonly string[]): string[] {
  return [...new Set(arns.flatMap((arn) => parseArn(arn)?.region || []))].sort();
}

function sortedKeys<T, U>(record: Readonly<Record<string, T>>, value: (v: T) => U): Record<string, U> {
  return Object.fromEntries(
    Object.entries(record)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, v]) => [key, value(v)]),
  );
}

/** The lock as written: keys and ARNs sorted, two-space JSON, one trailing newline. */
export function renderCatalogLock(lock: Omit<CatalogLock, "version">): string {
  const rendered: CatalogLock = {
    version: CATALOG_LOCK_VERSION,
    ...(lock.refreshedAt && { refreshedAt: lock.refreshedAt }),
    models: sortedKeys(lock.models, (model) => ({
      name: model.name,
      regions: sortedKeys(model.regions, (r) => ({ inferenceTypes: [...r.inferenceTypes].sort(), lifecycle: r.lifecycle })),
    })),
    regions: sortedKeys(lock.regions, (profiles) => sortedKeys(profiles, (arns) => [...new Set(arns)].sort())),
  };
  return `${JSON.stringify(rendered, null, 2)}\n`;
}
