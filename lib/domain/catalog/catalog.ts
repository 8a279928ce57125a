import { foundationModelArn, inferenceProfileArn, mantleProjectArn } from "../arn";
import { lockedModelArns, regionsOfModelArns, type CatalogLock, type LockedModel } from "./lock";
import {
  CATALOG_CHECKED_ON,
  CLAUDE_MODELS,
  GEOGRAPHIES,
  type ClaudeModel,
  type Geography,
  type Lifecycle,
  type ProfileRouting,
} from "./models";

/**
 * How a model is reached: through a geography's inference profile or directly in the source region (both on
 * bedrock-runtime, Converse/InvokeModel), or through the Anthropic Messages API on bedrock-mantle (`messages`).
 * What follows from the kind (endpoint, protocol, routing, label) is `accessOf` (profile-access.ts).
 */
export type ProfileKind = Geography | "in-region" | "messages";
export const PROFILE_KINDS = [...GEOGRAPHIES, "in-region", "messages"] as const satisfies readonly ProfileKind[];

/**
 * The project a Messages API call runs in when it names none: "Each AWS account has a default project" (Bedrock User
 * Guide, Projects), and project ids match `(proj_[a-zA-Z0-9]+|default)` (API reference). The ARN built from it is an
 * inference from those pages (docs/models.md §4).
 */
export const DEFAULT_MANTLE_PROJECT = "default";

/** One model made callable from one account and source region, with every ARN IAM needs for it. */
export interface ResolvedProfile {
  readonly modelId: string;
  readonly kind: ProfileKind;
  readonly accountId: string;
  readonly sourceRegion: string;
  /** What callers pass as `modelId` to Converse/InvokeModel: the profile id, or the model id in-region. */
  readonly invocationId: string;
  /** The system-defined inference profile's ARN; undefined for in-region invocation and the Messages API. */
  readonly inferenceProfileArn?: string;
  /**
   * Messages API only: the bedrock-mantle project `bedrock-mantle:CreateInference` is granted on, the account's default
   * project in the source region (what a request that names no project runs in, and what the proof exercises).
   * bedrock-mantle has no model resource type, so the model is not part of any ARN.
   */
  readonly mantleProjectArn?: string;
  /** Regions the request may be served in (the source region alone for in-region invocation and global profiles). */
  readonly destinationRegions: readonly string[];
  /** Foundation-model ARNs IAM must allow: one per destination region, plus the region-less one for global; none for the Messages API. */
  readonly foundationModelArns: readonly string[];
  /** Where the destinations come from: the lock file (what AWS said) or the built-in tables. */
  readonly destinationsFrom: "lock" | "built-in";
}

/** A model as the config sees it: the built-in entry with what the lock adds, or one only the lock has. */
export interface CatalogModel extends ClaudeModel {
  /** "lock": AWS listed it at the last `catalog refresh` and the built-in tables do not have it. */
  readonly origin: "built-in" | "lock";
  /**
   * Where `lifecycle` comes from: the lock (ListFoundationModels at the last refresh) for a model only the lock has, or
   * when the refresh was on or after the day the tables were checked (CATALOG_CHECKED_ON); else the built-in entry.
   */
  readonly lifecycleFrom: "built-in" | "lock";
}

export function profileId(modelId: string, geography: Geography): string {
  return `${geography}.${modelId}`;
}

/** The ways a model can be reached: its existing profiles' geographies, and in-region where it has on-demand regions. */
export function offeredKinds(model: ClaudeModel): ProfileKind[] {
  return PROFILE_KINDS.filter((kind) => sourceRegionsOf(model, kind).length > 0);
}

/** Regions `kind` of `model` can be called from (none when the model does not offer it). */
export function sourceRegionsOf(model: ClaudeModel, kind: ProfileKind): readonly string[] {
  if (kind === "in-region") return model.inRegion;
  if (kind === "messages") return model.messages?.regions ?? [];
  return model.profiles[kind]?.sourceRegions ?? [];
}

export function isSourceRegion(model: ClaudeModel, kind: ProfileKind, sourceRegion: string): boolean {
  return sourceRegionsOf(model, kind).includes(sourceRegion);
}

export type LifecycleState = "active" | "legacy" | "end-of-life";

/** Where a model stands on `today` (YYYY-MM-DD): past its end-of-life date it is gone, whatever its status says. */
export function lifecycleState(lifecycle: Lifecycle, today: string): LifecycleState {
  if (lifecycle.status === "active") return "active";
  if (lifecycle.endOfLife !== undefined && lifecycle.endOfLife <= today) return "end-of-life";
  return lifecycle.legacySince === undefined || lifecycle.legacySince <= today ? "legacy" : "active";
}

/** Base model id and geography of a system-defined profile id (`us.anthropic.claude-…`); undefined for other ids. */
export function parseProfileId(id: string): { readonly modelId: string; readonly geography: Geography } | undefined {
  const dot = id.indexOf(".");
  const geography = GEOGRAPHIES.find((g) => g === id.slice(0, dot));
  return geography ? { modelId: id.slice(dot + 1), geography } : undefined;
}

/**
 * The models a config may name: the built-in tables (models.ts), with what the catalog lock (what AWS said at the
 * last `catalog refresh`) adds: models and profiles the tables lack, on-demand Regions, newer lifecycle, destinations.
 */
export class ModelCatalog {
  static readonly builtIn = new ModelCatalog(
    CLAUDE_MODELS.map((model): CatalogModel => ({ ...model, origin: "built-in", lifecycleFrom: "built-in" })),
    undefined,
  );

  /** The built-in tables, with the lock's additions when there is a lock. */
  static of(lock: CatalogLock | undefined): ModelCatalog {
    if (!lock) return ModelCatalog.builtIn;
    // A refresh on the day the tables were checked is as fresh as they are: AWS's answer wins.
    const lockLifecycleWins = (lock.refreshedAt ?? "") >= CATALOG_CHECKED_ON;
    const builtIn = CLAUDE_MODELS.map((model): CatalogModel => {
      const locked = lock.models[model.id];
      const fromLockToo = locked !== undefined && lockLifecycleWins;
      return {
        ...withLock(model, lock),
        origin: "built-in",
        ...(fromLockToo ? { lifecycle: lockedLifecycle(locked), lifecycleFrom: "lock" } : { lifecycleFrom: "built-in" }),
      };
    });
    const known = new Set(CLAUDE_MODELS.map((model) => model.id));
    const added = Object.entries(lock.models)
      .filter(([id]) => !known.has(id))
      .map(([id, locked]): CatalogModel => ({ ...withLock(fromLock(id, locked), lock), origin: "lock", lifecycleFrom: "lock" }))
      .filter((model) => offeredKinds(model).length > 0);
    return new ModelCatalog([...builtIn, ...added], lock);
  }

  private constructor(
    readonly models: readonly CatalogModel[],
    readonly lock: CatalogLock | undefined,
  ) {}

  find(modelId: string): CatalogModel | undefined {
    return this.models.find((model) => model.id === modelId);
  }

  /**
   * Resolves (model, kind, source region) into ids and ARNs, or undefined when the model is unknown, does not
   * offer the kind, or the kind cannot be called from the source region (an `eu.` profile from us-east-1).
   * Destinations come from the lock when it records the profile in that region, else from the built-in tables.
   */
  resolve(modelId: string, kind: ProfileKind, sourceRegion: string, accountId: string): ResolvedProfile | undefined {
    const model = this.find(modelId);
    if (!model || !isSourceRegion(model, kind, sourceRegion)) return undefined;
    const base = { modelId, kind, accountId, sourceRegion };
    if (kind === "in-region") {
      return {
        ...base,
        invocationId: modelId,
        destinationRegions: [sourceRegion],
        foundationModelArns: [foundationModelArn(modelId, sourceRegion)],
        destinationsFrom: model.origin,
      };
    }
    if (kind === "messages") {
      return {
        ...base,
        invocationId: model.messages?.id ?? modelId,
        mantleProjectArn: mantleProjectArn(sourceRegion, accountId, DEFAULT_MANTLE_PROJECT),
        destinationRegions: [sourceRegion],
        foundationModelArns: [],
        destinationsFrom: "built-in",
      };
    }
    const id = profileId(modelId, kind);
    const routing = model.profiles[kind]?.destinationsBySource;
    const global = routing === "all-commercial";
    const locked = lockedModelArns(this.lock, sourceRegion, id);
    const builtIn = global ? [sourceRegion] : [...(routing?.[sourceRegion] ?? [])].sort();
    const destinationRegions = locked ? regionsOfModelArns(locked) : builtIn;
    const regionless = global ? [foundationModelArn(modelId, "")] : [];
    const foundationModelArns = [...new Set([...destinationRegions.map((region) => foundationModelArn(modelId, region)), ...regionless])];
    return {
      ...base,
      invocationId: id,
      inferenceProfileArn: inferenceProfileArn(id, sourceRegion, accountId),
      destinationRegions,
      foundationModelArns,
      destinationsFrom: locked ? "lock" : "built-in",
    };
  }
}

/** A model only the lock knows: its profiles, on-demand Regions and lifecycle are what AWS listed in the configured Regions. */
function fromLock(id: string, locked: LockedModel): ClaudeModel {
  return {
    id,
    name: locked.name,
    lifecycle: lockedLifecycle(locked),
    profiles: {},
    inRegion: [],
    sources: ["the catalog lock (bedrock-access catalog refresh: ListFoundationModels, ListInferenceProfiles, GetInferenceProfile)"],
  };
}

/** `model` with the lock's profiles and on-demand Regions added. */
function withLock(model: ClaudeModel, lock: CatalogLock): ClaudeModel {
  const profiles: Partial<Record<Geography, ProfileRouting>> = { ...model.profiles };
  for (const geography of GEOGRAPHIES) {
    const id = profileId(model.id, geography);
    const table: Record<string, readonly string[]> = {};
    for (const [region, listed] of Object.entries(lock.regions)) {
      const arns = listed[id];
      if (arns && !isSourceRegion(model, geography, region)) table[region] = regionsOfModelArns(arns);
    }
    const sources = Object.keys(table);
    if (sources.length === 0) continue;
    const builtIn = model.profiles[geography];
    const sourceRegions = [...(builtIn?.sourceRegions ?? []), ...sources];
    const destinations = builtIn?.destinationsBySource ?? (geography === "global" ? "all-commercial" : {});
    profiles[geography] = {
      sourceRegions,
      destinationsBySource: destinations === "all-commercial" ? destinations : { ...destinations, ...table },
    };
  }
  const locked = lock.models[model.id];
  const onDemand = Object.entries(locked?.regions ?? {})
    .filter(([region, r]) => r.inferenceTypes.includes("ON_DEMAND") && !model.inRegion.includes(region))
    .map(([region]) => region);
  return { ...model, profiles, inRegion: [...model.inRegion, ...onDemand] };
}

/** The lock's lifecycle across Regions: Legacy where any Region says so, with the earliest dates AWS gave. */
function lockedLifecycle(locked: LockedModel): Lifecycle {
  const legacy = Object.values(locked.regions)
    .map((r) => r.lifecycle)
    .filter((l) => l.status === "LEGACY");
  if (legacy.length === 0) return { status: "active" };
  const earliest = (dates: (string | undefined)[]) => dates.filter((d): d is string => d !== undefined).sort()[0];
  const legacySince = earliest(legacy.map((l) => l.legacy));
  const publicExtendedAccess = earliest(legacy.map((l) => l.publicExtendedAccess));
  const endOfLife = earliest(legacy.map((l) => l.endOfLife));
  return {
    status: "legacy",
    ...(legacySince && { legacySince }),
    ...(publicExtendedAccess && { publicExtendedAccess }),
    ...(endOfLife && { endOfLife }),
  };
}
