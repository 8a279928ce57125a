import { profileLabel } from "./profile-label";
import { PROFILE_STATUSES, type AccountReport, type ProfileReport, type Report, type UseCaseReport } from "../../contracts/report";

/** The table's columns and cells, shared by the terminal table and the Markdown summary. */
export interface SummaryTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const ms = (value: number | undefined): string => (value === undefined ? "-" : `${value} ms`);
const yesNo = (value: boolean | undefined): string => (value === undefined ? "-" : value ? "yes" : "no");
const errorCell = (p: ProfileReport): string => (p.error ? `${p.error.kind}${p.error.code ? ` (${p.error.code})` : ""}` : "");

function proofCell(p: ProfileReport): string {
  if (p.proof.status === "passed") return `passed ${ms(p.proof.latencyMs)}`;
  return p.proof.status;
}

/** One row per account x profile. */
export function summaryTable(report: Report): SummaryTable {
  const each = <T>(fn: (a: AccountReport, p: ProfileReport) => T): T[] => report.accounts.flatMap((a) => a.profiles.map((p) => fn(a, p)));
  if (report.command === "status") {
    return {
      head: ["Account", "Region", "Profile", "Status", "Agreement", "Authorized", "Entitled", "In region", "Error"],
      rows: each((a, p) => [
        a.name,
        p.region,
        profileLabel(p),
        p.status,
        p.agreement,
        yesNo(p.availability?.authorized),
        yesNo(p.availability?.entitled),
        yesNo(p.availability?.regionAvailable),
        errorCell(p),
      ]),
    };
  }
  return {
    head: ["Account", "Region", "Profile", "Status", "Agreement", "Latency", "Runtime role", "Error"],
    rows: each((a, p) => [a.name, p.region, profileLabel(p), p.status, p.agreement, ms(p.latencyMs), proofCell(p), errorCell(p)]),
  };
}

/**
 * "Use-case form: unchanged (account 111111111111, us-east-1)" and the differing fields, one per line; then each runtime
 * account's own form in an opt-in Region ("Use-case form in ap-south-2: submitted (account ml, 333333333333)").
 */
export function useCaseLines(report: Report): string[] {
  const differences = (form: UseCaseReport) =>
    form.differences.map((d) => `  ${d.field}: submitted ${JSON.stringify(d.submitted)}, configured ${JSON.stringify(d.configured)}`);
  const { useCase } = report;
  return [
    `Use-case form: ${useCase.status} (account ${useCase.accountId}, ${useCase.region})`,
    ...differences(useCase),
    ...report.accounts.flatMap((a) =>
      (a.useCaseForms ?? []).flatMap((form) => [
        `Use-case form in ${form.region} (opt-in Region): ${form.status} (account ${a.name}, ${form.accountId})`,
        ...differences(form),
      ]),
    ),
  ];
}

/** "3 profiles in 2 accounts: 2 enabled, 1 already-enabled." */
export function summaryLine(report: Report): string {
  const { summary } = report;
  const counts = PROFILE_STATUSES.filter((s) => summary.byStatus[s] > 0).map((s) => `${summary.byStatus[s]} ${s}`);
  return `${summary.profiles} profiles in ${summary.accounts} accounts: ${counts.join(", ") || "none"}.`;
}

/** Each distinct failure once, with where it happened: the actionable messages behind the Error column. */
export function failureLines(report: Report): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  if (report.useCase.error) lines.push(`use-case form: ${report.useCase.error.message}`);
  for (const account of report.accounts) {
    for (const form of account.useCaseForms ?? [])
      if (form.error) lines.push(`${account.name} use-case form in ${form.region}: ${form.error.message}`);
    for (const p of account.profiles) {
      if (!p.error || seen.has(p.error.message)) continue;
      seen.add(p.error.message);
      lines.push(`${account.name} ${p.region} ${profileLabel(p)}: ${p.error.message}`);
    }
  }
  return lines;
}

/** Each endpoint that stopped answering, once: "bedrock-runtime in us-east-1 (https://…) stopped answering: …". */
export function endpointLines(report: Report): string[] {
  return (report.endpointsDown ?? []).map(
    (down) =>
      `${down.service} in ${down.region}${down.url ? ` (${down.url})` : ""} stopped answering: ${down.failures} attempts in a row timed out or could not connect (last: ${down.lastError}); the run's calls to it after that failed at once (endpoint-down)`,
  );
}
