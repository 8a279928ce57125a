import { normalizeCriteria, sameCriteria, type AccountsLock, type SelectionCriteria } from "../domain/organization/accounts-lock";
import { checkAccountSettings, flagDuplicates, type AddIssue, type IssuePath, type SettingsContext } from "./account-checks";
import type { AccountOverride, AccountSettings } from "./account-schema";
import type { AccountSelection, OrganizationConfig } from "./organization-schema";

/** The accounts lock synth reads, and where it was read from (for messages). */
export interface DiscoveredAccountsInput {
  readonly lock: AccountsLock;
  readonly lockFile: string;
}

/** What the accounts lock added to the config's accounts. */
export interface Discovery {
  readonly lockFile: string;
  readonly lock: AccountsLock;
  /** The accounts taken from the lock (a listed account with the same id is not among them: the listed entry wins). */
  readonly accountIds: readonly string[];
  /** Valid, but worth saying: listed accounts that win over the lock, the management account selected, unused overrides. */
  readonly warnings: readonly string[];
}

/** A selection's criteria as the lock records them. */
export function selectionCriteria(selection: AccountSelection): SelectionCriteria {
  return normalizeCriteria({
    ...(selection.organizationalUnits ? { organizationalUnits: selection.organizationalUnits } : {}),
    ...(selection.tags ? { tags: selection.tags } : {}),
  });
}

/**
 * The settings of an account a selection takes: the selection's defaults, each field its override gives replaced
 * whole (lists are not merged).
 */
function settingsFor(selection: AccountSelection, accountId: string): AccountSettings {
  const base = selection.defaults;
  const override: AccountOverride = selection.overrides[accountId] ?? {};
  const models = override.models ?? base.models;
  const githubOidc = override.githubOidc ?? base.githubOidc;
  return {
    regions: override.regions ?? base.regions,
    terraformRoleName: override.terraformRoleName ?? base.terraformRoleName,
    ...(models ? { models } : {}),
    runsOnRoleNames: override.runsOnRoleNames ?? base.runsOnRoleNames,
    ...(githubOidc ? { githubOidc } : {}),
    trustedPrincipals: override.trustedPrincipals ?? base.trustedPrincipals,
    firstUseMarketplaceAccess: override.firstUseMarketplaceAccess ?? base.firstUseMarketplaceAccess,
  };
}

const selectionPath = (s: number): IssuePath => ["organization", "selections", s];

/** Every distinct settings a selection can give an account (its defaults, and the defaults with each override), with where each field is written. */
function selectionTemplates(organization: OrganizationConfig): {
  settings: AccountSettings;
  label: string;
  at: (field: keyof AccountSettings) => IssuePath;
}[] {
  return organization.selections.flatMap((selection, s) => [
    { settings: selection.defaults, label: `selection ${selection.name}`, at: (field: string) => [...selectionPath(s), "defaults", field] },
    ...Object.entries(selection.overrides).map(([id, override]) => ({
      settings: settingsFor(selection, id),
      label: `selection ${selection.name}, account ${id}`,
      at: (field: keyof AccountSettings): IssuePath =>
        override[field] !== undefined ? [...selectionPath(s), "overrides", id, field] : [...selectionPath(s), "defaults", field],
    })),
  ]);
}

/** Checks of the selections themselves: unique names and OUs, and every settings they give checked like a listed account's. */
export function checkSelections(organization: OrganizationConfig, context: Omit<SettingsContext, "label">, add: AddIssue): void {
  flagDuplicates(
    organization.selections.map((s) => s.name),
    (s) => add([...selectionPath(s), "name"], "duplicate selection name"),
  );
  organization.selections.forEach((selection, s) =>
    flagDuplicates(
      (selection.organizationalUnits ?? []).map((ou) => ou.id),
      (i) => add([...selectionPath(s), "organizationalUnits", i, "id"], "duplicate OU in this selection"),
    ),
  );
  for (const { settings, label, at } of selectionTemplates(organization)) checkAccountSettings(settings, { ...context, label }, at, add);
}

/** The principals every selection's settings trust, with where each is written. */
export function selectionTrustedPrincipals(organization: OrganizationConfig): { principal: string; path: IssuePath }[] {
  return selectionTemplates(organization).flatMap(({ settings, at }) =>
    settings.trustedPrincipals.map((principal, i) => ({ principal, path: [...at("trustedPrincipals"), i] })),
  );
}

const rerun = "run `bedrock-access discover`, review the lock's diff and commit it";

/**
 * The lock must be the resolution of these selections: every selection in it with the same criteria, none it
 * does not know; and no listed account may use a stack name the lock gives another account.
 */
export function checkLock(
  organization: OrganizationConfig,
  listed: readonly { readonly id: string; readonly name: string }[],
  { lock, lockFile }: DiscoveredAccountsInput,
  add: AddIssue,
): void {
  organization.selections.forEach((selection, s) => {
    const locked = lock.selections[selection.name];
    if (!locked) add([...selectionPath(s), "name"], `not resolved in the accounts lock ${lockFile}: ${rerun}`);
    else if (!sameCriteria(locked, selectionCriteria(selection))) {
      add([...selectionPath(s), "name"], `its OUs or tags changed since the accounts lock ${lockFile} was written: ${rerun}`);
    }
  });
  const names = new Set(organization.selections.map((s) => s.name));
  for (const name of Object.keys(lock.selections).filter((n) => !names.has(n))) {
    add(
      ["organization", "selections"],
      `the accounts lock ${lockFile} resolved a selection ${name}, which the config no longer has: ${rerun}`,
    );
  }
  const listedIds = new Set(listed.map((a) => a.id));
  const lockedByName = new Map(lock.accounts.filter((a) => !listedIds.has(a.id)).map((a) => [a.name, a]));
  listed.forEach((account, i) => {
    const other = lockedByName.get(account.name);
    if (other) {
      add(
        ["accounts", i, "name"],
        `also the stack name of account ${other.id} (${other.accountName}, selection ${other.selection}) in the accounts lock ${lockFile}: rename this listed account (the lock keeps its stack names)`,
      );
    }
  });
}

/**
 * The accounts the lock adds, each with its selection's settings (and its override): sorted by id, after the
 * listed ones. A listed account with the same id wins; that, the management account being selected, and an
 * override no account uses are warnings.
 */
export function discoveredAccounts(
  organization: OrganizationConfig,
  listed: readonly { readonly id: string }[],
  managementAccountId: string,
  { lock, lockFile }: DiscoveredAccountsInput,
): { accounts: (AccountSettings & { name: string; id: string })[]; discovery: Discovery } {
  const listedAt = new Map(listed.map((a, i) => [a.id, i]));
  const selections = new Map(organization.selections.map((s, i) => [s.name, { selection: s, index: i }]));
  const accounts: (AccountSettings & { name: string; id: string })[] = [];
  const warnings: string[] = [];
  const used = new Set<string>();
  for (const locked of [...lock.accounts].sort((a, b) => a.id.localeCompare(b.id))) {
    const found = selections.get(locked.selection);
    if (!found) continue;
    const listedIndex = listedAt.get(locked.id);
    if (listedIndex !== undefined) {
      warnings.push(
        `accounts[${listedIndex}].id: account ${locked.id} is also selected from the Organization (selection ${locked.selection}, ${locked.ouPath}, in ${lockFile}); the listed entry wins`,
      );
      continue;
    }
    used.add(`${locked.selection}|${locked.id}`);
    if (locked.id === managementAccountId) {
      warnings.push(
        `organization.selections[${found.index}]: selection ${locked.selection} takes the management account ${locked.id} (${locked.ouPath}); it gets a runtime stack like any member (first-use role with Marketplace permissions, runtime roles)`,
      );
    }
    accounts.push({ name: locked.name, id: locked.id, ...settingsFor(found.selection, locked.id) });
  }
  organization.selections.forEach((selection, s) => {
    for (const id of Object.keys(selection.overrides).filter((id) => !used.has(`${selection.name}|${id}`))) {
      warnings.push(
        `organization.selections[${s}].overrides.${id}: no account the lock has from selection ${selection.name} has this id (or a listed account with it wins), so the override changes nothing`,
      );
    }
  });
  return { accounts, discovery: { lockFile, lock, accountIds: accounts.map((a) => a.id), warnings } };
}
