import Table from "cli-table3";
import type { Report } from "../../contracts/report";
import { endpointLines, failureLines, summaryLine, summaryTable, useCaseLines } from "./summary-rows";

/** The final result for stdout: the form, the account x profile table, the failures and a summary. */
export function renderTable(report: Report): string {
  const { head, rows } = summaryTable(report);
  // No colours: the table goes to logs and files as often as to terminals.
  const table = new Table({ head: [...head], style: { head: [], border: [], compact: true } });
  for (const row of rows) table.push([...row]);
  const failures = failureLines(report);
  const endpoints = endpointLines(report);
  const text = [
    ...useCaseLines(report),
    table.toString(),
    ...(endpoints.length > 0 ? ["Endpoints down:", ...endpoints.map((e) => `  - ${e}`)] : []),
    ...(failures.length > 0 ? ["Failures:", ...failures.map((f) => `  - ${f}`)] : []),
    summaryLine(report),
  ].join("\n");
  return `${text}\n`;
}
