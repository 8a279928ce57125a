import Table from "cli-table3";
import type { CheckOutcome, Finding, PreflightResult } from "../../contracts/preflight-report";

const HEAD = ["Account", "Region", "Profile", "SCPs", "Opt-in Region", "Model offered", "Roles"] as const;

const cell = (outcome: CheckOutcome): string => (outcome === "passed" ? "ok" : outcome);

export function findingLine(finding: Finding): string {
  return `[${finding.severity}] ${finding.message}. Fix: ${finding.fix}`;
}

export function summaryLine(result: PreflightResult): string {
  const { accounts, profiles, blockedProfiles, blocking, warnings } = result.summary;
  const counts = [`${blocking} blocking finding${blocking === 1 ? "" : "s"}`, `${warnings} warning${warnings === 1 ? "" : "s"}`].join(", ");
  const verdict =
    blockedProfiles > 0
      ? `${blockedProfiles} blocked`
      : warnings > 0 || result.scps === "unknown"
        ? "nothing found that blocks enable, but not everything could be checked (the warnings say what)"
        : "nothing blocks enable";
  return `Preflight: ${profiles} profiles in ${accounts} accounts: ${verdict} (${counts}; SCPs ${result.scps}).`;
}

/** For stdout: the account × profile table of check outcomes, the findings with their fixes, and a summary. */
export function renderPreflight(result: PreflightResult): string {
  // No colours: the table goes to logs and files as often as to terminals.
  const table = new Table({ head: [...HEAD], style: { head: [], border: [], compact: true } });
  for (const row of result.profiles) {
    const { scp, optInRegion, modelOffered, assumeRole } = row.checks;
    table.push([row.accountName, row.region, row.invocationId, cell(scp), cell(optInRegion), cell(modelOffered), cell(assumeRole)]);
  }
  const findings = [...result.findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "blocking" ? -1 : 1));
  const forms = (result.useCaseForms ?? []).map(
    (f) =>
      `Use-case form in ${f.region} (opt-in Region), account ${f.accountName} (${f.accountId}): ${f.state}${f.state === "not-submitted" ? " (enable submits it)" : ""}`,
  );
  const text = [
    table.toString(),
    ...forms,
    ...(findings.length > 0 ? ["Findings:", ...findings.map((f) => `  - ${findingLine(f)}`)] : []),
    summaryLine(result),
  ].join("\n");
  return `${text}\n`;
}
