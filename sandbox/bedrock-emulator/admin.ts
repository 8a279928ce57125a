import { CATALOG_AS_OF, CATALOG_SOURCES, GEOGRAPHY, launchModel, MODELS, modelRegions } from "./catalog";
import type { EmulatorDeps } from "./deps";
import { parseFaultPatch } from "./faults";
import { MANTLE_AS_OF, MANTLE_MODELS, MANTLE_NOTES, MANTLE_SOURCES } from "./mantle-catalog";
import { parseJsonObject, readBody, send } from "./protocol/http";
import type { EmulatorRequest, EmulatorResponse } from "./protocol/listener";
import { parseSettingsPatch } from "./settings";
import { dumpState } from "./state/dump";

/** Outside every AWS REST path, so it cannot shadow an operation. */
export const ADMIN_PREFIX = "/__emulator/";

export interface AdminHooks {
  /** Clears state and caches and restores the start-up faults and seed. */
  reset(): void;
}

function catalogJson() {
  return {
    asOf: CATALOG_AS_OF,
    models: MODELS.map((m) => ({
      modelId: m.modelId,
      modelName: m.modelName,
      anthropicModel: m.anthropicModel,
      productId: m.productId,
      lifecycle: m.lifecycle,
      profiles: m.profiles,
      onDemandRegions: m.onDemandRegions,
      regions: modelRegions(m),
      sources: m.sources,
      notes: m.notes,
    })),
    geographies: GEOGRAPHY,
    sources: CATALOG_SOURCES,
    mantle: { asOf: MANTLE_AS_OF, models: MANTLE_MODELS, notes: MANTLE_NOTES, sources: MANTLE_SOURCES },
  };
}

function parseSeed(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seed = Number(value);
  if (!Number.isInteger(seed)) throw new Error(`seed: expected an integer, got ${value}`);
  return seed;
}

/**
 * The admin endpoint (never subject to faults):
 *   GET  /__emulator/health   {ok: true}
 *   GET  /__emulator/state    StateDump
 *   GET  /__emulator/catalog  models (with Marketplace product ids, profiles, lifecycle, sources), geographies, and
 *                             `mantle`: bedrock-mantle's models (product ids, In-Region Regions, sources)
 *   GET  /__emulator/faults   {faults, seed}
 *   POST /__emulator/faults   merge a partial FaultConfig; PUT replaces it (over the defaults); ?seed=N reseeds
 *   GET  /__emulator/settings {settings}; POST merges a partial EmulatorSettings (`settings.ts`)
 *   POST /__emulator/models   serve one more model (a claude-models.json entry), as AWS does when it launches one
 *   POST /__emulator/reset    forget forms, agreements, calls, caches and launched models; restore start-up faults, seed
 *                             and settings
 *   POST /__emulator/iam-changed  IAM was written: forget cached identity policies (with cacheIdentityPolicies)
 */
export async function handleAdmin(
  req: EmulatorRequest,
  res: EmulatorResponse,
  url: URL,
  deps: EmulatorDeps,
  hooks: AdminHooks,
): Promise<void> {
  const route = `${req.method} ${url.pathname.slice(ADMIN_PREFIX.length)}`;
  try {
    const body = await readBody(req);
    switch (route) {
      case "GET health":
        return send(res, { status: 200, json: { ok: true } });
      case "GET state":
        return send(res, {
          status: 200,
          json: dumpState(deps.state, deps.now(), deps.faults.config, deps.faults.currentSeed, deps.settings.values),
        });
      case "GET catalog":
        return send(res, { status: 200, json: catalogJson() });
      case "GET faults":
        return send(res, { status: 200, json: { faults: deps.faults.config, seed: deps.faults.currentSeed } });
      case "POST faults":
      case "PUT faults": {
        const patch = parseFaultPatch(parseJsonObject(body));
        deps.faults.update(patch, req.method === "PUT" ? "replace" : "merge", parseSeed(url.searchParams.get("seed")));
        deps.logger.info(`faults now ${JSON.stringify(deps.faults.config)}`);
        return send(res, { status: 200, json: { faults: deps.faults.config, seed: deps.faults.currentSeed } });
      }
      case "GET settings":
        return send(res, { status: 200, json: { settings: deps.settings.values } });
      case "POST settings":
        deps.settings.update(parseSettingsPatch(parseJsonObject(body)));
        deps.logger.info(`settings now ${JSON.stringify(deps.settings.values)}`);
        return send(res, { status: 200, json: { settings: deps.settings.values } });
      case "POST models": {
        const model = launchModel(parseJsonObject(body));
        deps.logger.info(`now serving ${model.modelId} (${model.modelName})`);
        return send(res, { status: 201, json: { modelId: model.modelId } });
      }
      case "POST reset":
        hooks.reset();
        return send(res, { status: 200, json: { reset: true } });
      case "POST iam-changed":
        deps.directory.iamChanged();
        return send(res, { status: 200, json: { iamChanged: true } });
      default:
        return send(res, { status: 404, json: { message: `No admin route ${route}` } });
    }
  } catch (err) {
    send(res, { status: 400, json: { message: err instanceof Error ? err.message : String(err) } });
  }
}
