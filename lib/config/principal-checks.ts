import { principalAccount } from "../domain/arn";

/**
 * Whether a principal ARN is in an account the config does not name (`known`: the management account and every
 * runtime account, listed or from the accounts lock) and is not allowed under externalPrincipals.
 */
export function principalsOutside(known: Iterable<string>, externalPrincipals: readonly string[]): (principal: string) => boolean {
  const accounts = new Set(known);
  const allowed = new Set(externalPrincipals);
  return (principal) => {
    const account = principalAccount(principal);
    return account !== undefined && !accounts.has(account) && !allowed.has(principal) && !allowed.has(account);
  };
}

export const outsideMessage = (principal: string): string =>
  `${principal} is in an account that is neither the management account nor a runtime account: list it under externalPrincipals if that is intended`;
