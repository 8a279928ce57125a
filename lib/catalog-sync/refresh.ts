import pLimit from "p-limit";
import type { AccessConfig } from "../config/schema";
import { ModelCatalog, isSourceRegion, parseProfileId, profileId } from "../domain/catalog/catalog";
import { lockedModelArns, regionsOfModelArns, type CatalogLock, type LockedModel } from "../domain/catalog/lock";
import { GEOGRAPHIES } from "../domain/catalog/models";
import type { AnthropicModelListing, CatalogAws } from "./aws";

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

/** What AWS offers in the config's Regions: Anthropic models (ListFoundationModels) and their system-defined profiles. */
export interface Offerings {
  /** Region → the Anthropic models listed there. */
  readonly models: ReadonlyMap<string, readonly AnthropicModelListing[]>;
  /** Region → the ids of the Anthropic system-defined inference profiles listed there. */
  readonly profiles: ReadonlyMap<string, readonly string[]>;
}

export interface RefreshResult {
  /** The lock to write (without its version). */
  readonly lock: Omit<CatalogLock, "version">;
  /** Every configured geography profile per source region, found or not. */
  readonly profiles: readonly RefreshedProfile[];
  /** Configured model ids AWS lists in none of the config's Regions. */
  readonly unknownModels: readonly string[];
}

const isAnthropicProfile = (id: string) => /^[a-z]+\.anthropic\./.test(id);

/** The Regions the config's accounts call from: where the catalog is asked. */
export const configRegions = (config: AccessConfig): string[] => [...new Set(config.accounts.flatMap((a) => a.regions))].sort();

/** Lists, Region by Region, the Anthropic models and system-defined profiles AWS offers (read-only, list calls only). */
export async function listOfferings(
  regions: readonly string[],
  aws: CatalogAws,
  onProgress: (line: string) => void = () => undefined,
): Promise<Offerings> {
  const limit = pLimit(4);
  const listed = await Promise.all(
    regions.map((region) =>
      limit(async () => {
        const [models, profiles] = await Promise.all([aws.listAnthropicModels(region), aws.listSystemProfiles(region)]);
        const anthropic = profiles.filter(isAnthropicProfile).sort();
        onProgress(`${region}: ${models.length} Anthropic models, ${anthropic.length} of their system-defined inference profiles`);
        return { region, models, profiles: anthropic };
      }),
    ),
  );
  return {
    models: new Map(listed.map((l) => [l.region, l.models])),
    profiles: new Map(listed.map((l) => [l.region, l.profiles])),
  };
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
  return { lock, profiles, unknownModels };
}

/** Every (source region, geography profile id) the config's accounts call, with the built-in destinations. */
function configuredProfiles(config: AccessConfig, catalog: ModelCatalog): { region: string; profileId: string; builtIn: readonly string[] }[] {
  const out = new Map<string, { region: string; profileId: string; builtIn: readonly string[] }>();
  for (const account of config.accounts) {
    for (const region of account.regions) {
      for (const m of config.models.filter((model) => account.models?.includes(model.id) ?? true)) {
        const model = catalog.find(m.id);
        const builtInModel = ModelCatalog.builtIn.find(m.id);
        for (const geography of GEOGRAPHIES) {
          if (!model || !m.profiles.includes(geography)) continue;
          // A built-in profile AWS no longer lists is missing; a lock-only one exists where AWS listed it.
          const callable = builtInModel ? isSourceRegion(builtInModel, geography, region) : isSourceRegion(model, geography, region);
          if (!callable) continue;
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

/** An offering the config does not use: a model, and the profiles of it AWS lists in the config's Regions. */
export interface UnusedOffering {
  readonly modelId: string;
  readonly name: string;
  /** `us.` … profile ids with the config's Regions AWS lists each in. */
  readonly profiles: readonly { readonly profileId: string; readonly regions: readonly string[] }[];
  /** True when no configured model is this one. */
  readonly modelUnused: boolean;
}

/**
 * The Anthropic models and profiles AWS offers in the config's Regions that the config does not use: information for a
 * reviewer choosing what to enable next (a model AWS launched, a geography it added).
 */
export function unusedOfferings(config: AccessConfig, offerings: Offerings): UnusedOffering[] {
  const used = new Set<string>();
  for (const account of config.accounts) {
    for (const m of config.models.filter((model) => account.models?.includes(model.id) ?? true)) {
      const geographies = GEOGRAPHIES.filter((g) => m.profiles.includes(g));
      for (const region of account.regions) for (const g of geographies) used.add(`${region}|${profileId(m.id, g)}`);
    }
  }
  const configured = new Set(config.models.map((m) => m.id));
  const byModel = new Map<string, { name: string; profiles: Map<string, string[]> }>();
  for (const models of offerings.models.values()) {
    for (const m of models) if (!byModel.has(m.modelId)) byModel.set(m.modelId, { name: m.modelName, profiles: new Map() });
  }
  for (const [region, ids] of offerings.profiles) {
    for (const id of ids) {
      if (used.has(`${region}|${id}`)) continue;
      const modelId = parseProfileId(id)?.modelId ?? id.slice(id.indexOf(".") + 1);
      const entry = byModel.get(modelId) ?? { name: modelId, profiles: new Map<string, string[]>() };
      byModel.set(modelId, entry);
      entry.profiles.set(id, [...(entry.profiles.get(id) ?? []), region]);
    }
  }
  return [...byModel]
    .map(([modelId, { name, profiles }]) => ({
      modelId,
      name,
      profiles: [...profiles].map(([id, regions]) => ({ profileId: id, regions: regions.sort() })).sort((a, b) => a.profileId.localeCompare(b.profileId)),
      modelUnused: !configured.has(modelId),
    }))
    .filter((o) => o.modelUnused || o.profiles.length > 0)
    .sort((a, b) => a.modelId.localeCompare(b.modelId));
}
