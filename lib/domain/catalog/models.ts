/**
 * The Claude models Bedrock serves, per model: which system-defined inference profiles (geographies) exist,
 * where each can be called from, where it routes, and the model's lifecycle. Data only, each entry with
 * its sources; lib/domain/catalog/catalog.ts turns it into ids and ARNs, and a lock file written by
 * `bedrock-access catalog refresh` (what AWS says today) overrides the destination regions.
 *
 * Adding a model: add an entry with its sources. Adding a geography: add its prefix to GEOGRAPHIES and
 * its routing to the models that have it.
 */

/** Prefixes of system-defined inference profile ids (`us.anthropic.…`), global last. */
export const GEOGRAPHIES = ["us", "eu", "apac", "global"] as const;
export type Geography = (typeof GEOGRAPHIES)[number];

/** Where one system-defined inference profile (one model × geography) may be called from and routes to. */
export interface ProfileRouting {
  /** Regions the profile can be called from: its ARN's region, the caller's region. */
  readonly sourceRegions: readonly string[];
  /**
   * Regions a request may be served in. `"all-commercial"` for global profiles: IAM must then allow the
   * region-less foundation-model ARN (`arn:aws:bedrock:::foundation-model/ID`) besides the source region's.
   */
  readonly destinationRegions: readonly string[] | "all-commercial";
}

export type Lifecycle =
  | { readonly status: "active" }
  /** Still callable; `endOfLife` (YYYY-MM-DD) when AWS or Anthropic states one. */
  | { readonly status: "legacy"; readonly endOfLife?: string };

export interface ClaudeModel {
  /** The base model id (`anthropic.claude-sonnet-4-6`); profiles are `<geography>.<id>`. */
  readonly id: string;
  readonly name: string;
  readonly lifecycle: Lifecycle;
  /** The system-defined inference profiles that exist for the model. */
  readonly profiles: Readonly<Partial<Record<Geography, ProfileRouting>>>;
  /** Regions where the base model id itself can be invoked (on-demand, no profile); empty when profile-only. */
  readonly inRegion: readonly string[];
  /** Public pages the entry was written from. */
  readonly sources: readonly string[];
}

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
const GLOBAL_SOURCES = [...US, ...EU, ...APAC, "ca-central-1", "eu-west-2", "sa-east-1"];
const SAME = (regions: readonly string[]): ProfileRouting => ({ sourceRegions: regions, destinationRegions: regions });

/** PROVISIONAL: the geography tables this project had before per-model data; being replaced by sourced entries. */
const PROVISIONAL_SOURCES = [
  "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html",
  "https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html",
];

export const CLAUDE_MODELS: readonly ClaudeModel[] = [
  {
    id: "anthropic.claude-sonnet-4-6",
    name: "Claude Sonnet 4.6",
    lifecycle: { status: "active" },
    profiles: {
      us: SAME(US),
      eu: SAME(EU),
      apac: SAME(APAC),
      global: { sourceRegions: GLOBAL_SOURCES, destinationRegions: "all-commercial" },
    },
    inRegion: GLOBAL_SOURCES,
    sources: PROVISIONAL_SOURCES,
  },
  {
    id: "anthropic.claude-opus-4-6-v1",
    name: "Claude Opus 4.6",
    lifecycle: { status: "active" },
    profiles: {
      us: SAME(US),
      eu: SAME(EU),
      apac: SAME(APAC),
      global: { sourceRegions: GLOBAL_SOURCES, destinationRegions: "all-commercial" },
    },
    inRegion: GLOBAL_SOURCES,
    sources: PROVISIONAL_SOURCES,
  },
];
