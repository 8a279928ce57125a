import type { Report } from "../../contracts/report";
import type { Logger } from "../../core/logger";
import { appendToFile, writeFileAtomically } from "../../core/output-files";
import { renderMarkdown } from "./render-markdown";

export interface ReportTargets {
  /** `--report`: the JSON report. */
  readonly reportFile?: string;
  /** `--markdown`: the Markdown summary. */
  readonly markdownFile?: string;
  /** `$GITHUB_STEP_SUMMARY`: the Markdown is appended. */
  readonly stepSummaryFile?: string;
}

/** Writes the run's report everywhere it is asked for (the file writers mask credentials). */
export function publishReport(report: Report, targets: ReportTargets, log: Logger): void {
  if (targets.reportFile) {
    writeFileAtomically(targets.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    log.info(`report written to ${targets.reportFile}`);
  }
  const markdown = renderMarkdown(report);
  if (targets.markdownFile) {
    writeFileAtomically(targets.markdownFile, markdown);
    log.info(`Markdown summary written to ${targets.markdownFile}`);
  }
  if (targets.stepSummaryFile) appendToFile(targets.stepSummaryFile, `${markdown}\n`);
}

/** `20250102T030405Z-9f1c`: when the run started, and a suffix (from `random` in [0, 1)) for runs in the same second. */
export function runId(now: number, random: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const suffix = Math.floor(random * 0x10000)
    .toString(16)
    .padStart(4, "0");
  return `${stamp}-${suffix}`;
}
