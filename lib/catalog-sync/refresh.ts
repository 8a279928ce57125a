import pLimit from "p-limit";
import { accountModels } from "../config/account-profiles";
import type { AccessConfig } from "../config/schema";
import { ModelCatalog, isSourceRegion, profileId } from "../domain/catalog/catalog";
import { lockedModelArns, regionsOfModelArns, type CatalogLock, type LockedModel } from "../domain/catalog/lock";
import { GEOGRAPHIES } from "../domain/catalog/models";
import type { CatalogAws } from "./aws";
import { configRegions, listOfferings, type Offerings } from "./offerings";

/** One configured profile, in one source region, as AWS describes it now and as the previous lock (or the tables) did. */
export interface RefreshedProfile {
  readonly region: string;
  readonly profileId: string;
  /** Foundation-model ARNs AWS routes to; empty when AWS does not list the profile in the region. */
  readonly modelArns: readonly string[];
  readonly exists: boolean;
  /** Destination regions AWS added / removed since the previous lock (or the built-in tables, without one). */
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface RefreshResult {
  /** The lock to write (without its version). */
  readonly lock: Omit<CatalogLock, "version">;
  /** Every configured geography profile per source region, found or not. */
  readonly profiles: readonly RefreshedProfile[];
  /** Configured model ids AWS lists in none of the config's Regions. */
  readonly unknownModels: readonly string[];
  /** What AWS listed in the config's Regions. */
  readonly offerings: Offerings;
}

/**
 * Asks AWS, Region by Region, for every Anthropic model and system-defined profile in the config's Regions, and where
 * each profile routes (GetInferenceProfile). Read-only; the caller writes the lock only when every configured profile
 * and model exists.
 */
export async function refreshCatalog(
  config: AccessConfig,
  aws: CatalogAws,
  today: string,
  onProgress: (line: string) => void = () => undefined,
): Promise<RefreshResult> {
  const regions = configRegions(config);
  const offerings = await listOfferings(regions, aws, onProgress);
  const limit = pLimit(4);
  const routed = await Promise.all(
    [...offerings.profiles].flatMap(([region, ids]) =>
      ids.map((id) => limit(async () => ({ region, id, arns: [...(await aws.getProfileModels(region, id))].sort() }))),
    ),
  );
  const lockRegions: Record<string, Record<string, readonly string[]>> = {};
  for (const { region, id, arns } of routed) (lockRegions[region] ??= {})[id] = arns;
  const lock = { refreshedAt: today, models: lockedModels(offerings), regions: lockRegions };

  const previous = config.catalog.lock;
  const after = ModelCatalog.of({ version: 2, ...lock });
  const profiles = configuredProfiles(config, after).map(({ region, profileId: id, builtIn }): RefreshedProfile => {
    const modelArns = lockRegions[region]?.[id] ?? [];
    const exists = lockRegions[region]?.[id] !== undefined;
    const before = lockedModelArns(previous, region, id);
    const was = before ? regionsOfModelArns(before) : builtIn;
    const now = regionsOfModelArns(modelArns);
    return {
      region,
      profileId: id,
      modelArns,
      exists,
      added: now.filter((r) => !was.includes(r)),
      removed: exists ? was.filter((r) => !now.includes(r)) : [],
    };
  });
  const unknownModels = config.models.map((m) => m.id).filter((id) => !after.find(id));
  return { lock, profiles, unknownModels, offerings };
}

/**
 * Every (source region, geography profile id) the config's accounts call, with the built-in destinations. A profile the
 * catalog before the refresh (built-in tables and the previous lock) has is expected; AWS no longer listing it is what
 * makes it missing. A model that catalog lacks (one the refresh brings in) is expected where AWS lists it.
 */
function configuredProfiles(
  config: AccessConfig,
  after: ModelCatalog,
): { region: string; profileId: string; builtIn: readonly string[] }[] {
  const out = new Map<string, { region: string; profileId: string; builtIn: readonly string[] }>();
  for (const account of config.accounts) {
    for (const region of account.regions) {
      for (const m of accountModels(config, account)) {
        const expected = config.catalog.find(m.id) ?? after.find(m.id);
        const builtInModel = ModelCatalog.builtIn.find(m.id);
        for (const geography of GEOGRAPHIES) {
          if (!expected || !m.profiles.includes(geography) || !isSourceRegion(expected, geography, region)) continue;
          const id = profileId(m.id, geography);
          const routing = builtInModel?.profiles[geography]?.destinationsBySource;
          out.set(`${region}|${id}`, { region, profileId: id, builtIn: routing === "all-commercial" ? [] : (routing?.[region] ?? []) });
        }
      }
    }
  }
  return [...out.values()].sort((a, b) => a.region.localeCompare(b.region) || a.profileId.localeCompare(b.profileId));
}

/** ListFoundationModels' answers, per model and Region. */
function lockedModels(offerings: Offerings): Record<string, LockedModel> {
  const models: Record<string, { name: string; regions: Record<string, LockedModel["regions"][string]> }> = {};
  for (const [region, listed] of offerings.models) {
    for (const m of listed) {
      const entry = (models[m.modelId] ??= { name: m.modelName, regions: {} });
      entry.regions[region] = { inferenceTypes: m.inferenceTypes, lifecycle: m.lifecycle };
    }
  }
  return models;
}
