/**
 * Which AWS Regions an account must opt in to before it can call them.
 *
 * Source: AWS Account Management Reference Guide, "Enable or disable AWS Regions in your account"
 * (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html): "Regions launched before March 20,
 * 2019 are enabled by default ... Default Regions cannot be enabled or disabled"; "Regions launched after March 20,
 * 2019 are disabled by default" (opt-in Regions). The default Regions are listed with "Opt-in status: Not required" in
 * "AWS Regions" (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html). Listing the
 * default Regions, not the opt-in ones, keeps this right as AWS adds Regions: every new Region is opt-in.
 */
const ENABLED_BY_DEFAULT_REGIONS: readonly string[] = [
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ca-central-1",
  "eu-central-1",
  "eu-north-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
];

/** An opt-in Region: disabled in an account until someone enables it there. */
export function isOptInRegion(region: string): boolean {
  return !ENABLED_BY_DEFAULT_REGIONS.includes(region);
}

/**
 * GetRegionOptStatus's answer (AWS Account Management API Reference, GetRegionOptStatus:
 * https://docs.aws.amazon.com/accounts/latest/reference/API_GetRegionOptStatus.html).
 */
export const REGION_OPT_STATUSES = ["ENABLED", "ENABLING", "DISABLING", "DISABLED", "ENABLED_BY_DEFAULT"] as const;
export type RegionOptStatus = (typeof REGION_OPT_STATUSES)[number];
