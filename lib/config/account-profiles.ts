import type { AccessConfig, ModelConfig, RuntimeAccount } from "./schema";
import type { ResolvedProfile } from "../domain/catalog/catalog";

/** The models an account enables: its `models` subset, or all configured models. */
export function accountModels(config: AccessConfig, account: RuntimeAccount): readonly ModelConfig[] {
  return config.models.filter((model) => account.models?.includes(model.id) ?? true);
}

/**
 * Every (region, model, profile kind) the account enables, in config order. Kinds whose geography does not
 * cover a region are skipped for that region (the schema guarantees each model resolves somewhere).
 */
export function resolveAccountProfiles(config: AccessConfig, account: RuntimeAccount): ResolvedProfile[] {
  const out: ResolvedProfile[] = [];
  for (const region of account.regions) {
    for (const model of accountModels(config, account)) {
      for (const kind of model.profiles) {
        const profile = config.catalog.resolve(model.id, kind, region, account.id);
        if (profile) out.push(profile);
      }
    }
  }
  return out;
}
