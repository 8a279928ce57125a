import { InputError } from "../core/errors";
import type { AccountsLock, LockedAccount, SelectionCriteria } from "../domain/organization/accounts-lock";
import { assignStackNames } from "../domain/organization/stack-names";
import type { Resolution } from "./resolve";

/**
 * The lock discover writes: the accounts found now, each keeping the stack name the previous lock gave it (so a
 * renamed account keeps its stack); new accounts get one derived from their account name that no other account
 * holds: not a listed account, not an account of the previous lock (also one that left, so its stack's name is
 * never handed to another account in the same change).
 */
export function nextLock(
  resolution: Resolution,
  selections: Readonly<Record<string, SelectionCriteria>>,
  previous: AccountsLock | undefined,
  listed: readonly { readonly id: string; readonly name: string }[],
): AccountsLock {
  const before = new Map((previous?.accounts ?? []).map((a) => [a.id, a]));
  const listedByName = new Map(listed.map((a) => [a.name, a.id]));
  const problems: string[] = [];
  for (const account of resolution.accounts) {
    const kept = before.get(account.id)?.name;
    const holder = kept === undefined ? undefined : listedByName.get(kept);
    if (holder !== undefined && holder !== account.id) {
      problems.push(
        `accounts[${listed.findIndex((a) => a.name === kept)}].name: "${kept}" is the stack name of account ${account.id} (${account.accountName}) in the accounts lock: rename the listed account ${holder}`,
      );
    }
  }
  if (problems.length > 0) throw new InputError("stack names", problems);
  const taken = new Map<string, string>([...listedByName, ...[...before.values()].map((a): [string, string] => [a.name, a.id])]);
  const kept = new Map([...before.values()].map((a) => [a.id, a.name]));
  const accounts = assignStackNames(resolution.accounts, taken, kept).map((a): LockedAccount => ({
    id: a.id,
    name: a.name,
    accountName: a.accountName,
    ouId: a.ouId,
    ouPath: a.ouPath,
    selection: a.selection,
  }));
  return { version: 1, organizationId: resolution.organizationId, selections, accounts };
}
