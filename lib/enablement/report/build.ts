import { EXIT_CODES } from "../../core/exit-codes";
import type { AccountTarget } from "../targets";
import { type AccountReport, type FailureReport, type ProfileReport, type ProfileStatus, type Report } from "../../contracts/report";
import type { EnablementFailure } from "../aws/errors";

/** Counts profiles by status. */
export function summarize(accounts: readonly AccountReport[]): Report["summary"] {
  const byStatus: Record<ProfileStatus, number> = {
    enabled: 0,
    "already-enabled": 0,
    "would-enable": 0,
    pending: 0,
    "not-enabled": 0,
    failed: 0,
  };
  for (const profile of accounts.flatMap((a) => a.profiles)) byStatus[profile.status] += 1;
  return { accounts: accounts.length, profiles: accounts.reduce((n, a) => n + a.profiles.length, 0), byStatus };
}

/**
 * 0 when every profile is enabled (a dry run: when every read worked), 1 otherwise. A form that differs
 * from the config is a warning, not a failure: the accounts have a form in effect.
 */
export function exitCodeOf(report: Pick<Report, "command" | "dryRun" | "useCase" | "accounts">): Report["exitCode"] {
  const profiles = report.accounts.flatMap((a) => a.profiles);
  const ok: readonly ProfileStatus[] =
    report.command === "enable" && report.dryRun ? ["would-enable", "already-enabled"] : ["enabled", "already-enabled"];
  const failed =
    report.useCase.status === "failed" ||
    report.accounts.some((a) => a.error || a.useCaseForms?.some((f) => f.status === "failed")) ||
    profiles.some((p) => !ok.includes(p.status) || p.proof.status === "failed");
  return failed ? EXIT_CODES.failed : EXIT_CODES.ok;
}

export function failureReport(failure: EnablementFailure): FailureReport {
  return { kind: failure.kind, message: failure.message, ...(failure.code && { code: failure.code }) };
}

/** An account's report in which every profile ended the same way: the account could not be entered, or was never started. */
export function everyProfileAlike(
  account: AccountTarget,
  outcome: Pick<ProfileReport, "status" | "proof" | "error">,
  accountError?: FailureReport,
): AccountReport {
  return {
    name: account.name,
    accountId: account.accountId,
    firstUseRoleArn: account.firstUseRoleArn,
    ...(accountError && { error: accountError }),
    profiles: account.profiles.map((p) => ({
      region: p.region,
      modelId: p.modelId,
      kind: p.kind,
      invocationId: p.invocationId,
      action: "none",
      agreement: "UNKNOWN",
      ...outcome,
    })),
  };
}
