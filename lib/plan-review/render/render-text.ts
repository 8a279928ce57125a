import { formatCounts, plural, resourceHeading, resourceLines, stackNote } from "./diff-lines";
import type { PlanSummary } from "../model";
import { selectionLines } from "./selection-lines";

/** The plain-text summary for CI logs: the same content as the Markdown, without markup or folding. */
export function renderText(summary: PlanSummary): string {
  const { totals, findings } = summary;
  const out = [
    `Bedrock access plan: ${plural(summary.stacks.length, "stack")}, ${formatCounts(totals)}, ${plural(findings.length, "warning")}`,
  ];
  if (summary.selection) {
    const { header, removed, drift, gaps } = selectionLines(summary.selection, (name) => name);
    for (const line of [header, removed]) if (line !== undefined) out.push(line);
    if (drift) out.push(drift.drifted ? `DRIFT ${drift.line}` : drift.line);
    for (const gap of gaps) out.push(`WARNING the review is partial: ${gap}`);
  }
  if (findings.length > 0) {
    out.push("");
    for (const f of findings) out.push(`WARNING ${f.stack} ${f.address}: ${f.message}`);
  }
  out.push("");
  for (const stack of summary.stacks) {
    const account = stack.accountId ? ` (${stack.accountId})` : "";
    const state = stack.errored ? "PLAN ERRORED, " : "";
    const note = stackNote(stack);
    const changes = stack.resources.length === 0 ? "no changes" : formatCounts(stack.counts);
    out.push(`${stack.stack}${account}: ${state}${changes}${note ? ` (${note})` : ""}`);
    for (const resource of stack.resources) {
      out.push(`  ${resourceHeading(resource)}${resource.findings.length > 0 ? "  [WARNING]" : ""}`);
      for (const line of resourceLines(resource)) out.push(`      ${line}`);
    }
  }
  return `${out.join("\n")}\n`;
}
