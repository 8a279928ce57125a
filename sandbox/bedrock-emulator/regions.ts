/**
 * The emulator's own copy of which commercial Regions are enabled by default; every other Region is opt-in.
 * AWS Account Management Reference Guide, "Enable or disable AWS Regions in your account"
 * (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html): "Regions launched before March 20,
 * 2019 are enabled by default"; later ones are disabled until an account opts in. Kept apart from lib/ on purpose.
 */
const DEFAULT_REGIONS = new Set([
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "sa-east-1",
  "eu-central-1",
  "eu-north-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
]);

export const isOptInRegion = (region: string): boolean => !DEFAULT_REGIONS.has(region);

/**
 * Where a use-case form counts. AWS's model-access page: the form is needed "one time per account or per AWS organization
 * across all commercial regions, with the exception of opt-in regions where this form needs to be filled again". So a
 * form submitted in any default Region counts in all of them ("commercial"), and one submitted in an opt-in Region counts
 * there only. The page does not say whether the management account's form in an opt-in Region reaches its members: the
 * emulator takes the strict reading (it does not), so a client that works here works under either reading.
 */
export const formScope = (region: string): string => (isOptInRegion(region) ? region : "commercial");
