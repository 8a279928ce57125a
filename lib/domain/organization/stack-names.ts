import { InputError } from "../../core/errors";

/**
 * The `name` of a runtime account: the suffix of its stack (`runtime-<name>`), of its outputs and of every
 * report line. Listed accounts choose it; accounts selected from the Organization get one derived from their
 * Organizations account name at first discovery, recorded in the accounts lock and kept from then on.
 */
const ACCOUNT_NAME_MAX_LENGTH = 30;
export const ACCOUNT_NAME_PATTERN = /^[a-z][a-z0-9-]{0,29}$/;
export const ACCOUNT_NAME_RULE = "lowercase letters, digits and dashes, starting with a letter, at most 30";

/** The name for an account nothing else holds yet, when the base is taken: `<base cut to 17>-<account id>` (30 at most). */
const ID_SUFFIX_LENGTH = 13;

const trimDashes = (text: string) => text.replace(/^-+|-+$/g, "");

/**
 * The rule (docs/config.md, "Stack names"): accents dropped (é → e), lowercased, every run of other characters
 * than a-z and 0-9 made one dash, dashes trimmed from both ends; `account-` put in front when the result does
 * not start with a letter (or `account` when nothing is left); cut to 30 characters, without a trailing dash.
 * @internal its tests read it
 */
export function stackNameBase(accountName: string): string {
  const plain = trimDashes(
    accountName
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-"),
  );
  const lettered = plain === "" ? "account" : /^[a-z]/.test(plain) ? plain : `account-${plain}`;
  return trimDashes(lettered.slice(0, ACCOUNT_NAME_MAX_LENGTH));
}

/** `base` cut so that `-<account id>` fits: unique, since account ids are. */
function stackNameWithId(base: string, accountId: string): string {
  return `${trimDashes(base.slice(0, ACCOUNT_NAME_MAX_LENGTH - ID_SUFFIX_LENGTH))}-${accountId}`;
}

/**
 * Every account with its name: the one it already has (`kept`, from the accounts lock: stable across renames), or
 * for an account seen for the first time the base of its account name, or, when another account holds that
 * (`taken`: name → account id, the names in the lock and those of the listed accounts), the base with
 * `-<account id>` appended. New accounts are named in account id order, so the same Organization always gets the
 * same names. Sorted by account id. Bad input when even the name with the id is taken (a listed account named so).
 */
export function assignStackNames<T extends { readonly id: string; readonly accountName: string }>(
  accounts: readonly T[],
  taken: ReadonlyMap<string, string>,
  kept: ReadonlyMap<string, string> = new Map(),
): (T & { readonly name: string })[] {
  const holders = new Map(taken);
  return [...accounts]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((account) => {
      const existing = kept.get(account.id);
      if (existing !== undefined) return { ...account, name: existing };
      const base = stackNameBase(account.accountName);
      const free = (name: string) => (holders.get(name) ?? account.id) === account.id;
      const name = free(base) ? base : stackNameWithId(base, account.id);
      if (!free(name)) {
        throw new InputError("stack names", [
          `account ${account.id} (${account.accountName}): ${base} and ${name} are both taken by other accounts; rename the listed account that holds ${name}`,
        ]);
      }
      holders.set(name, account.id);
      return { ...account, name };
    });
}
