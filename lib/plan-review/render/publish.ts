import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { appendToFile, writeFileAtomically } from "../../core/output-files";
import { GITHUB_COMMENT_LIMIT, GITHUB_STEP_SUMMARY_LIMIT, renderMarkdown } from "./render-markdown";
import { renderText } from "./render-text";
import type { PlanSummary } from "../model";

export interface PublishTargets {
  /** Write the full Markdown here. */
  readonly markdownFile?: string;
  /** Write the PR comment body here: Markdown with the update marker, cut to GitHub's comment limit. */
  readonly commentFile?: string;
  /** Append the full Markdown here (`$GITHUB_STEP_SUMMARY`). */
  readonly stepSummaryFile?: string;
  /** Print the plain text to stdout instead of the Markdown. */
  readonly text?: boolean;
}

const write = (file: string, text: string) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomically(file, text.endsWith("\n") ? text : `${text}\n`);
};

/** Writes the summary everywhere it is asked for; stdout always gets one rendering. The writers mask credentials. */
export function publishSummary(summary: PlanSummary, targets: PublishTargets, stdout: (text: string) => void): void {
  const markdown = renderMarkdown(summary);
  if (targets.markdownFile) write(targets.markdownFile, markdown);
  if (targets.commentFile) {
    const hint = targets.stepSummaryFile ? "the full diff is in the job summary" : undefined;
    write(targets.commentFile, renderMarkdown(summary, { marker: true, maxBytes: GITHUB_COMMENT_LIMIT, fullReportHint: hint }));
  }
  if (targets.stepSummaryFile) {
    const bounded = renderMarkdown(summary, {
      maxBytes: GITHUB_STEP_SUMMARY_LIMIT,
      ...(targets.markdownFile && { fullReportHint: `the full diff is in ${targets.markdownFile}` }),
    });
    appendToFile(targets.stepSummaryFile, `${bounded}\n`);
  }
  stdout(targets.text ? renderText(summary) : `${markdown}\n`);
}
