import { resolveAccountProfiles } from "../config/account-profiles";
import type { AccessConfig } from "../config/schema";
import { InputError } from "../core/errors";
import { ownResources } from "../domain/names";
import { checkFilters, type EnablementTargets, type TargetFilters } from "../enablement/targets";
import type { PreflightTargets } from "../preflight/targets";

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

/**
 * Before deploy (`preflight --before-deploy`): the accounts and profiles the config plans, without stack outputs, the
 * roles' ARNs as the stacks will name them. The roles do not exist yet: only the SCP and opt-in Region checks run.
 */
export function configTargets(config: AccessConfig, filters: TargetFilters): PreflightTargets {
  checkFilters(config, filters);
  const wanted = <T>(list: readonly T[] | undefined, ...values: T[]) => !list || values.some((v) => list.includes(v));
  const own = (account: string) => ownResources(account, config.iam);
  const accounts = config.accounts
    .filter((account) => wanted(filters.accounts, account.name, account.id))
    .map((account) => ({
      name: account.name,
      accountId: account.id,
      firstUseRoleArn: own(account.id).firstUseRole.arn,
      // The runtime role: the stacks create it when the account trusts principals.
      ...(account.trustedPrincipals.length > 0 && { proofRoleArn: own(account.id).runtimeRole.arn }),
      profiles: resolveAccountProfiles(config, account).filter(
        (p) => wanted(filters.models, p.modelId) && wanted(filters.regions, p.sourceRegion),
      ),
    }))
    .filter((account) => account.profiles.length > 0);
  if (accounts.length === 0)
    throw new InputError("invalid flags", ["--accounts, --models, --regions: expected them to select at least one profile"]);
  return {
    managementAccountId: config.managementAccount.id,
    pipelinePrincipals: config.managementAccount.pipelinePrincipals,
    stsRegion: config.managementAccount.region,
    accounts,
  };
}
