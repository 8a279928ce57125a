import { foundationModelArn, inferenceProfileArn, mantleProjectArn } from "../arn";
import { lockedModelArns, regionsOfModelArns, type CatalogLock } from "./lock";
import { CLAUDE_MODELS, GEOGRAPHIES, type ClaudeModel, type Geography } from "./models";

/**
 * How a model is reached: through a geography's inference profile or directly in the source region (both on
 * bedrock-runtime, Converse/InvokeModel), or through the Anthropic Messages API on bedrock-mantle (`messages`).
 */
export type ProfileKind = Geography | "in-region" | "messages";
export const PROFILE_KINDS = [...GEOGRAPHIES, "in-region", "messages"] as const satisfies readonly ProfileKind[];

/** The endpoint a kind is called on. */
export type Endpoint = "bedrock-runtime" | "bedrock-mantle";
export const endpointOf = (kind: ProfileKind): Endpoint => (kind === "messages" ? "bedrock-mantle" : "bedrock-runtime");

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

export function findModel(modelId: string): ClaudeModel | undefined {
  return CLAUDE_MODELS.find((model) => model.id === modelId);
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

/**
 * Resolves (model, kind, source region) into ids and ARNs, or undefined when the model is unknown, does not
 * offer the kind, or the kind cannot be called from the source region (an `eu.` profile from us-east-1).
 * Destinations come from `lock` when it records the profile in that region, else from the built-in tables.
 */
export function resolveProfile(
  modelId: string,
  kind: ProfileKind,
  sourceRegion: string,
  accountId: string,
  lock?: CatalogLock,
): ResolvedProfile | undefined {
  const model = findModel(modelId);
  if (!model || !isSourceRegion(model, kind, sourceRegion)) return undefined;
  if (kind === "in-region") {
    return {
      modelId,
      kind,
      accountId,
      sourceRegion,
      invocationId: modelId,
      destinationRegions: [sourceRegion],
      foundationModelArns: [foundationModelArn(modelId, sourceRegion)],
      destinationsFrom: "built-in",
    };
  }
  if (kind === "messages") {
    return {
      modelId,
      kind,
      accountId,
      sourceRegion,
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
  const locked = lockedModelArns(lock, sourceRegion, id);
  const builtIn = global ? [sourceRegion] : [...(routing?.[sourceRegion] ?? [])].sort();
  const destinationRegions = locked ? regionsOfModelArns(locked) : builtIn;
  const regionless = global ? [foundationModelArn(modelId, "")] : [];
  const foundationModelArns = [...new Set([...destinationRegions.map((region) => foundationModelArn(modelId, region)), ...regionless])];
  return {
    modelId,
    kind,
    accountId,
    sourceRegion,
    invocationId: id,
    inferenceProfileArn: inferenceProfileArn(id, sourceRegion, accountId),
    destinationRegions,
    foundationModelArns,
    destinationsFrom: locked ? "lock" : "built-in",
  };
}
