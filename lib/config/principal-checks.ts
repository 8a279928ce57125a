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

/** An `externalPrincipals` entry: a principal ARN or account id, or one with the external id it must send. */
type ExternalPrincipal = string | { readonly principal: string; readonly externalId: string };

export const externalPrincipalOf = (entry: ExternalPrincipal): string => (typeof entry === "string" ? entry : entry.principal);

/** The external id each external principal (ARN or account id) must send, where the config gives one. */
export function externalIdsOf(entries: readonly ExternalPrincipal[]): Record<string, string> {
  return Object.fromEntries(entries.flatMap((e) => (typeof e === "string" ? [] : [[e.principal, e.externalId]])));
}
