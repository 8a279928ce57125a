import { performance } from "node:perf_hooks";
import { planFromJson } from "../lib/plan-review/plan-json";
import { GITHUB_COMMENT_LIMIT, GITHUB_STEP_SUMMARY_LIMIT, renderMarkdown } from "../lib/plan-review/render/render-markdown";
import { renderText } from "../lib/plan-review/render/render-text";
import { summarizePlans } from "../lib/plan-review/summarize";
import { generatePlan } from "./plan-generator";

/**
 * `npm run bench:plan-review -- [resources...]`: how long the plan review takes on synthetic plans of
 * the given sizes (default 1,000, 10,000 and 100,000 resource changes), and the process's peak memory.
 * A benchmark, not a test: it prints figures and fails only if the review throws.
 */
function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, (performance.now() - start) / 1000];
}

const sizes = process.argv.slice(2).map(Number).filter(Number.isInteger);
const rows: string[] = [];
for (const size of sizes.length > 0 ? sizes : [1_000, 10_000, 100_000]) {
  const generated = generatePlan(size);
  const text = JSON.stringify(generated.json);
  const [plan, parseS] = time(() => planFromJson(JSON.parse(text), "bench.json"));
  const [summary, summarizeS] = time(() =>
    summarizePlans([{ stack: "runtime-bench", source: "bench.json", plan }], {
      firstUseRoleName: "bedrock-first-use",
      organizationAccounts: ["111111111111"],
    }),
  );
  const [full, markdownS] = time(() => renderMarkdown(summary));
  const [comment, commentS] = time(() => renderMarkdown(summary, { marker: true, maxBytes: GITHUB_COMMENT_LIMIT }));
  const [stepSummary] = time(() => renderMarkdown(summary, { maxBytes: GITHUB_STEP_SUMMARY_LIMIT }));
  const [log, textS] = time(() => renderText(summary));
  const total = parseS + summarizeS + markdownS + commentS + textS;
  rows.push(
    [
      generated.resources,
      `${(text.length / 1e6).toFixed(1)} MB`,
      summary.findings.length,
      parseS.toFixed(2),
      summarizeS.toFixed(2),
      (markdownS + commentS + textS).toFixed(2),
      total.toFixed(2),
      `${(full.length / 1e6).toFixed(1)} MB / ${(log.length / 1e6).toFixed(1)} MB`,
      Buffer.byteLength(comment),
      Buffer.byteLength(stepSummary),
      `${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    ].join(" | "),
  );
}
process.stdout.write(
  [
    "| resources | plan JSON | warnings | parse s | review s | render s | total s | full Markdown / text | comment bytes | step summary bytes | peak RSS |",
    "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ...rows.map((r) => `| ${r} |`),
    "",
  ].join("\n"),
);
