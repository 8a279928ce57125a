import { resolveAccountProfiles } from "../../config/account-profiles";
import type { AccessConfig } from "../../config/schema";
import type { EnablementTargets } from "../../enablement/targets";
import type { PreflightTargets } from "../../preflight/targets";

/**
 * What preflight checks: exactly the accounts and profiles enable would act on (after the filters and the outputs
 * cross-check), with each profile's ARNs from the catalog, and the pipeline as the config names it.
 */
export function preflightTargets(config: AccessConfig, targets: EnablementTargets): PreflightTargets {
  return {
    managementAccountId: config.managementAccount.id,
    pipelinePrincipals: config.managementAccount.pipelinePrincipals,
    stsRegion: config.managementAccount.region,
    accounts: targets.accounts.map((target) => {
      const account = config.accounts.find((a) => a.id === target.accountId);
      const resolved = account ? resolveAccountProfiles(config, account) : [];
      return {
        name: target.name,
        accountId: target.accountId,
        firstUseRoleArn: target.firstUseRoleArn,
        ...(target.proofRole && { proofRoleArn: target.proofRole.arn }),
        profiles: target.profiles.flatMap((p) =>
          resolved.filter((r) => r.sourceRegion === p.region && r.modelId === p.modelId && r.kind === p.kind),
        ),
      };
    }),
  };
}
