import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A fenced code block: its info string (`bash`, `yaml`, `text`, or empty) and its lines. */
export interface Fence {
  readonly info: string;
  /** 1-based line of the first line inside the fence. */
  readonly line: number;
  readonly lines: readonly string[];
}

interface Heading {
  readonly level: number;
  readonly text: string;
  /** GitHub's anchor for it. */
  readonly slug: string;
  readonly line: number;
}

/** A paragraph, list item or table row outside fences. */
export interface Block {
  readonly line: number;
  readonly text: string;
  /** The headings above it, outermost first. */
  readonly section: readonly string[];
}

export interface MarkdownDoc {
  /** Relative to the repo root, e.g. `docs/ci.md`. */
  readonly path: string;
  readonly fences: readonly Fence[];
  readonly headings: readonly Heading[];
  readonly blocks: readonly Block[];
}

const FENCE = /^\s*(```|~~~)\s*([^`\s]*)/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;

/** The docs the checks read: README.md and docs/*.md (CHANGELOG.md is history, not a description of today's code). */
export function readDocs(root = process.cwd()): MarkdownDoc[] {
  const docs = readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`);
  return ["README.md", ...docs].map((path) => parseMarkdown(path, readFileSync(join(root, path), "utf8")));
}

export function parseMarkdown(path: string, text: string): MarkdownDoc {
  const fences: Fence[] = [];
  const headings: Heading[] = [];
  const blocks: Block[] = [];
  const slugs = new Map<string, number>();
  const lines = text.split("\n");
  let fence: { marker: string; info: string; line: number; lines: string[] } | undefined;
  let paragraph: { line: number; lines: string[] } | undefined;
  const section: string[] = [];
  const endParagraph = (): void => {
    if (paragraph) blocks.push({ line: paragraph.line, text: paragraph.lines.join("\n"), section: [...section] });
    paragraph = undefined;
  };
  lines.forEach((raw, index) => {
    const number = index + 1;
    const fenceMatch = FENCE.exec(raw);
    if (fence) {
      if (fenceMatch && fenceMatch[1] === fence.marker && raw.trim() === fence.marker) {
        fences.push({ info: fence.info, line: fence.line, lines: fence.lines });
        fence = undefined;
      } else fence.lines.push(raw);
      return;
    }
    if (fenceMatch) {
      endParagraph();
      fence = { marker: fenceMatch[1], info: fenceMatch[2], line: number + 1, lines: [] };
      return;
    }
    const headingMatch = HEADING.exec(raw);
    if (headingMatch) {
      endParagraph();
      const level = headingMatch[1].length;
      const headingText = headingMatch[2];
      const base = githubSlug(headingText);
      const seen = slugs.get(base) ?? 0;
      slugs.set(base, seen + 1);
      headings.push({ level, text: headingText, slug: seen === 0 ? base : `${base}-${seen}`, line: number });
      section.length = Math.min(section.length, level - 1);
      section[level - 1] = headingText;
      return;
    }
    if (raw.trim() === "") return endParagraph();
    if (raw.trimStart().startsWith("|")) {
      endParagraph();
      blocks.push({ line: number, text: raw, section: [...section] });
      return;
    }
    // A list item starts its own block.
    if (/^\s*([-*]|\d+\.)\s/.test(raw)) endParagraph();
    if (paragraph) paragraph.lines.push(raw);
    else paragraph = { line: number, lines: [raw] };
  });
  endParagraph();
  return { path, fences, headings, blocks };
}

/** GitHub's heading anchor: markup dropped, lower case, punctuation but `-` and `_` removed, spaces to `-`. */
export function githubSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The inline code spans of a prose block (single or double backticks), in order. */
export function inlineCode(text: string): string[] {
  const spans: string[] = [];
  for (const match of text.matchAll(/(`+)([\s\S]*?[^`])\1(?!`)/g)) spans.push(match[2].trim());
  return spans;
}

/** The targets of a block's Markdown links `[text](target)`, code spans removed first. */
export function linkTargets(text: string): string[] {
  const withoutCode = text.replace(/(`+)[\s\S]*?[^`]\1(?!`)/g, "");
  return [...withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]);
}

/** The table cells of a row (`| a | b |` → `["a", "b"]`); `\|` stays inside its cell. */
export function tableCells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}
