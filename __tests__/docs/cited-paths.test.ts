import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, normalize } from "node:path";
import { inlineCode, linkTargets, parseMarkdown, readDocs, type MarkdownDoc } from "../helpers/markdown";

/** The repo's files, tracked or new (not ignored): what a doc may cite. */
const repoFiles = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" })
  .split("\n")
  .filter((path) => path !== "" && existsSync(path));
const topFolders = new Set(repoFiles.filter((path) => path.includes("/")).map((path) => path.split("/")[0]));
const fileNames = new Set(repoFiles.map((path) => basename(path)));

/**
 * Files and folders the docs name that the user or a run creates, not files of this repo: config copies, stack
 * outputs, reports, plans, synth output and the sandbox's state. Named, not matched by a pattern, so a typo in a real
 * path still fails.
 */
const CREATED_BY_USER_OR_RUN = new Set([
  "my-org.yaml",
  "outputs.json",
  "outputs-1.json",
  "outputs-2.json",
  "outputs-3.json",
  "outputs-4.json",
  "enable-report.json",
  "enable-summary.md",
  "status-report.json",
  "preflight-report.json",
  "plan-comment.md",
  "comment.md",
  "plan-summary.md",
  "plan-selection.meta",
  "management.json",
  "manifest.json",
  "cdk.tf.json",
  "bedrock-catalog.lock.json",
  "bedrock-accounts.lock.json",
]);

const KNOWN_EXTENSION = /\.(ts|js|cjs|mjs|json|ya?ml|md|sh|py)$/;

/** An inline code span that cites a repo path: one word, under a top-level folder, or a file name with an extension. */
function citedPath(span: string): string | undefined {
  if (/[\s<>*{}…$?]/.test(span) || span.startsWith("-") || span.includes("://")) return undefined;
  const path = span.replace(/:\d+(-\d+)?$/, "").replace(/^\.\//, "");
  const top = path.split("/")[0];
  if (path.includes("/") && topFolders.has(top)) return path;
  if (!path.includes("/") && KNOWN_EXTENSION.test(path)) return path;
  return undefined;
}

/** The relative links whose file, or heading anchor in a Markdown file, does not exist; and cited paths that do not. */
function missingCitations(doc: MarkdownDoc, docsByPath: ReadonlyMap<string, MarkdownDoc>): string[] {
  const problems: string[] = [];
  for (const block of doc.blocks) {
    const where = `${doc.path}:${block.line}`;
    for (const target of linkTargets(block.text)) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [file, anchor] = target.split("#");
      const resolved = file === "" ? doc.path : normalize(join(dirname(doc.path), decodeURIComponent(file)));
      if (!existsSync(resolved)) {
        problems.push(`${where}: link ${target}: no ${resolved}`);
        continue;
      }
      if (anchor === undefined || !resolved.endsWith(".md")) continue;
      const linked = docsByPath.get(resolved) ?? parseMarkdown(resolved, readFileSync(resolved, "utf8"));
      if (!linked.headings.some((heading) => heading.slug === anchor))
        problems.push(`${where}: link ${target}: ${resolved} has no heading #${anchor}`);
    }
    for (const span of inlineCode(block.text)) {
      const path = citedPath(span);
      if (path === undefined || CREATED_BY_USER_OR_RUN.has(basename(path))) continue;
      const exists = path.includes("/") ? existsSync(path) : fileNames.has(path);
      if (!exists) problems.push(`${where}: \`${span}\`: no such ${path.includes("/") ? "path" : "file"} in the repo`);
    }
  }
  return problems;
}

const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;

/** `npm run <name>` in inline code or a code block, where `<name>` is no script of package.json. */
function missingScripts(doc: MarkdownDoc): string[] {
  const texts = [
    ...doc.blocks.flatMap((block) => inlineCode(block.text).map((span) => ({ line: block.line, span }))),
    ...doc.fences.flatMap((fence) => fence.lines.map((span, index) => ({ line: fence.line + index, span }))),
  ];
  return texts.flatMap(({ line, span }) =>
    [...span.matchAll(/\bnpm run ([\w:-]+)/g)]
      .filter((match) => !(match[1] in scripts))
      .map((match) => `${doc.path}:${line}: npm run ${match[1]}: no such script in package.json`),
  );
}

const docs = readDocs();
const docsByPath = new Map(docs.map((doc) => [doc.path, doc]));

describe("every npm script the docs run", () => {
  it.each(docs.map((doc) => [doc.path, doc] as const))("is in package.json, in %s", (_path, doc) => {
    expect(missingScripts(doc)).toEqual([]);
  });

  it("is found missing when misspelt (the check can fail)", () => {
    expect(missingScripts(parseMarkdown("planted.md", "Run `npm run bench:scal`.\n\n```sh\nnpm run demo\n```\n"))).toEqual([
      "planted.md:1: npm run bench:scal: no such script in package.json",
    ]);
  });
});

describe("every path the docs cite", () => {
  it.each(docs.map((doc) => [doc.path, doc] as const))("exists, with the heading a link points at, in %s", (_path, doc) => {
    expect(missingCitations(doc, docsByPath)).toEqual([]);
  });

  it("is found missing when a file, a heading or a cited path is wrong (the check can fail)", () => {
    const planted = parseMarkdown(
      "docs/planted.md",
      "See [ci](ci.md#no-such-heading), [gone](../lib/gone.ts), `lib/cli/run-cli.ts`, `lib/cli/run-cly.ts` and `wrte.ts`.",
    );
    expect(missingCitations(planted, docsByPath)).toEqual([
      "docs/planted.md:1: link ci.md#no-such-heading: docs/ci.md has no heading #no-such-heading",
      "docs/planted.md:1: link ../lib/gone.ts: no lib/gone.ts",
      "docs/planted.md:1: `lib/cli/run-cly.ts`: no such path in the repo",
      "docs/planted.md:1: `wrte.ts`: no such file in the repo",
    ]);
  });
});
