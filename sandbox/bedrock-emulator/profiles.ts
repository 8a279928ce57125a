import { foundationModelArn, inferenceProfileArn } from "./arn";
import { GEOGRAPHY, MODELS, type Geography, type ModelEntry } from "./catalog";

/** Where a request through a profile may be served: a region and the foundation-model ARN IAM checks there. */
export interface Destination {
  /** Empty for the region-less ARN of global profiles. */
  readonly region: string;
  readonly foundationModelArn: string;
}

/** A system-defined inference profile as seen from one source region of one account. */
export interface SystemProfile {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly description: string;
  readonly model: ModelEntry;
  readonly geography: Geography;
  readonly sourceRegion: string;
  /** What a request may be routed to, so what IAM must allow. */
  readonly destinations: readonly Destination[];
  /** Regional foundation-model ARNs listed by GetInferenceProfile (`models[].modelArn`). */
  readonly listedModelArns: readonly string[];
}

/** Fixed timestamps: system-defined profiles predate any emulator run. */
export const PROFILE_CREATED_AT = new Date("2026-02-01T00:00:00Z");

export function systemProfile(model: ModelEntry, geography: Geography, sourceRegion: string, account: string): SystemProfile | undefined {
  const geo = GEOGRAPHY[geography];
  if (!model.profiles.includes(geography) || !geo.sourceRegions.includes(sourceRegion)) return undefined;
  const id = `${geography}.${model.modelId}`;
  const destinations: Destination[] = geo.destinationRegions
    ? geo.destinationRegions.map((region) => ({ region, foundationModelArn: foundationModelArn(region, model.modelId) }))
    : [
        { region: sourceRegion, foundationModelArn: foundationModelArn(sourceRegion, model.modelId) },
        { region: "", foundationModelArn: foundationModelArn("", model.modelId) },
      ];
  const listedRegions = geo.destinationRegions ?? geo.sourceRegions;
  return {
    id,
    arn: inferenceProfileArn(sourceRegion, account, id),
    name: `${geo.label} ${model.providerName} ${model.modelName}`,
    description: `Routes requests to ${model.providerName} ${model.modelName} in ${geography === "global" ? "commercial AWS Regions" : listedRegions.join(", ")}.`,
    model,
    geography,
    sourceRegion,
    destinations,
    listedModelArns: listedRegions.map((region) => foundationModelArn(region, model.modelId)),
  };
}

/** Every system-defined profile callable from `sourceRegion`, in catalog order. */
export function profilesFrom(sourceRegion: string, account: string): SystemProfile[] {
  return MODELS.flatMap((model) =>
    model.profiles.flatMap((g) => {
      const p = systemProfile(model, g, sourceRegion, account);
      return p ? [p] : [];
    }),
  );
}
