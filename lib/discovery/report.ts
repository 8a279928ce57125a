import Table from "cli-table3";
import { runtimeStackName } from "../contracts/stack-outputs/schema";
import type { AccountsLock } from "../domain/organization/accounts-lock";
import { ACCOUNT_CHANGE_KINDS, type AccountChange, type AccountChangeKind, type LockDifferences } from "../domain/organization/lock-diff";
import type { FoundAccount, Resolution } from "./resolve";

/** What `discover` found and how it differs from the lock: the `--json` output, and what the table shows. */
export interface DiscoverReport {
  readonly organizationId: string;
  readonly lockFile: string;
  /** Whether the lock on disk already matched the Organization. */
  readonly inSync: boolean;
  /** Whether this run wrote the lock (never with --check). */
  readonly written: boolean;
  /** Every account of the new lock, with what changed for it (empty: nothing). */
  readonly accounts: readonly (AccountsLock["accounts"][number] & {
    readonly stack: string;
    readonly alsoMatched: readonly string[];
    readonly changes: readonly AccountChangeKind[];
  })[];
  /** Accounts of the lock that no selection takes any more; `state` when the account is still there but not ACTIVE. */
  readonly left: readonly (AccountChange & { readonly stack: string; readonly state?: string })[];
  /** Accounts a selection takes that are not ACTIVE: left out of the lock. */
  readonly leftOut: readonly FoundAccount[];
  /** Every difference, account by account (joined, left, moved, renamed, reselected). */
  readonly changes: readonly AccountChange[];
  readonly selectionsChanged: readonly string[];
  readonly organizationChanged?: { readonly from: string; readonly to: string };
  /** Organizations API calls this run made, per operation. */
  readonly apiCalls?: Readonly<Record<string, number>>;
}

export function buildReport(
  next: AccountsLock,
  resolution: Resolution,
  differences: LockDifferences,
  run: { readonly lockFile: string; readonly inSync: boolean; readonly written: boolean; readonly apiCalls?: Record<string, number> },
): DiscoverReport {
  const found = new Map(resolution.accounts.map((a) => [a.id, a]));
  const notActive = new Map(resolution.leftOut.map((a) => [a.id, a.state]));
  const changesOf = (id: string) => differences.accounts.filter((c) => c.id === id).map((c) => c.kind);
  return {
    organizationId: next.organizationId,
    lockFile: run.lockFile,
    inSync: run.inSync,
    written: run.written,
    accounts: next.accounts.map((a) => ({
      ...a,
      stack: runtimeStackName(a.name),
      alsoMatched: found.get(a.id)?.alsoMatched ?? [],
      changes: changesOf(a.id),
    })),
    left: differences.accounts
      .filter((c) => c.kind === "left")
      .map((c) => {
        const state = notActive.get(c.id);
        return { ...c, stack: runtimeStackName(c.name), ...(state ? { state } : {}) };
      }),
    leftOut: resolution.leftOut,
    changes: differences.accounts,
    selectionsChanged: differences.selections,
    ...(differences.organization ? { organizationChanged: differences.organization } : {}),
    ...(run.apiCalls ? { apiCalls: run.apiCalls } : {}),
  };
}

const table = (head: string[]) => new Table({ head, style: { head: [], border: [], compact: true } });

/** One line per kind of change, with its count: `2 joined, 1 moved`; "no changes" when there are none. */
export function changeCounts(report: Pick<DiscoverReport, "changes">): string {
  const counts = ACCOUNT_CHANGE_KINDS.map((kind) => [kind, report.changes.filter((c) => c.kind === kind).length] as const).filter(
    ([, n]) => n > 0,
  );
  return counts.length === 0 ? "no changes" : counts.map(([kind, n]) => `${n} ${kind}`).join(", ");
}

/** The table on stdout: every account of the lock and every account that left, then the accounts left out. */
export function renderReport(report: DiscoverReport): string {
  const accounts = table(["Account", "Name in Organizations", "Stack", "OU path", "Selection", "Change"]);
  for (const a of report.accounts) accounts.push([a.id, a.accountName, a.stack, a.ouPath, a.selection, a.changes.join(", ")]);
  for (const a of report.left) accounts.push([a.id, a.accountName, a.stack, "", "", a.state ? `left (${a.state})` : "left"]);
  const lines = [accounts.toString()];
  if (report.leftOut.length > 0) {
    const leftOut = table(["Left out", "Name in Organizations", "State", "OU path", "Selection"]);
    for (const a of report.leftOut) leftOut.push([a.id, a.accountName, a.state, a.ouPath, a.selection]);
    lines.push("Accounts the selections take that are not ACTIVE (no stack):", leftOut.toString());
  }
  const details = report.changes.filter((c) => c.kind !== "joined").map((c) => `${c.id} ${c.kind}: ${c.detail}`);
  if (details.length > 0) lines.push(...details);
  if (report.organizationChanged) {
    lines.push(
      `The lock was written for Organization ${report.organizationChanged.from}; the credentials reach ${report.organizationChanged.to}.`,
    );
  }
  if (report.selectionsChanged.length > 0)
    lines.push(`Selections added, removed or changed since the lock: ${report.selectionsChanged.join(", ")}`);
  lines.push(`${report.accounts.length} accounts in ${report.organizationId}: ${changeCounts(report)}`);
  return `${lines.join("\n")}\n`;
}
