/**
 * The accounts lock: what `bedrock-access discover` found when it resolved the config's
 * `organization.selections` against the Organization (ListRoots, ListOrganizationalUnitsForParent,
 * ListAccountsForParent, ListTagsForResource). A committed, sorted file: synth reads it instead of asking AWS,
 * so synth stays offline and deterministic, and a new account arrives as a reviewed diff.
 */
export const ACCOUNTS_LOCK_VERSION = 1;
export const DEFAULT_ACCOUNTS_LOCK_FILE = "bedrock-accounts.lock.json";

/** An OU to select accounts from: its id (`ou-…`, or the root's `r-…`), and whether the OUs below it count too. */
interface OrganizationalUnitSelector {
  readonly id: string;
  readonly nested: boolean;
}

/**
 * Which accounts a selection takes: those directly in one of the OUs (or anywhere below them, when nested), or
 * anywhere in the Organization without OUs; and of those, only the ones with every tag given (key and value).
 */
export interface SelectionCriteria {
  readonly organizationalUnits?: readonly OrganizationalUnitSelector[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface LockedAccount {
  readonly id: string;
  /** The stack name suffix (`runtime-<name>`), derived from the account name at first discovery, then kept. */
  readonly name: string;
  /** The account's name in Organizations, when last discovered. */
  readonly accountName: string;
  /** The root or OU the account is directly in, and that container's path of names from the root. */
  readonly ouId: string;
  readonly ouPath: string;
  /** The first selection of the config (in its order) that took the account. */
  readonly selection: string;
}

export interface AccountsLock {
  readonly version: typeof ACCOUNTS_LOCK_VERSION;
  readonly organizationId: string;
  /** The criteria of every selection as they were resolved: synth refuses a lock whose selections the config has changed. */
  readonly selections: Readonly<Record<string, SelectionCriteria>>;
  /** Sorted by account id. */
  readonly accounts: readonly LockedAccount[];
}

/** Criteria in one spelling: OUs sorted by id, tags by key; absent parts left out. */
export function normalizeCriteria(criteria: SelectionCriteria): SelectionCriteria {
  const ous = criteria.organizationalUnits && [...criteria.organizationalUnits].sort((a, b) => a.id.localeCompare(b.id));
  const tags = criteria.tags && Object.fromEntries(Object.entries(criteria.tags).sort(([a], [b]) => a.localeCompare(b)));
  return {
    ...(ous ? { organizationalUnits: ous.map(({ id, nested }) => ({ id, nested })) } : {}),
    ...(tags ? { tags } : {}),
  };
}

export const sameCriteria = (a: SelectionCriteria, b: SelectionCriteria): boolean =>
  JSON.stringify(normalizeCriteria(a)) === JSON.stringify(normalizeCriteria(b));

/** The lock as written: selections by name, accounts by id, fields in one order, two-space JSON, one trailing newline. */
export function renderAccountsLock(lock: Omit<AccountsLock, "version">): string {
  const sorted: AccountsLock = {
    version: ACCOUNTS_LOCK_VERSION,
    organizationId: lock.organizationId,
    selections: Object.fromEntries(
      Object.keys(lock.selections)
        .sort()
        .map((name) => [name, normalizeCriteria(lock.selections[name] ?? {})]),
    ),
    accounts: [...lock.accounts]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map(({ id, name, accountName, ouId, ouPath, selection }) => ({ id, name, accountName, ouId, ouPath, selection })),
  };
  return `${JSON.stringify(sorted, null, 2)}\n`;
}
