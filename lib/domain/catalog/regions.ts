/**
 * Region tables for Anthropic Claude on Amazon Bedrock, kept as data in this one place.
 *
 * Source: Amazon Bedrock User Guide, "Supported Regions and models for inference profiles"
 * (docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html), rows for the
 * Claude 4.x system-defined profiles, and "Global cross-Region inference" for the `global.` profiles.
 * AWS adds regions over time: when a profile routes to a region missing here, invocations fail with
 * AccessDenied on that region's foundation-model ARN. Update these tables, not the policy code.
 */

/** A cross-region geography: the prefix of a system-defined inference profile id. */
export const GEOGRAPHIES = ["us", "eu", "apac", "global"] as const;
export type Geography = (typeof GEOGRAPHIES)[number];

export interface GeographyRouting {
  /** Regions from which the geography's profile may be called (the profile ARN's region). */
  readonly sourceRegions: readonly string[];
  /**
   * Regions a request may be routed to. `"source-and-regionless"` means: the source region plus the
   * region-less foundation-model ARN (`arn:aws:bedrock:::foundation-model/ID`), as global profiles need.
   */
  readonly destinations: readonly string[] | "source-and-regionless";
}

const US = ["us-east-1", "us-east-2", "us-west-1", "us-west-2"] as const;
const EU = ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"] as const;
const APAC = [
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-4",
] as const;
const GLOBAL_ONLY = ["ca-central-1", "eu-west-2", "sa-east-1"] as const;

export const GEOGRAPHY_ROUTING: Readonly<Record<Geography, GeographyRouting>> = {
  us: { sourceRegions: US, destinations: US },
  eu: { sourceRegions: EU, destinations: EU },
  apac: { sourceRegions: APAC, destinations: APAC },
  global: { sourceRegions: [...US, ...EU, ...APAC, ...GLOBAL_ONLY], destinations: "source-and-regionless" },
};

/** Commercial regions where Bedrock serves Anthropic models (the regions a config may name). */
export const BEDROCK_REGIONS: readonly string[] = [...US, ...EU, ...APAC, ...GLOBAL_ONLY].sort();

/** Region the Anthropic use-case form is submitted in unless the config says otherwise. */
export const DEFAULT_USE_CASE_REGION = "us-east-1";
