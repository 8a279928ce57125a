import { foundationModelArn, inferenceProfileArn } from "../arn";
import { GEOGRAPHY_ROUTING, type Geography } from "./regions";

/** How a model is reached: through a geography's inference profile, or directly in the source region. */
export type ProfileKind = Geography | "in-region";
export const PROFILE_KINDS = ["us", "eu", "apac", "global", "in-region"] as const satisfies readonly ProfileKind[];

/** One model made callable from one account and source region, with every ARN IAM needs for it. */
export interface ResolvedProfile {
  readonly modelId: string;
  readonly kind: ProfileKind;
  readonly accountId: string;
  readonly sourceRegion: string;
  /** What callers pass as `modelId` to Converse/InvokeModel: the profile id, or the model id in-region. */
  readonly invocationId: string;
  /** The system-defined inference profile's ARN; undefined for in-region invocation. */
  readonly inferenceProfileArn?: string;
  /** Regions the request may be served in (the source region alone for in-region invocation). */
  readonly destinationRegions: readonly string[];
  /** Foundation-model ARNs IAM must allow: one per destination region, plus the region-less one for global. */
  readonly foundationModelArns: readonly string[];
}

export function profileId(modelId: string, geography: Geography): string {
  return `${geography}.${modelId}`;
}

/** Whether `kind` can be used from `sourceRegion` (in-region always can, where Bedrock exists). */
export function isSourceRegion(kind: ProfileKind, sourceRegion: string): boolean {
  return kind === "in-region" || GEOGRAPHY_ROUTING[kind].sourceRegions.includes(sourceRegion);
}

/**
 * Resolves (model, kind, source region) into ids and ARNs, or undefined when the kind's geography
 * does not include the source region (a `eu.` profile cannot be called from us-east-1).
 */
export function resolveProfile(modelId: string, kind: ProfileKind, sourceRegion: string, accountId: string): ResolvedProfile | undefined {
  if (!isSourceRegion(kind, sourceRegion)) return undefined;
  if (kind === "in-region") {
    return {
      modelId,
      kind,
      accountId,
      sourceRegion,
      invocationId: modelId,
      destinationRegions: [sourceRegion],
      foundationModelArns: [foundationModelArn(modelId, sourceRegion)],
    };
  }
  const id = profileId(modelId, kind);
  const destinations = GEOGRAPHY_ROUTING[kind].destinations;
  const destinationRegions = destinations === "source-and-regionless" ? [sourceRegion] : [...destinations];
  const foundationModelArns = destinationRegions.map((region) => foundationModelArn(modelId, region));
  if (destinations === "source-and-regionless") foundationModelArns.push(foundationModelArn(modelId, ""));
  return {
    modelId,
    kind,
    accountId,
    sourceRegion,
    invocationId: id,
    inferenceProfileArn: inferenceProfileArn(id, sourceRegion, accountId),
    destinationRegions,
    foundationModelArns,
  };
}
