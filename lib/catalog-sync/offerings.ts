import pLimit from "p-limit";
import { accountModels } from "../config/account-profiles";
import type { AccessConfig } from "../config/schema";
import { parseProfileId, profileId } from "../domain/catalog/catalog";
import { GEOGRAPHIES } from "../domain/catalog/models";
import type { AnthropicModelListing, CatalogAws } from "./aws";

/** What AWS offers in the config's Regions: Anthropic models (ListFoundationModels) and their system-defined profiles. */
export interface Offerings {
  /** Region → the Anthropic models listed there. */
  readonly models: ReadonlyMap<string, readonly AnthropicModelListing[]>;
  /** Region → the ids of the Anthropic system-defined inference profiles listed there. */
  readonly profiles: ReadonlyMap<string, readonly string[]>;
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
    for (const m of accountModels(config, account)) {
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
      profiles: [...profiles]
        .map(([id, regions]) => ({ profileId: id, regions: regions.sort() }))
        .sort((a, b) => a.profileId.localeCompare(b.profileId)),
      modelUnused: !configured.has(modelId),
    }))
    .filter((o) => o.modelUnused || o.profiles.length > 0)
    .sort((a, b) => a.modelId.localeCompare(b.modelId));
}

/** One line per unused offering, for a log: "anthropic.claude-opus-5-5 (Claude Opus 5.5): not configured; us. in us-east-1, …". */
export function unusedOfferingLines(unused: readonly UnusedOffering[]): string[] {
  return unused.map((o) => {
    const profiles = o.profiles.map((p) => `${p.profileId.slice(0, p.profileId.indexOf(".") + 1)} in ${p.regions.join(", ")}`);
    const what = o.modelUnused ? "not configured" : "configured, but not these profiles";
    return `${o.modelId} (${o.name}): ${what}${profiles.length > 0 ? `; ${profiles.join("; ")}` : ""}`;
  });
}
