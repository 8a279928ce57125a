/**
 * The Claude models Bedrock serves, per model: which system-defined inference profiles (geographies) exist,
 * where each can be called from, where it routes, and the model's lifecycle. Data only, each entry with
 * its sources; lib/domain/catalog/catalog.ts turns it into ids and ARNs, and a lock file written by
 * `bedrock-access catalog refresh` (what AWS says today) overrides the destination regions.
 *
 * Adding a model: add an entry with its sources. Adding a geography: add its prefix to GEOGRAPHIES and
 * its routing to the models that have it.
 *
 * Where the facts come from. AWS's "Supported Regions and models for inference profiles" page no longer
 * lists profiles: it says "each model's inference profile IDs and Regional availability are now documented
 * on the model's detail page" (its model card). So every table below is transcribed from the model card's
 * "Programmatic Access" row (model id, geo and global profile ids, whether the bedrock-runtime endpoint has an
 * in-region URL), its "Regional availability" table for the bedrock-runtime endpoint, and its "Geo inference
 * details" (one row per source region with that source's destination regions). Lifecycle comes from AWS's
 * "Model lifecycle (Legacy)" page (for models launched before 2026-09-07), which says its dates are the only
 * ones that apply on Bedrock. The AWS pages were read through crawled markdown copies of docs.aws.amazon.com
 * (github.com/c2hans/aws-docs and github.com/crowecawcaw/aws-docs-history, snapshots of 2026), newest copy
 * preferred where they differ. Anthropic's "Claude on Amazon Bedrock (Opus 4.6 and earlier)" table
 * (global/us/eu/jp/apac columns) was compared with every entry; disagreements are noted at the entry.
 *
 * Claude 5 generation (Opus 5.5, Opus 5, Sonnet 5.5, Sonnet 5, Haiku 5.5): the newest stored copies of their cards
 * (c2hans/aws-docs @ 3bfec7d57ec638cc49187a7c09571f990f70360e, docs/bedrock/latest/userguide/model-card-anthropic-claude-
 * <name>.md) print full per-source "Geo inference details" tables; older copies of the same pages had only "data residency"
 * lines. That copy was judged newest because it holds every section the older ones have plus a "Compaction" section (beta
 * compact-2026-09-04) they lack, and the same repository's notes file is a strict superset of its version at the older
 * commit 25c01efa (whose routing tables are identical). None of these cards has a "Global inference details" table: the
 * global profiles' source Regions are the Global column of the card's bedrock-runtime availability table.
 *
 * Not here, on purpose:
 * - GovCloud (us-gov-east-1, us-gov-west-1): some cards list them as sources of `us.` profiles, or as bedrock-mantle
 *   Regions, but they are another partition (`arn:aws-us-gov:`) and this project's ARNs are `arn:aws:`. The Claude 5
 *   cards mark GovCloud "Geo" without naming a profile id or a routing row for it.
 * - A `ca.` geography: AWS has none. Canada (ca-central-1, ca-west-1) calls the `us.` profiles, whose rows
 *   for those sources add the Canadian region to the US destinations, and the global profiles.
 * - Claude Fable 5 and 5.1, Mythos 5, 5.1 and Preview: their cards require a data retention mode (`aws_review`,
 *   `provider_data_share`) set through the Data Retention API, or access granted by invitation; see not-in-catalog.ts.
 * - Claude 3.x, Opus 4, 3.5/3.7 Sonnet, 3.5 Haiku: past their Bedrock EOL date (AWS "Model lifecycle"), or
 *   marked Retired by Anthropic.
 */

/** Prefixes of system-defined inference profile ids (`us.anthropic.…`), global last. */
export const GEOGRAPHIES = ["us", "eu", "apac", "jp", "au", "in", "global"] as const;
export type Geography = (typeof GEOGRAPHIES)[number];

/** Where one system-defined inference profile (one model × geography) may be called from and routes to. */
export interface ProfileRouting {
  /** Regions the profile can be called from: its ARN's region, the caller's region. */
  readonly sourceRegions: readonly string[];
  /**
   * Per source region, the regions a request from there may be served in (AWS routes some sources to one
   * more region than the others). `"all-commercial"` for global profiles: IAM must then allow the
   * region-less foundation-model ARN (`arn:aws:bedrock:::foundation-model/ID`) besides the source region's.
   */
  readonly destinationsBySource: Readonly<Record<string, readonly string[]>> | "all-commercial";
}

/**
 * AWS's model lifecycle: Active, then Legacy ("New customers can't use Legacy models and existing customers may lose
 * access to Legacy models after 15 days of inactivity"), then end of life (requests fail). Dates are YYYY-MM-DD.
 */
export type Lifecycle =
  | { readonly status: "active" }
  | { readonly status: "legacy"; readonly legacySince?: string; readonly publicExtendedAccess?: string; readonly endOfLife?: string };

/** The day the tables below were last checked against their sources; a catalog lock refreshed later wins on lifecycle. */
export const CATALOG_CHECKED_ON = "2026-12-04";

export interface ClaudeModel {
  /** The base model id (`anthropic.claude-sonnet-4-6`); profiles are `<geography>.<id>`. */
  readonly id: string;
  readonly name: string;
  readonly lifecycle: Lifecycle;
  /** The system-defined inference profiles that exist for the model. */
  readonly profiles: Readonly<Partial<Record<Geography, ProfileRouting>>>;
  /** Regions where the base model id itself can be invoked (on-demand, no profile); empty when profile-only. */
  readonly inRegion: readonly string[];
  /** Where the model is served on the Anthropic Messages API of the bedrock-mantle endpoint; undefined: not served there. */
  readonly messages?: MessagesApiServing;
  /** Public pages the entry was written from. */
  readonly sources: readonly string[];
}

/**
 * A model on bedrock-mantle's Messages API (`POST https://bedrock-mantle.{region}.api.aws/anthropic/v1/messages`).
 * Transcribed from the model card's bedrock-mantle "Programmatic Access" row (the id) and its "Regional
 * availability" table for that endpoint (the In-Region marks; the cards give "Geo/Global inference ID: N/A" there).
 * docs/models.md §2b lists where the sources disagree.
 */
interface MessagesApiServing {
  /** The id bedrock-mantle takes (`anthropic.<name>`, no profile prefix); not always the bedrock-runtime id. */
  readonly id: string;
  /** Regions the card marks In-Region for bedrock-mantle. */
  readonly regions: readonly string[];
  readonly sources: readonly string[];
}

/**
 * A geo profile's "Geo inference details" table as the model card prints it: source region → the
 * destination regions a request from that source may be served in.
 */
type SourceTable = Readonly<Record<string, readonly string[]>>;

/** The routing of a geo profile from its per-source table: callable from every listed source, served where that source routes. */
function routed(table: SourceTable): ProfileRouting {
  return { sourceRegions: Object.keys(table), destinationsBySource: table };
}

/** A per-source table whose every source routes to the same destinations. */
function everySource(sources: readonly string[], destinations: readonly string[]): SourceTable {
  return Object.fromEntries(sources.map((source) => [source, destinations]));
}

/** A global profile: callable from the listed regions, served in any commercial region. */
function globalProfile(sourceRegions: readonly string[]): ProfileRouting {
  return { sourceRegions, destinationsBySource: "all-commercial" };
}

// ---- Per-source tables shared by several models (each one printed identically on those models' cards) ----

const US_EAST_WEST = ["us-east-1", "us-east-2", "us-west-2"];

/** The `us.` rows every Claude 4.x card but Opus 4.1's prints for the four US regions. */
const US_ROWS: SourceTable = {
  "us-east-1": US_EAST_WEST,
  "us-east-2": US_EAST_WEST,
  "us-west-1": ["us-east-1", "us-east-2", "us-west-1", "us-west-2"],
  "us-west-2": US_EAST_WEST,
};
const CA_CENTRAL_ROW: SourceTable = { "ca-central-1": ["ca-central-1", ...US_EAST_WEST] };
const CA_WEST_ROW: SourceTable = { "ca-west-1": ["ca-west-1", ...US_EAST_WEST] };

/** `us.` for Sonnet 4.5, Opus 4.5, Haiku 4.5: the US regions and Canada (Central); ca-west-1 only has global. */
const US_AND_CA_CENTRAL: SourceTable = { ...US_ROWS, ...CA_CENTRAL_ROW };
/** `us.` for Opus 4.6, Sonnet 4.6, Opus 4.7, Opus 4.8 and the Claude 5 models: the US regions and both Canadian regions. */
const US_AND_CANADA: SourceTable = { ...US_ROWS, ...CA_CENTRAL_ROW, ...CA_WEST_ROW };

const EU_CORE = ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"];

/** `eu.` rows of every Claude 4.5+ card: Zurich and London are sources that also route to themselves. */
const EU: SourceTable = {
  "eu-central-1": EU_CORE,
  "eu-central-2": ["eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"],
  "eu-north-1": EU_CORE,
  "eu-south-1": EU_CORE,
  "eu-south-2": EU_CORE,
  "eu-west-1": EU_CORE,
  "eu-west-2": ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3"],
  "eu-west-3": EU_CORE,
};

const JAPAN = ["ap-northeast-1", "ap-northeast-3"];
/** `jp.`: Tokyo and Osaka, each routing to both. */
const JP = everySource(JAPAN, JAPAN);

const INDIA = ["ap-south-1", "ap-south-2"];
/** `in.` (Opus 5, Sonnet 5): Mumbai and Hyderabad, each routing to both. */
const IN = everySource(INDIA, INDIA);

const AUSTRALIA = ["ap-southeast-2", "ap-southeast-4"];
/** `au.` for Opus 4.7, 4.8 and the Claude 5 models: Sydney and Melbourne, each routing to both. */
const AU = everySource(AUSTRALIA, AUSTRALIA);
/** `au.` for Sonnet 4.5, Sonnet 4.6, Haiku 4.5, Opus 4.6: also callable from Auckland, which routes to itself too. */
const AU_AND_NZ: SourceTable = { ...AU, "ap-southeast-6": [...AUSTRALIA, "ap-southeast-6"] };

/**
 * Source regions of the global profiles of every Claude 4.5+ card (Americas, EMEA, Asia Pacific columns of
 * "Global inference details"); the same 33 regions are marked Global in the cards' availability tables, which is
 * where the Claude 5 cards (no "Global inference details" table) give them.
 */
const GLOBAL_SOURCES = [
  ...["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "sa-east-1", "mx-central-1"],
  ...["eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3"],
  ...["il-central-1", "me-central-1", "me-south-1", "af-south-1"],
  ...["ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1"],
  ...["ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7"],
];

// ---- Claude Sonnet 4's own tables (source: its card); they differ from the 4.5+ models' ----

/** `eu.`: no Zurich or London; Tel Aviv is a source that also routes to itself. */
const SONNET_4_EU: SourceTable = { ...everySource(EU_CORE, EU_CORE), "il-central-1": [...EU_CORE, "il-central-1"] };

const SONNET_4_APAC_SOURCES = [
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
];
/** `apac.`: every source routes to the sources and Melbourne (a destination only). */
const SONNET_4_APAC = everySource(SONNET_4_APAC_SOURCES, [...SONNET_4_APAC_SOURCES, "ap-southeast-4"]);

/** Its global profile's sources ("Global inference details"), five regions only. */
const SONNET_4_GLOBAL_SOURCES = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-northeast-1"];

// ---- Sources ----

const CARD = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-";
const AWS_PROFILES = "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html";
const AWS_GLOBAL = "https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html";
const AWS_LIFECYCLE = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.html";
/** AWS's Model lifecycle page: what Active, Legacy and end of life mean for callers. */
export const MODEL_LIFECYCLE_PAGE = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html";
const ANTHROPIC = "https://platform.claude.com/docs/en/build-with-claude/claude-on-amazon-bedrock-legacy";
const ANTHROPIC_MESSAGES = "https://platform.claude.com/docs/en/build-with-claude/claude-in-amazon-bedrock";
const AWS_MANTLE = "https://docs.aws.amazon.com/bedrock/latest/userguide/bedrock-mantle.html";
const AWS_MESSAGES_API = "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-messages-api.html";
const mantleSources = (card: string) => [card, AWS_MANTLE, AWS_MESSAGES_API, ANTHROPIC_MESSAGES];

/**
 * bedrock-mantle's In-Region marks on the Opus 4.8 and Opus 4.7 cards. Conflicts (docs/models.md §2b): AWS's
 * bedrock-mantle endpoint list lacks ap-southeast-4, and Anthropic's Region table also marks us-east-2 and us-west-2
 * "In-region only" (the newest Haiku 4.5 card does too); the model cards are per model, so they are used.
 */
const MANTLE_REGIONS = ["us-east-1", "eu-north-1", "eu-west-1", "ap-northeast-1", "ap-southeast-4"];
/** bedrock-mantle's In-Region marks on the Opus 5 and Sonnet 5 cards. */
const MANTLE_CLAUDE_5 = ["us-east-1", "eu-north-1", "eu-west-1", "ap-southeast-4"];

/** The Claude 5 cards' newest copy (see the top of this file). */
const CLAUDE_5_COPY = "c2hans/aws-docs@3bfec7d57ec638cc49187a7c09571f990f70360e";

export const CLAUDE_MODELS: readonly ClaudeModel[] = [
  {
    // Card (newest copy: CLAUDE_5_COPY): launched 2026-09-22, Active, EOL no sooner than 2027-09-22, Marketplace product
    // prod-e5xo6z26ie45g, no data-retention or invitation requirement. bedrock-mantle In-Region: us-east-1 and
    // ap-southeast-4 (and us-gov-west-1, left out). bedrock-runtime In-Region: the availability table ticks eu-west-2
    // while the Programmatic Access row says "In-Region endpoint URL: N/A" (docs/models.md §2 lists this conflict).
    id: "anthropic.claude-opus-5-5",
    name: "Claude Opus 5.5",
    lifecycle: { status: "active" },
    profiles: { us: routed(US_AND_CANADA), eu: routed(EU), jp: routed(JP), au: routed(AU), global: globalProfile(GLOBAL_SOURCES) },
    inRegion: ["eu-west-2"],
    messages: {
      id: "anthropic.claude-opus-5-5",
      regions: ["us-east-1", "ap-southeast-4"],
      sources: mantleSources(`${CARD}opus-5-5.html`),
    },
    sources: [`${CARD}opus-5-5.html (${CLAUDE_5_COPY})`, AWS_PROFILES, AWS_GLOBAL],
  },
  {
    // Card (CLAUDE_5_COPY): launched 2026-07-24, Active (Anthropic's own model page calls it Legacy; for Bedrock the AWS
    // card wins), product prod-if5d653ow7ehg. The `in.` profile (Mumbai, Hyderabad) appears only in the two newest copies.
    // bedrock-runtime In-Region: ap-northeast-2 ticked, endpoint URL N/A (as Opus 5.5).
    id: "anthropic.claude-opus-5",
    name: "Claude Opus 5",
    lifecycle: { status: "active" },
    profiles: { us: routed(US_AND_CANADA), eu: routed(EU), au: routed(AU), in: routed(IN), global: globalProfile(GLOBAL_SOURCES) },
    inRegion: ["ap-northeast-2"],
    messages: { id: "anthropic.claude-opus-5", regions: MANTLE_CLAUDE_5, sources: mantleSources(`${CARD}opus-5.html`) },
    sources: [`${CARD}opus-5.html (${CLAUDE_5_COPY})`, AWS_PROFILES, AWS_GLOBAL],
  },
  {
    // Card (CLAUDE_5_COPY): launched 2026-09-28, Active, product prod-pjfguoisodbd6. Profile-only on bedrock-runtime;
    // bedrock-mantle lists us-gov-west-1 alone (GovCloud), so no Messages API here. Third-party notes mention `jp.`/`au.`
    // ids for it; the card lists `us.` and `eu.` only, and AWS wins.
    id: "anthropic.claude-sonnet-5-5",
    name: "Claude Sonnet 5.5",
    lifecycle: { status: "active" },
    profiles: { us: routed(US_AND_CANADA), eu: routed(EU), global: globalProfile(GLOBAL_SOURCES) },
    inRegion: [],
    sources: [`${CARD}sonnet-5-5.html (${CLAUDE_5_COPY})`, AWS_PROFILES, AWS_GLOBAL],
  },
  {
    // Card (CLAUDE_5_COPY): launched 2026-06-30, Active (Anthropic: Legacy; AWS wins), product prod-4ezhkeia6k2cs.
    // bedrock-runtime In-Region: eu-west-2, ap-northeast-2, ap-southeast-1 ticked; the newest copy's endpoint URL is N/A
    // where the previous copy (25c01efa) gave https://bedrock-runtime.{region}.amazonaws.com.
    id: "anthropic.claude-sonnet-5",
    name: "Claude Sonnet 5",
    lifecycle: { status: "active" },
    profiles: { us: routed(US_AND_CANADA), eu: routed(EU), au: routed(AU), in: routed(IN), global: globalProfile(GLOBAL_SOURCES) },
    inRegion: ["eu-west-2", "ap-northeast-2", "ap-southeast-1"],
    messages: { id: "anthropic.claude-sonnet-5", regions: MANTLE_CLAUDE_5, sources: mantleSources(`${CARD}sonnet-5.html`) },
    sources: [`${CARD}sonnet-5.html (${CLAUDE_5_COPY})`, AWS_PROFILES, AWS_GLOBAL],
  },
  {
    // Card (CLAUDE_5_COPY): launched 2026-10-07, Active, product prod-6cyn7tgqazjhu. Profile-only; bedrock-mantle lists
    // us-gov-west-1 alone. No Haiku 5 card exists in either stored mirror.
    id: "anthropic.claude-haiku-5-5",
    name: "Claude Haiku 5.5",
    lifecycle: { status: "active" },
    profiles: { us: routed(US_AND_CANADA), eu: routed(EU), jp: routed(JP), au: routed(AU), global: globalProfile(GLOBAL_SOURCES) },
    inRegion: [],
    sources: [`${CARD}haiku-5-5.html (${CLAUDE_5_COPY})`, AWS_PROFILES, AWS_GLOBAL],
  },
  {
    // Not in Anthropic's ARN-versioned table: Anthropic documents Opus 4.7 and later on its Messages-API page
    // ("Claude in Amazon Bedrock") and says their InvokeModel requests are served by that infrastructure.
    // AWS's card lists this id on bedrock-runtime with Invoke and Converse and the profiles below, so it is
    // here. Its In-Region marks (us-east-1, eu-north-1, eu-west-1, ap-northeast-1, ap-southeast-4) are the
    // bedrock-mantle endpoint's; bedrock-runtime's In-Region endpoint URL is N/A.
    id: "anthropic.claude-opus-4-8",
    name: "Claude Opus 4.8",
    lifecycle: { status: "active" },
    profiles: { us: routed(US_AND_CANADA), eu: routed(EU), jp: routed(JP), au: routed(AU), global: globalProfile(GLOBAL_SOURCES) },
    inRegion: [],
    messages: { id: "anthropic.claude-opus-4-8", regions: MANTLE_REGIONS, sources: mantleSources(`${CARD}opus-4-8.html`) },
    sources: [`${CARD}opus-4-8.html`, AWS_PROFILES, AWS_GLOBAL, ANTHROPIC],
  },
  {
    // As Opus 4.8: Anthropic omits it from its ARN-versioned table ("does not have an ARN-versioned model ID",
    // "reachable through InvokeModel on bedrock-runtime"); AWS's card lists the id with Invoke and Converse.
    // In-region only on bedrock-mantle (`messages` below).
    id: "anthropic.claude-opus-4-7",
    name: "Claude Opus 4.7",
    lifecycle: { status: "active" },
    profiles: { us: routed(US_AND_CANADA), eu: routed(EU), jp: routed(JP), au: routed(AU), global: globalProfile(GLOBAL_SOURCES) },
    inRegion: [],
    // bedrock-mantle: the two newest copies of the card (c2hans/aws-docs @ 0cf87289) agree on ap-northeast-1 besides
    // us-east-1, eu-north-1, eu-west-1 and ap-southeast-4 (an older reading lacked it).
    messages: { id: "anthropic.claude-opus-4-7", regions: MANTLE_REGIONS, sources: mantleSources(`${CARD}opus-4-7.html`) },
    sources: [`${CARD}opus-4-7.html`, AWS_PROFILES, AWS_GLOBAL, ANTHROPIC],
  },
  {
    // Anthropic's table says jp: Yes and apac: Yes; no copy of AWS's card lists a `jp.` or an `apac.` profile
    // (its geo ids are us., eu., au.), so AWS wins and neither is here. An older copy of the card had no
    // in-region row, no Auckland source in `au.` and no ap-southeast-6 in global; the newer copy (used) has
    // eu-west-2 in-region on bedrock-runtime, Auckland and ap-southeast-6. Anthropic's own model page calls
    // Opus 4.6 "Legacy" (its term for "no longer updated"); AWS's card says Active, with no EOL date.
    id: "anthropic.claude-opus-4-6-v1",
    name: "Claude Opus 4.6",
    lifecycle: { status: "active" },
    profiles: { us: routed(US_AND_CANADA), eu: routed(EU), au: routed(AU_AND_NZ), global: globalProfile(GLOBAL_SOURCES) },
    inRegion: ["eu-west-2"],
    sources: [`${CARD}opus-4-6.html`, AWS_PROFILES, AWS_GLOBAL, ANTHROPIC],
  },
  {
    // No `apac.` profile (Anthropic: apac No; AWS: us., eu., au., jp.). Anthropic's table has no au column.
    // In-region: the card's bedrock-runtime table marks only eu-west-2 (London).
    id: "anthropic.claude-sonnet-4-6",
    name: "Claude Sonnet 4.6",
    lifecycle: { status: "active" },
    profiles: {
      us: routed(US_AND_CANADA),
      eu: routed(EU),
      jp: routed(JP),
      au: routed(AU_AND_NZ),
      global: globalProfile(GLOBAL_SOURCES),
    },
    inRegion: ["eu-west-2"],
    sources: [`${CARD}sonnet-4-6.html`, AWS_PROFILES, AWS_GLOBAL, ANTHROPIC],
  },
  {
    // Anthropic and AWS agree: global, us, eu only. Profile-only (In-Region endpoint URL: N/A).
    id: "anthropic.claude-opus-4-5-20251101-v1:0",
    name: "Claude Opus 4.5",
    lifecycle: { status: "active" },
    profiles: { us: routed(US_AND_CA_CENTRAL), eu: routed(EU), global: globalProfile(GLOBAL_SOURCES) },
    inRegion: [],
    sources: [`${CARD}opus-4-5.html`, AWS_PROFILES, AWS_GLOBAL, ANTHROPIC],
  },
  {
    // Lifecycle: AWS's "Model lifecycle (Legacy)" page lists it Legacy since 2026-10-08, public extended
    // access from 2027-01-08, EOL 2027-04-08 in all 31 commercial regions it names. The card copies read still
    // say Active, "EOL no sooner than 9/29/2026" (older). Anthropic's Claude-API retirement date (2026-11-30)
    // does not apply on Bedrock. The card's `us.` table also lists us-gov-east-1 and us-gov-west-1 as sources
    // routing to each other: left out (GovCloud partition). Profile-only (In-Region endpoint URL: N/A).
    id: "anthropic.claude-sonnet-4-5-20250929-v1:0",
    name: "Claude Sonnet 4.5",
    lifecycle: { status: "legacy", legacySince: "2026-10-08", publicExtendedAccess: "2027-01-08", endOfLife: "2027-04-08" },
    profiles: {
      us: routed(US_AND_CA_CENTRAL),
      eu: routed(EU),
      jp: routed(JP),
      au: routed(AU_AND_NZ),
      global: globalProfile(GLOBAL_SOURCES),
    },
    inRegion: [],
    sources: [`${CARD}sonnet-4-5.html`, AWS_PROFILES, AWS_GLOBAL, AWS_LIFECYCLE, ANTHROPIC],
  },
  {
    // Anthropic's table says jp: No (and has no au column); AWS's card lists jp. and au. profiles: AWS wins.
    // In-region: an older copy of the card gave bedrock-runtime an in-region URL and marked In-Region in
    // us-east-1, eu-north-1, eu-west-1, ap-northeast-1, ap-southeast-4; the newer copy (used) splits the
    // endpoints: those are bedrock-mantle's regions, and bedrock-runtime's In-Region endpoint URL is N/A.
    id: "anthropic.claude-haiku-4-5-20251001-v1:0",
    name: "Claude Haiku 4.5",
    lifecycle: { status: "active" },
    profiles: {
      us: routed(US_AND_CA_CENTRAL),
      eu: routed(EU),
      jp: routed(JP),
      au: routed(AU_AND_NZ),
      global: globalProfile(GLOBAL_SOURCES),
    },
    inRegion: [],
    // bedrock-mantle takes another id for it than bedrock-runtime (the card's bedrock-mantle row). Its newest copy
    // (c2hans/aws-docs @ 0cf87289) also marks us-east-2 and us-west-2 In-Region there, as Anthropic's table does.
    messages: {
      id: "anthropic.claude-haiku-4-5",
      regions: ["us-east-1", "us-east-2", "us-west-2", "eu-north-1", "eu-west-1", "ap-northeast-1", "ap-southeast-4"],
      sources: mantleSources(`${CARD}haiku-4-5.html`),
    },
    sources: [`${CARD}haiku-4-5.html`, AWS_PROFILES, AWS_GLOBAL, ANTHROPIC],
  },
  {
    // Legacy since 2026-07-08, public extended access from 2026-10-08, EOL 2027-01-08 (AWS lifecycle page and
    // card; Anthropic marks it Deprecated). Only a `us.` profile, from and to the three US regions below.
    id: "anthropic.claude-opus-4-1-20250805-v1:0",
    name: "Claude Opus 4.1",
    lifecycle: { status: "legacy", legacySince: "2026-07-08", publicExtendedAccess: "2026-10-08", endOfLife: "2027-01-08" },
    profiles: { us: routed(everySource(US_EAST_WEST, US_EAST_WEST)) },
    inRegion: [],
    sources: [`${CARD}opus-4-1.html`, AWS_PROFILES, AWS_LIFECYCLE, ANTHROPIC],
  },
  {
    // EOL 2026-10-14 (AWS lifecycle page and card; legacy since 2026-04-14; Anthropic marks it Deprecated),
    // in every region its profiles list: that date has passed, and AWS says requests fail after EOL. Kept
    // because it was asked for; callers should treat it as gone unless AWS still lists it.
    // The newer card copy (used) has no in-region and an `apac.` profile; an older copy marked 12 APAC
    // regions In-Region and had no `apac.`.
    id: "anthropic.claude-sonnet-4-20250514-v1:0",
    name: "Claude Sonnet 4",
    lifecycle: { status: "legacy", legacySince: "2026-04-14", endOfLife: "2026-10-14" },
    profiles: {
      us: routed(US_ROWS),
      eu: routed(SONNET_4_EU),
      // The card's availability table also marks ap-east-2 and ap-southeast-3/5/7 Geo, but its "Geo: APAC"
      // table does not list them as sources; the table is used.
      apac: routed(SONNET_4_APAC),
      global: globalProfile(SONNET_4_GLOBAL_SOURCES),
    },
    inRegion: [],
    sources: [`${CARD}sonnet-4.html`, AWS_PROFILES, AWS_GLOBAL, AWS_LIFECYCLE, ANTHROPIC],
  },
];
