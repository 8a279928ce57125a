import { foundationModelArn, inferenceProfileArn } from "./arn";
import {
  GEOGRAPHY,
  MODELS,
  profileDestinations,
  profileGeographies,
  profileSourceRegions,
  type Geography,
  type ModelEntry,
} from "./catalog";

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

const profileIdOf = (geography: Geography, model: ModelEntry): string => `${geography}.${model.modelId}`;

/** "a, b and c", the way AWS's profile descriptions list Regions. */
function listRegions(regions: readonly string[]): string {
  return regions.length < 2 ? regions.join("") : `${regions.slice(0, -1).join(", ")} and ${regions[regions.length - 1]}`;
}

/**
 * The profile as called from `sourceRegion`, or undefined when the model has no such profile or it cannot be
 * called from there. `extraDestinations` (fault injection) are Regions AWS added after the data file was written.
 */
export function systemProfile(
  model: ModelEntry,
  geography: Geography,
  sourceRegion: string,
  account: string,
  extraDestinations: readonly string[] = [],
): SystemProfile | undefined {
  if (!profileSourceRegions(model, geography).includes(sourceRegion)) return undefined;
  const id = profileIdOf(geography, model);
  const label = GEOGRAPHY[geography].label;
  const regional = (regions: readonly string[]) =>
    regions.map((region) => ({ region, foundationModelArn: foundationModelArn(region, model.modelId) }));
  const withExtras = (regions: readonly string[]) => [...regions, ...extraDestinations.filter((r) => !regions.includes(r))];

  if (geography === "global") {
    // Any commercial Region: IAM sees the source Region's ARN and the region-less one.
    const destinations = [
      ...regional(withExtras([sourceRegion])),
      { region: "", foundationModelArn: foundationModelArn("", model.modelId) },
    ];
    return {
      id,
      arn: inferenceProfileArn(sourceRegion, account, id),
      name: `${label} ${model.providerName} ${model.modelName}`,
      description: `Routes requests to ${model.providerName} ${model.modelName} in commercial AWS Regions.`,
      model,
      geography,
      sourceRegion,
      destinations,
      listedModelArns: withExtras(profileSourceRegions(model, geography)).map((region) => foundationModelArn(region, model.modelId)),
    };
  }

  const listed = withExtras(profileDestinations(model, geography, sourceRegion) ?? []);
  return {
    id,
    arn: inferenceProfileArn(sourceRegion, account, id),
    name: `${label} ${model.providerName} ${model.modelName}`,
    description: `Routes requests to ${model.providerName} ${model.modelName} in ${listRegions(listed)}.`,
    model,
    geography,
    sourceRegion,
    destinations: regional(listed),
    listedModelArns: listed.map((region) => foundationModelArn(region, model.modelId)),
  };
}

/** Every system-defined profile callable from `sourceRegion`, in catalog order. */
export function profilesFrom(
  sourceRegion: string,
  account: string,
  extraDestinations: (profileId: string) => readonly string[] = () => [],
): SystemProfile[] {
  return MODELS.flatMap((model) =>
    profileGeographies(model).flatMap((g) => {
      const p = systemProfile(model, g, sourceRegion, account, extraDestinations(profileIdOf(g, model)));
      return p ? [p] : [];
    }),
  );
}
