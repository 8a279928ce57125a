import pLimit from "p-limit";
import type { AccessConfig } from "../config/schema";
import { findModel, isSourceRegion, profileId } from "../domain/catalog/catalog";
import { lockedModelArns, regionsOfModelArns, type CatalogLock } from "../domain/catalog/lock";
import { GEOGRAPHIES } from "../domain/catalog/models";
import type { CatalogAws } from "./aws";

/** One profile of the config, in one source region, as AWS describes it now and as the previous lock did. */
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

/** Every (source region, profile id) the config's accounts may call: the profiles the lock must describe. */
export function configuredProfiles(config: AccessConfig): { region: string; profileId: string; builtIn: readonly string[] }[] {
  const out = new Map<string, { region: string; profileId: string; builtIn: readonly string[] }>();
  for (const account of config.accounts) {
    for (const region of account.regions) {
      for (const m of config.models.filter((model) => account.models?.includes(model.id) ?? true)) {
        const model = findModel(m.id);
        for (const geography of GEOGRAPHIES) {
          if (!model || !m.profiles.includes(geography) || !isSourceRegion(model, geography, region)) continue;
          const id = profileId(m.id, geography);
          const routing = model.profiles[geography]?.destinationsBySource;
          out.set(`${region}|${id}`, { region, profileId: id, builtIn: routing === "all-commercial" ? [] : (routing?.[region] ?? []) });
        }
      }
    }
  }
  return [...out.values()].sort((a, b) => a.region.localeCompare(b.region) || a.profileId.localeCompare(b.profileId));
}

/**
 * Asks AWS, region by region, which system-defined profiles exist and where each configured one routes.
 * Read-only; the caller writes the lock only when every configured profile exists.
 */
export async function refreshCatalog(
  config: AccessConfig,
  previous: CatalogLock | undefined,
  aws: CatalogAws,
  onProgress: (line: string) => void = () => undefined,
): Promise<RefreshedProfile[]> {
  const wanted = configuredProfiles(config);
  const regions = [...new Set(wanted.map((w) => w.region))];
  const limit = pLimit(4);
  const listed = new Map(
    await Promise.all(
      regions.map((region) =>
        limit(async () => {
          const ids = await aws.listSystemProfiles(region);
          onProgress(`${region}: ${ids.length} system-defined inference profiles`);
          return [region, new Set(ids)] as const;
        }),
      ),
    ),
  );
  return Promise.all(
    wanted.map((w) =>
      limit(async (): Promise<RefreshedProfile> => {
        const exists = listed.get(w.region)?.has(w.profileId) ?? false;
        const modelArns = exists ? [...(await aws.getProfileModels(w.region, w.profileId))].sort() : [];
        const before = lockedModelArns(previous, w.region, w.profileId);
        const was = before ? regionsOfModelArns(before) : w.builtIn;
        const now = regionsOfModelArns(modelArns);
        return {
          ...w,
          modelArns,
          exists,
          added: now.filter((r) => !was.includes(r)),
          removed: exists ? was.filter((r) => !now.includes(r)) : [],
        };
      }),
    ),
  );
}

/** The lock's content from a refresh: source region → profile id → model ARNs. */
export function lockRegions(profiles: readonly RefreshedProfile[]): Record<string, Record<string, readonly string[]>> {
  const regions: Record<string, Record<string, readonly string[]>> = {};
  for (const p of profiles.filter((profile) => profile.exists)) (regions[p.region] ??= {})[p.profileId] = p.modelArns;
  return regions;
}
