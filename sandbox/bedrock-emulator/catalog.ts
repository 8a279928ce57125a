/**
 * The emulated service's model and region tables. This is the emulator's model of AWS, kept apart
 * from the project's lib/ on purpose: a bug in the project's catalog must show up as a failure here.
 */
export const GEOGRAPHIES = ["us", "eu", "apac", "global"] as const;
export type Geography = (typeof GEOGRAPHIES)[number];

const US = ["us-east-1", "us-east-2", "us-west-1", "us-west-2"];
const EU = ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"];
const APAC = [
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-4",
];
const GLOBAL = [...US, ...EU, ...APAC, "ca-central-1", "eu-west-2", "sa-east-1"];

export interface GeographyEntry {
  readonly label: string;
  /** Regions a profile of this geography can be called from. */
  readonly sourceRegions: readonly string[];
  /** Regions a request may be served in; `undefined` for global (the source region plus the region-less ARN). */
  readonly destinationRegions?: readonly string[];
}

export const GEOGRAPHY: Readonly<Record<Geography, GeographyEntry>> = {
  us: { label: "US", sourceRegions: US, destinationRegions: US },
  eu: { label: "EU", sourceRegions: EU, destinationRegions: EU },
  apac: { label: "APAC", sourceRegions: APAC, destinationRegions: APAC },
  global: { label: "Global", sourceRegions: GLOBAL },
};

/** Every region the emulator serves Bedrock in. */
export const BEDROCK_REGIONS: readonly string[] = GLOBAL;

export interface ModelEntry {
  readonly modelId: string;
  readonly modelName: string;
  readonly providerName: string;
  /** Name in Anthropic's own API, returned as `model` by InvokeModel. */
  readonly anthropicModel: string;
  /**
   * AWS Marketplace product id of the model's offer. Emulator-assigned: AWS publishes no API that maps
   * a model to its product id, so these are stable placeholders; GET /__emulator/catalog lists them.
   */
  readonly productId: string;
  /** System-defined inference profiles that exist for the model. */
  readonly profiles: readonly Geography[];
  /** Regions where the base model can be invoked directly (on-demand); empty for profile-only models. */
  readonly onDemandRegions: readonly string[];
  readonly lifecycle: "ACTIVE" | "LEGACY";
  /** Whether the model is gated by Anthropic's use-case form. */
  readonly requiresUseCaseForm: boolean;
}

export const MODELS: readonly ModelEntry[] = [
  {
    modelId: "anthropic.claude-sonnet-4-6",
    modelName: "Claude Sonnet 4.6",
    providerName: "Anthropic",
    anthropicModel: "claude-sonnet-4-6",
    productId: "prod-emulated-claude-sonnet-4-6",
    profiles: ["us", "eu", "apac", "global"],
    onDemandRegions: [],
    lifecycle: "ACTIVE",
    requiresUseCaseForm: true,
  },
  {
    modelId: "anthropic.claude-opus-4-6-v1",
    modelName: "Claude Opus 4.6",
    providerName: "Anthropic",
    anthropicModel: "claude-opus-4-6",
    productId: "prod-emulated-claude-opus-4-6",
    profiles: ["us", "eu", "apac", "global"],
    onDemandRegions: [],
    lifecycle: "ACTIVE",
    requiresUseCaseForm: true,
  },
  {
    modelId: "anthropic.claude-sonnet-4-5-20250929-v1:0",
    modelName: "Claude Sonnet 4.5",
    providerName: "Anthropic",
    anthropicModel: "claude-sonnet-4-5-20250929",
    productId: "prod-emulated-claude-sonnet-4-5",
    profiles: ["us", "eu", "apac", "global"],
    onDemandRegions: [],
    lifecycle: "ACTIVE",
    requiresUseCaseForm: true,
  },
  {
    modelId: "anthropic.claude-3-haiku-20240307-v1:0",
    modelName: "Claude 3 Haiku",
    providerName: "Anthropic",
    anthropicModel: "claude-3-haiku-20240307",
    productId: "prod-emulated-claude-3-haiku",
    profiles: ["us", "eu", "apac"],
    onDemandRegions: ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-3", "ap-northeast-1", "ap-southeast-2"],
    lifecycle: "LEGACY",
    requiresUseCaseForm: true,
  },
];

export function findModel(modelId: string): ModelEntry | undefined {
  return MODELS.find((m) => m.modelId === modelId);
}

/** Splits `us.anthropic.claude-...` into geography and model, when both exist. */
export function parseProfileId(profileId: string): { geography: Geography; model: ModelEntry } | undefined {
  const dot = profileId.indexOf(".");
  if (dot < 0) return undefined;
  const prefix = profileId.slice(0, dot);
  const geography = GEOGRAPHIES.find((g) => g === prefix);
  const model = findModel(profileId.slice(dot + 1));
  if (!geography || !model || !model.profiles.includes(geography)) return undefined;
  return { geography, model };
}

/** Regions in which a model is served: every source region of its profiles, plus its on-demand regions. */
export function modelRegions(model: ModelEntry): readonly string[] {
  const regions = new Set<string>(model.onDemandRegions);
  for (const g of model.profiles) for (const r of GEOGRAPHY[g].sourceRegions) regions.add(r);
  return [...regions].sort();
}
