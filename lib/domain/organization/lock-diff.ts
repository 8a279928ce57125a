import type { AccountsLock, LockedAccount } from "./accounts-lock";
import { sameCriteria } from "./accounts-lock";

/**
 * How the Organization (as resolved now) differs from the accounts lock, account by account: what
 * `discover --check` reports and what `discover` writes. An account renamed in Organizations keeps its stack
 * name (the lock is keyed by account id), but the lock records the new account name, so it is a difference too.
 */
export const ACCOUNT_CHANGE_KINDS = ["joined", "left", "moved", "renamed", "reselected"] as const;
export type AccountChangeKind = (typeof ACCOUNT_CHANGE_KINDS)[number];

export interface AccountChange {
  readonly kind: AccountChangeKind;
  readonly id: string;
  /** The stack name suffix, as the lock has it (new accounts: as assigned now). */
  readonly name: string;
  readonly accountName: string;
  /** What changed, e.g. `Root/Workloads/CI → Root/Sandbox`. */
  readonly detail: string;
}

export interface LockDifferences {
  /** The Organization itself, when the lock was written for another one. */
  readonly organization?: { readonly from: string; readonly to: string };
  /** Selections added, removed or whose criteria changed since the lock was written. */
  readonly selections: readonly string[];
  readonly accounts: readonly AccountChange[];
}

export const hasDifferences = (d: LockDifferences): boolean =>
  d.organization !== undefined || d.selections.length > 0 || d.accounts.length > 0;

const where = (a: LockedAccount) => `${a.ouPath} (${a.ouId}), selection ${a.selection}`;

/** Every difference between the lock on disk (`previous`, undefined when there is none yet) and the one discover would write. */
export function diffLocks(previous: AccountsLock | undefined, next: AccountsLock): LockDifferences {
  const before = new Map((previous?.accounts ?? []).map((a) => [a.id, a]));
  const after = new Map(next.accounts.map((a) => [a.id, a]));
  const changes: AccountChange[] = [];
  const change = (kind: AccountChangeKind, a: LockedAccount, detail: string) =>
    changes.push({ kind, id: a.id, name: a.name, accountName: a.accountName, detail });
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) {
      change("joined", now, `in ${where(now)}`);
      continue;
    }
    if (was.ouId !== now.ouId || was.ouPath !== now.ouPath)
      change("moved", now, `${was.ouPath} (${was.ouId}) → ${now.ouPath} (${now.ouId})`);
    if (was.accountName !== now.accountName) {
      change("renamed", now, `"${was.accountName}" → "${now.accountName}"; the stack keeps its name, runtime-${now.name}`);
    }
    if (was.selection !== now.selection) change("reselected", now, `selection ${was.selection} → ${now.selection}`);
  }
  for (const [id, was] of before) if (!after.has(id)) change("left", was, `was in ${where(was)}`);
  // Without a lock every account is new; its selections need no second mention.
  const names = previous ? new Set([...Object.keys(previous.selections), ...Object.keys(next.selections)]) : new Set<string>();
  const selections = [...names].filter((name) => {
    const a = previous?.selections[name];
    const b = next.selections[name];
    return !a || !b || !sameCriteria(a, b);
  });
  const organization =
    previous && previous.organizationId !== next.organizationId ? { from: previous.organizationId, to: next.organizationId } : undefined;
  return {
    ...(organization ? { organization } : {}),
    selections: selections.sort(),
    accounts: changes.sort(
      (a, b) => a.id.localeCompare(b.id) || ACCOUNT_CHANGE_KINDS.indexOf(a.kind) - ACCOUNT_CHANGE_KINDS.indexOf(b.kind),
    ),
  };
}
