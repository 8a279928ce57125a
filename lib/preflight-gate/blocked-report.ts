import type { PreflightResult, PreflightSection } from "../contracts/preflight-report";
import type { AccountReport, Report } from "../contracts/report";
import { everyProfileAlike } from "../enablement/report/build";
import { finishReport, type RunContext } from "../enablement/run-context";
import type { EnablementTargets } from "../enablement/targets";
import { findingApplies } from "../preflight/outcomes";

/** enable's `preflight` section: the verdict with the findings and counts of the run. */
export function preflightSection(result: PreflightResult): PreflightSection {
  const { scps, findings, summary } = result;
  const status = summary.blocking > 0 ? "blocked" : summary.warnings > 0 || scps === "unknown" ? "warnings" : "passed";
  return { status, scps, findings, summary };
}

/**
 * The report of an enable that a blocking finding stopped before any AWS write: the form not submitted, every profile
 * not enabled, and each blocked profile's error naming its findings and their fixes (kind `preflight-blocked`).
 */
export function blockedReport(
  targets: EnablementTargets,
  result: PreflightResult,
  parts: Pick<Report, "dryRun" | "strategy" | "startedAt">,
  run: RunContext,
): Report {
  const accounts = targets.accounts.map((account): AccountReport => ({
    name: account.name,
    accountId: account.accountId,
    firstUseRoleArn: account.firstUseRoleArn,
    profiles: account.profiles.map((p) => {
      const key = { accountId: account.accountId, region: p.region, invocationId: p.invocationId, modelId: p.modelId };
      const blocking = result.findings.filter((f) => f.severity === "blocking" && findingApplies(f, key));
      return {
        region: p.region,
        modelId: p.modelId,
        kind: p.kind,
        invocationId: p.invocationId,
        status: "not-enabled",
        action: "none",
        agreement: "UNKNOWN",
        proof: { status: "skipped", note: "enable stopped by preflight" },
        ...(blocking.length > 0 && {
          error: { kind: "preflight-blocked", message: blocking.map((f) => `${f.message}. Fix: ${f.fix}`).join(" | ") },
        }),
      };
    }),
  }));
  return { ...nothingWrittenReport(targets, accounts, parts, run), preflight: preflightSection(result) };
}

/** An enable that stopped before any AWS write: the form not submitted, the accounts as given. */
function nothingWrittenReport(
  targets: EnablementTargets,
  accounts: AccountReport[],
  parts: Pick<Report, "dryRun" | "strategy" | "startedAt">,
  run: RunContext,
): Report {
  const { accountId, roleArn, region } = targets.useCase;
  return finishReport(
    {
      command: "enable",
      ...parts,
      runId: run.runId,
      useCase: { accountId, roleArn, region, status: "not-submitted", differences: [] },
      accounts,
    },
    run,
  );
}

/**
 * The report of an enable interrupted during its preflight, before any AWS write: the form not submitted, every
 * profile not enabled with an `interrupted` error, and no preflight section (it did not finish).
 */
export function interruptedInPreflightReport(
  targets: EnablementTargets,
  parts: Pick<Report, "dryRun" | "strategy" | "startedAt">,
  run: RunContext,
): Report {
  const error = {
    kind: "interrupted" as const,
    message: "interrupted during the preflight, before any AWS write; re-run the command to finish",
  };
  const accounts = targets.accounts.map((account) =>
    everyProfileAlike(account, { status: "not-enabled", proof: { status: "skipped", note: "interrupted" }, error }),
  );
  return nothingWrittenReport(targets, accounts, parts, run);
}
