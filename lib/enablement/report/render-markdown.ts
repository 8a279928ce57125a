import type { Report } from "../../contracts/report";
import { endpointLines, failureLines, summaryLine, summaryTable, useCaseLines } from "./summary-rows";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The run as Markdown, for `--markdown` and $GITHUB_STEP_SUMMARY. */
export function renderMarkdown(report: Report): string {
  const { head, rows } = summaryTable(report);
  const title = report.command === "status" ? "Bedrock status" : `Bedrock enablement${report.dryRun ? " (dry run)" : ""}`;
  const [formLine, ...differences] = useCaseLines(report);
  const failures = failureLines(report);
  const endpoints = endpointLines(report);
  const lines = [
    `## ${title}`,
    "",
    `${report.exitCode === 0 ? "✅" : "❌"} ${summaryLine(report)} Run \`${report.runId}\`${
      report.command === "enable" ? `, strategy \`${report.strategy}\`` : ""
    }.`,
    "",
    `**${formLine}**`,
    ...differences.map((d) => `- ${d.trim()}`),
    "",
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
    ...(endpoints.length > 0 ? ["", "### Endpoints down", "", ...endpoints.map((e) => `- ${cell(e)}`)] : []),
    ...(failures.length > 0 ? ["", "### Failures", "", ...failures.map((f) => `- ${cell(f)}`)] : []),
  ];
  return `${lines.join("\n")}\n`;
}
