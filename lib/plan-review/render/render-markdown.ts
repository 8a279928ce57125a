import { ACTION_SYMBOLS, formatCounts, plural, resourceDetail, resourceLines, stackNote } from "./diff-lines";
import type { Finding } from "../findings";
import type { PlanSummary, ResourceSummary, StackSummary } from "../model";
import { selectionLines, type SelectionLines } from "./selection-lines";

/**
 * First line of every comment: lets a workflow find and update its previous comment.
 * @internal its tests read it
 */
export const COMMENT_MARKER = "<!-- bedrock-access-plan -->";
/** GitHub rejects comments over 65,536 characters; leave room for the marker and the note. Counted in UTF-8 bytes (never fewer than characters). */
export const GITHUB_COMMENT_LIMIT = 65_000;
/**
 * The runner drops a step summary over 1024 KiB ("$GITHUB_STEP_SUMMARY upload aborted, supports content up to
 * a size of 1024k", https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary).
 */
export const GITHUB_STEP_SUMMARY_LIMIT = 1_000_000;
/** A resource whose diff is longer than this many lines is folded into `<details>`. */
const FOLD_AFTER_LINES = 12;

export interface MarkdownOptions {
  /** Start with COMMENT_MARKER. @default false */
  readonly marker?: boolean;
  /** Drop the per-resource diffs (then cut the text) when its UTF-8 encoding is longer. @default - no limit */
  readonly maxBytes?: number;
  /** Said where the diffs were dropped, e.g. "the full plan is in the job summary". */
  readonly fullReportHint?: string;
}

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const cell = (text: string) => text.replace(/\|/g, "\\|");
/**
 * A plan's values are the pull request's to choose: inside a fence a value may not end the fence (```) or start a line
 * of its own (a newline), and in a warning it may not leave its list item.
 */
const inFence = (line: string) => line.replace(/\r?\n/g, "\\n").replace(/`{3,}/g, (ticks) => ticks.split("").join("\u200b"));
const oneLine = (text: string) => text.replace(/\r?\n/g, "\\n");

function findingLine(f: Finding): string {
  return `> - **${oneLine(f.stack)}** ${code(oneLine(f.address))}: ${oneLine(f.message)}`;
}

function resourceBlock(resource: ResourceSummary): string[] {
  const lines = resourceLines(resource);
  const warn = resource.findings.length > 0 ? " ⚠️" : "";
  const symbol = ACTION_SYMBOLS[resource.action];
  const detail = resourceDetail(resource);
  const heading = `${code(`${symbol} ${resource.address}`)}${detail}${warn}`;
  if (lines.length === 0) return [`- ${heading}`];
  const diff = ["```diff", ...lines.map(inFence), "```"];
  if (lines.length <= FOLD_AFTER_LINES && resource.findings.length === 0) return [`- ${heading}`, "", ...diff.map((l) => `  ${l}`)];
  const changed = resource.policies.reduce((n, p) => n + p.statements.length, 0);
  const what = changed > 0 ? plural(changed, "statement") : plural(lines.length, "line");
  const summary = `<code>${html(`${symbol} ${resource.address}`)}</code>${html(detail)}${warn}: ${what}`;
  return [`<details${resource.findings.length > 0 ? " open" : ""}><summary>${summary}</summary>`, "", ...diff, "", "</details>"];
}

function stackTitle(stack: StackSummary): string {
  const account = stack.accountId ? ` · ${stack.accountId}` : "";
  const note = stackNote(stack);
  return `#### ${stack.stack}${account}: ${stack.errored ? "⛔ plan errored, " : ""}${formatCounts(stack.counts)}${note ? ` (${note})` : ""}`;
}

function table(summary: PlanSummary): string[] {
  const rows = summary.stacks.map((s) => {
    const note = s.errored
      ? "⛔ errored"
      : s.findings.length > 0
        ? `⚠️ ${plural(s.findings.length, "warning")}`
        : s.resources.length === 0
          ? "no changes"
          : "";
    const marked = [stackNote(s), note].filter((n) => !!n).join(" · ");
    return `| ${s.accountId ?? ""} | ${cell(s.stack)} | ${s.counts.add} | ${s.counts.change} | ${s.counts.destroy} | ${cell(marked)} |`;
  });
  return ["| Account | Stack | Add | Change | Destroy | |", "|---|---|--:|--:|--:|---|", ...rows];
}

function selectionBlock({ header, removed, drift, gaps }: SelectionLines): string[] {
  const out: string[] = [];
  for (const line of [header, removed]) if (line !== undefined) out.push(line, "");
  if (drift) out.push(...(drift.drifted ? ["> [!CAUTION]", `> ${drift.line}`] : [drift.line]), "");
  if (gaps.length > 0) out.push("> [!WARNING]", "> The review is partial:", ...gaps.map((g) => `> - ${g}`), "");
  return out;
}

function render(summary: PlanSummary, options: MarkdownOptions, details: boolean): string {
  const { totals, findings } = summary;
  const out: string[] = [];
  if (options.marker) out.push(COMMENT_MARKER);
  out.push("### Bedrock access: plan", "");
  const selection = summary.selection && selectionLines(summary.selection, code);
  const warnings = findings.length > 0 ? ` · ⚠️ ${plural(findings.length, "warning")}` : "";
  if (summary.stacks.length > 0 || !selection)
    out.push(`**${formatCounts(totals)}** in ${plural(summary.stacks.length, "stack")}${warnings}`, "");
  if (selection) for (const line of selectionBlock(selection)) out.push(line);
  if (summary.stacks.length === 0 && selection) return out.join("\n");
  if (findings.length > 0) {
    out.push("> [!WARNING]", "> Review before merging:");
    for (const f of findings) out.push(findingLine(f));
    out.push("");
  }
  for (const row of table(summary)) out.push(row);
  out.push("");
  const changed = summary.stacks.filter((s) => s.resources.length > 0);
  if (!details) {
    if (changed.length > 0)
      out.push(`_Per-resource diffs left out to fit a comment${options.fullReportHint ? `: ${options.fullReportHint}` : ""}._`, "");
    return out.join("\n");
  }
  // Loops, not spreads: a plan with 100,000 resources would overflow the call stack with push(...lines).
  for (const stack of changed) {
    out.push(stackTitle(stack), "");
    for (const resource of stack.resources) {
      for (const line of resourceBlock(resource)) out.push(line);
      out.push("");
    }
  }
  return out.join("\n");
}

/** The PR comment / job summary: totals, warnings, a table per account, then each stack's IAM diff. */
export function renderMarkdown(summary: PlanSummary, options: MarkdownOptions = {}): string {
  const max = options.maxBytes;
  const full = render(summary, options, true);
  if (max === undefined || Buffer.byteLength(full) <= max) return full;
  const compact = render(summary, options, false);
  if (Buffer.byteLength(compact) <= max) return compact;
  const note = "\n\n_… truncated to fit._\n";
  return `${truncateToBytes(compact, max - Buffer.byteLength(note))}${note}`;
}

/** The longest prefix of whole lines (whole characters at least) that fits in `max` UTF-8 bytes. */
function truncateToBytes(text: string, max: number): string {
  const cut = Buffer.from(text)
    .subarray(0, max)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  const lastLine = cut.lastIndexOf("\n");
  return lastLine > 0 ? cut.slice(0, lastLine) : cut;
}
