import { formatCounts, plural, resourceHeading, resourceLines } from "./diff-lines";
import { SYNTHESIZED_NOTE, type PlanSummary } from "../model";

/** The plain-text summary for CI logs: the same content as the Markdown, without markup or folding. */
export function renderText(summary: PlanSummary): string {
  const { totals, findings } = summary;
  const out = [
    `Bedrock access plan: ${plural(summary.stacks.length, "stack")}, ${formatCounts(totals)}, ${plural(findings.length, "warning")}`,
  ];
  if (findings.length > 0) {
    out.push("");
    for (const f of findings) out.push(`WARNING ${f.stack} ${f.address}: ${f.message}`);
  }
  out.push("");
  for (const stack of summary.stacks) {
    const account = stack.accountId ? ` (${stack.accountId})` : "";
    const state = stack.errored ? "PLAN ERRORED, " : "";
    const synthesized = stack.synthesized ? ` (${SYNTHESIZED_NOTE})` : "";
    out.push(`${stack.stack}${account}: ${state}${stack.resources.length === 0 ? "no changes" : formatCounts(stack.counts)}${synthesized}`);
    for (const resource of stack.resources) {
      out.push(`  ${resourceHeading(resource)}${resource.findings.length > 0 ? "  [WARNING]" : ""}`);
      for (const line of resourceLines(resource)) out.push(`      ${line}`);
    }
  }
  return `${out.join("\n")}\n`;
}
