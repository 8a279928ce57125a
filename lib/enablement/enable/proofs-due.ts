import type { Report } from "../../contracts/report";
import { NO_PROOF_ROLE_NOTE } from "./proof-notes";

/** Identifies one profile of one account across runs. */
export const profileKey = (accountId: string, region: string, invocationId: string): string => `${accountId} ${region} ${invocationId}`;

/**
 * The profiles a previous enable run left without a runtime-role proof: stopped before it, failed, pending
 * or not enabled. Their agreement may be AVAILABLE now (created by that run), which alone would make this
 * run call them already enabled and skip the proof; these keys make it prove them instead.
 * Profiles the previous run proved, found already enabled, or had no runtime role for are not due.
 */
export function proofsDue(previous: Report): Set<string> {
  const due = new Set<string>();
  if (previous.command !== "enable" || previous.dryRun) return due;
  for (const account of previous.accounts) {
    for (const p of account.profiles) {
      const settled =
        p.proof.status === "passed" ||
        (p.proof.status === "skipped" && (p.status === "already-enabled" || p.proof.note === NO_PROOF_ROLE_NOTE));
      if (!settled) due.add(profileKey(account.accountId, p.region, p.invocationId));
    }
  }
  return due;
}
