import { existsSync, readFileSync } from "node:fs";
import { inlineCode, parseMarkdown, readDocs, type Block, type MarkdownDoc } from "../helpers/markdown";

/**
 * The convention: a measured figure is followed, in its section, by a source line
 *   Source: `npm run <bench script>[ -- flags]`, YYYY-MM-DD, [bench-results/<file>.json](…) [`key`, …]
 * naming the command that measured it, the day, the results file and (optionally) the runs in it. A source line
 * covers the blocks since the previous one; right after a table, it vouches for every decimal number in the table,
 * which must be in those runs as printed (integers are counts and settings, prose holds ratios and sums: not matched).
 */
const SOURCE = /^Source: `npm run ([\w:-]+)(?: -- [^`]*)?`, (\d{4}-\d{2}-\d{2}), \[(bench-results\/[\w.-]+\.json)\]\([^)]*\)(.*)$/s;

/** The sections that hold measurements: each must carry sources (a section added later gets a source to be checked). */
const PERFORMANCE_SECTIONS: readonly (readonly [string, string])[] = [
  ["README.md", "Performance"],
  ["docs/ci.md", "Memory"],
  ["docs/ci.md", "What it saves"],
  ["docs/config.md", "`bedrock-access discover`"],
  ["docs/enablement.md", "Speed"],
];

/** A number with a unit of time, memory or ratio: "9.3 s", "2.4 GiB", "145 MB", "1.26×". */
const FIGURE = /\d[\d,.]*\s?(?:s|ms|seconds|minutes|MB|MiB|GiB|GB|×)(?![\w-])/;
/** Outside those sections, a figure beside these words is a measurement too, and needs its source. */
const MEASURED_ELSEWHERE = /\b(measured|took|timed)\b|`npm run bench|bench-results\//;

const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;

interface Source {
  readonly script: string;
  readonly date: string;
  readonly file: string;
  readonly keys: readonly string[];
}

function sourceOf(block: Block): Source | undefined {
  const match = SOURCE.exec(block.text.replace(/\n/g, " "));
  if (!match) return undefined;
  return { script: match[1], date: match[2], file: match[3], keys: inlineCode(match[4]) };
}

/** What a source line points at: the file's runs (the keys' subtrees, or the whole file), or why it cannot. */
function runsOf(source: Source): unknown[] | string {
  if (!(source.script in scripts)) return `npm run ${source.script}: no such script in package.json`;
  if (!existsSync(source.file)) return `${source.file}: no such file`;
  const results = JSON.parse(readFileSync(source.file, "utf8")) as Record<string, unknown>;
  const missing = source.keys.filter((key) => !(key in results));
  if (missing.length > 0) return `${source.file}: no ${missing.join(", ")}`;
  const runs = source.keys.length > 0 ? source.keys.map((key) => results[key]) : [results];
  const dates = runs.flatMap((run) => valuesIn(run).filter((value) => typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)));
  if (!dates.some((date) => String(date).startsWith(source.date)))
    return `${source.file}${source.keys.length > 0 ? ` ${source.keys.join(", ")}` : ""}: no run of ${source.date}`;
  return runs;
}

function valuesIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(valuesIn);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(valuesIn);
  return [value];
}

/** The numbers a run holds, and those in its strings (a note's "peak RSS 145 MB"), as seconds and GiB too. */
function numbersIn(runs: readonly unknown[]): number[] {
  return valuesIn(runs).flatMap((value) => {
    if (typeof value === "number") return [value, value / 1000, value / 1024];
    if (typeof value === "string") return (value.match(/\d+(?:\.\d+)?/g) ?? []).map(Number);
    return [];
  });
}

/** Decimal numbers of a table ("87.8", "0.78 GiB", "**22.1**") not in the runs at the precision printed. */
function unsourcedNumbers(table: readonly Block[], runs: readonly unknown[]): string[] {
  const numbers = numbersIn(runs);
  return table.flatMap((row) =>
    [...row.text.matchAll(/(?<![\w.,/-])(\d+)\.(\d+)(?![\w.,/-])/g)]
      .map((match) => match[0])
      .filter((printed) => !numbers.some((value) => value.toFixed(printed.split(".")[1].length) === printed))
      .map((printed) => `:${row.line}: ${printed} is not in the cited runs`),
  );
}

const sectionOf = (block: Block): string | undefined => block.section.at(-1);
const isRow = (block: Block): boolean => block.text.trimStart().startsWith("|");

/** What is wrong with a doc's measurements and their sources. */
function sourceProblems(doc: MarkdownDoc): string[] {
  const problems: string[] = [];
  const where = (block: Block): string => `${doc.path}:${block.line}`;
  const performance = new Set(PERFORMANCE_SECTIONS.filter(([path]) => path === doc.path).map(([, section]) => section));
  const sourced = new Set<Block>();
  let pending: Block[] = [];
  let section: string | undefined;
  doc.blocks.forEach((block, index) => {
    if (sectionOf(block) !== section) {
      pending = [];
      section = sectionOf(block);
    }
    const source = sourceOf(block);
    if (!source) {
      if (block.text.startsWith("Source: `")) problems.push(`${where(block)}: a source line that does not read ${SOURCE.source}`);
      pending.push(block);
      return;
    }
    const runs = runsOf(source);
    if (typeof runs === "string") problems.push(`${where(block)}: ${runs}`);
    else {
      const table: Block[] = [];
      for (let i = index - 1; i >= 0 && isRow(doc.blocks[i]); i -= 1) table.unshift(doc.blocks[i]);
      problems.push(...unsourcedNumbers(table, runs).map((problem) => `${doc.path}${problem}`));
    }
    for (const covered of pending) sourced.add(covered);
    pending = [];
  });
  for (const block of doc.blocks) {
    const name = sectionOf(block) ?? "";
    if (!FIGURE.test(block.text) || sourced.has(block) || sourceOf(block)) continue;
    if (performance.has(name) || MEASURED_ELSEWHERE.test(block.text))
      problems.push(`${where(block)}: a figure with no source line after it in its section (${name})`);
  }
  for (const name of performance)
    if (!doc.blocks.some((block) => sectionOf(block) === name && sourceOf(block)))
      problems.push(`${doc.path}: section "${name}" has no source line`);
  return problems;
}

describe("every performance figure in the docs", () => {
  it.each(readDocs().map((doc) => [doc.path, doc] as const))(
    "names its command, date and results file, and the file holds it, in %s",
    (_path, doc) => {
      expect(sourceProblems(doc)).toEqual([]);
    },
  );

  it("is caught without a source, or with a wrong command, date, file or number (the check can fail)", () => {
    const planted = parseMarkdown(
      "README.md",
      [
        "## Performance",
        "",
        "Measured: enable took 9.3 s.",
        "",
        "| step | seconds |",
        "|---|--:|",
        "| enable | 9.4 |",
        "",
        "Source: `npm run bench`, 2026-11-28, [bench-results/enable.json](bench-results/enable.json)",
        "",
        "Source: `npm run bench:nope`, 2026-11-28, [bench-results/enable.json](bench-results/enable.json)",
        "",
        "Source: `npm run bench`, 2026-11-29, [bench-results/enable.json](bench-results/enable.json) `scale`",
        "",
        "Then 2.4 GiB at the peak.",
      ].join("\n"),
    );
    expect(sourceProblems(planted)).toEqual([
      "README.md:7: 9.4 is not in the cited runs",
      "README.md:11: npm run bench:nope: no such script in package.json",
      "README.md:13: bench-results/enable.json scale: no run of 2026-11-29",
      "README.md:15: a figure with no source line after it in its section (Performance)",
    ]);
  });
});
