import type { Finding } from "../../contracts/preflight-report";
import { errorMessage } from "../../core/errors";
import { isOptInRegion } from "../../domain/opt-in-regions";
import type { RegionOptIn } from "../aws/port";
import type { PreflightAccountTarget } from "../targets";

/**
 * The opt-in Regions the account calls Bedrock in (its source Regions) that it has not enabled: calls there fail
 * until it does. Default Regions need no call. Destination Regions are not checked: AWS does not document that
 * cross-Region inference needs them enabled in the caller's account.
 */
export async function checkOptInRegions(
  account: PreflightAccountTarget,
  optIn: RegionOptIn,
  managementAccountId: string,
): Promise<Finding[]> {
  const regions = [...new Set(account.profiles.map((p) => p.sourceRegion))].filter(isOptInRegion);
  const base = { check: "opt-in-region" as const, accountName: account.name, accountId: account.accountId };
  const where = `account ${account.name} (${account.accountId})`;
  const findings = await Promise.all(
    regions.map(async (region): Promise<Finding[]> => {
      try {
        // The management account asks about itself without AccountId (API_GetRegionOptStatus).
        const status = await optIn.regionOptStatus(account.accountId === managementAccountId ? undefined : account.accountId, region);
        if (status === "ENABLED" || status === "ENABLED_BY_DEFAULT") return [];
        const fix = `enable ${region} in ${where} (Account Management EnableRegion, or the console's AWS Regions page), or remove ${region} from the account's regions in the config.`;
        if (status === "ENABLING")
          return [
            {
              ...base,
              region,
              severity: "warning",
              message: `opt-in Region ${region} is still being enabled in ${where}`,
              fix: "wait until it is ENABLED, then run again.",
            },
          ];
        return [
          {
            ...base,
            region,
            severity: "blocking",
            message: `opt-in Region ${region} is ${status} in ${where}: no call to Bedrock there can succeed`,
            fix,
          },
        ];
      } catch (err) {
        return [
          {
            ...base,
            region,
            severity: "warning",
            message: `whether ${where} has enabled opt-in Region ${region} could not be read: ${errorMessage(err)}`,
            fix: "allow account:GetRegionOptStatus to the pipeline, with trusted access for AWS Account Management enabled in the Organization (docs/preflight.md).",
          },
        ];
      }
    }),
  );
  return findings.flat();
}
