import { appendFileSync } from "node:fs";
import type { Report } from "../../contracts/report";
import type { Logger } from "../../core/logger";
import { writeFileAtomically } from "../../core/output-files";
import { maskSecrets } from "../../core/redact";
import { renderMarkdown } from "./render-markdown";

export interface ReportTargets {
  /** `--report`: the JSON report, access key ids masked. */
  readonly reportFile?: string;
  /** `--markdown`: the Markdown summary. */
  readonly markdownFile?: string;
  /** `$GITHUB_STEP_SUMMARY`: the Markdown is appended. */
  readonly stepSummaryFile?: string;
}

/** Writes the run's report everywhere it is asked for. */
export function publishReport(report: Report, targets: ReportTargets, log: Logger): void {
  if (targets.reportFile) {
    writeFileAtomically(targets.reportFile, `${maskSecrets(JSON.stringify(report, null, 2))}\n`);
    log.info(`report written to ${targets.reportFile}`);
  }
  const markdown = renderMarkdown(report);
  if (targets.markdownFile) {
    writeFileAtomically(targets.markdownFile, markdown);
    log.info(`Markdown summary written to ${targets.markdownFile}`);
  }
  if (targets.stepSummaryFile) appendFileSync(targets.stepSummaryFile, `${markdown}\n`);
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
