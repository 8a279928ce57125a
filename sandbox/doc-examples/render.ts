import type { DocExample, KeptLines } from "./examples";

const OMITTED = "…";

const openMarker = (name: string): string => `<!-- output: ${name} · regenerate: npm run docs:examples -->`;
const CLOSE_MARKER = "<!-- /output -->";
const MARKED = /<!-- output: ([\w-]+) · regenerate: npm run docs:examples -->\n([\s\S]*?)\n<!-- \/output -->/g;

function indexFrom(lines: readonly string[], start: number, pattern: RegExp, example: string): number {
  const found = lines.findIndex((line, i) => i >= start && pattern.test(line));
  if (found < 0) throw new Error(`doc example "${example}": no line matching ${pattern} after line ${start + 1} of its captured output`);
  return found;
}

function keptRange(lines: readonly string[], start: number, keep: KeptLines, example: string): [number, number] {
  const from = indexFrom(lines, start, keep.from, example);
  if (keep.to) return [from, indexFrom(lines, from, keep.to, example) + 1];
  return [from, keep.lines === undefined ? lines.length : Math.min(lines.length, from + keep.lines)];
}

/** The lines of the captured output the doc shows, "…" where some were left out. */
export function abridged(example: DocExample, captured: string): string[] {
  const lines = captured.replace(/\n$/, "").split("\n");
  if (!example.keep) return lines;
  const shown: string[] = [];
  let next = 0;
  for (const keep of example.keep) {
    const [from, to] = keptRange(lines, next, keep, example.name);
    if (from > 0 && from !== next) shown.push(OMITTED);
    shown.push(...lines.slice(from, to));
    next = to;
  }
  if (next < lines.length) shown.push(OMITTED);
  return shown;
}

/** The doc's text between the example's markers. */
export function renderedBody(example: DocExample, captured: string): string {
  const lines = abridged(example, captured);
  if (example.show === "markdown-one-level-deeper") return ["", ...lines.map((l) => (/^#{1,5} /.test(l) ? `#${l}` : l)), ""].join("\n");
  return [`\`\`\`${example.show.fence}`, ...lines, "```"].join("\n");
}

interface MarkedBlock {
  readonly name: string;
  readonly body: string;
  /** 1-based line of the opening marker. */
  readonly line: number;
}

export function markedBlocks(markdown: string): MarkedBlock[] {
  return [...markdown.matchAll(MARKED)].map((m) => ({
    name: m[1],
    body: m[2],
    line: markdown.slice(0, m.index).split("\n").length,
  }));
}

/** The doc with every marked block rendered again from its captured output. */
export function renderDoc(markdown: string, bodyOf: (name: string) => string): string {
  return markdown.replace(MARKED, (_all, name: string) => `${openMarker(name)}\n${bodyOf(name)}\n${CLOSE_MARKER}`);
}

/** The doc without its marked blocks: what the unmarked-output check reads. */
export function withoutMarkedBlocks(markdown: string): string {
  return markdown.replace(MARKED, (all) => all.replace(/[^\n]/g, ""));
}
