import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { cliFlags, type HelpFlag } from "../helpers/cli-flags";
import { flagMentions, scriptFlags, type FlagMention, type FlagOwner } from "../helpers/doc-commands";
import { inlineCode, parseMarkdown, readDocs, tableCells, type MarkdownDoc } from "../helpers/markdown";

const cli = cliFlags();
const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
const programs = { cli, scripts };
const docs = readDocs();

type Mention = FlagMention & { readonly where: string };

/** The flags on lines of shell (a code block, a workflow file); a line ending in `\\` goes on with the same command. */
function mentionsOnLines(lines: readonly string[], where: (index: number) => string): Mention[] {
  const found: Mention[] = [];
  let continued: FlagOwner | undefined;
  lines.forEach((line, index) => {
    const mentions = flagMentions(line, programs, continued);
    for (const mention of mentions) found.push({ ...mention, where: where(index) });
    const last = mentions.at(-1)?.owner;
    continued = line.trimEnd().endsWith("\\") ? (last ?? continued) : undefined;
  });
  return found;
}

/** Every flag a doc names, with where: in inline code, and on the lines of code blocks. */
function mentionsIn(doc: MarkdownDoc): Mention[] {
  const found: Mention[] = [];
  for (const block of doc.blocks)
    for (const span of inlineCode(block.text))
      for (const mention of flagMentions(span, programs)) found.push({ ...mention, where: `${doc.path}:${block.line}` });
  for (const fence of doc.fences) found.push(...mentionsOnLines(fence.lines, (index) => `${doc.path}:${fence.line + index}`));
  return found;
}

function flagsOf(owner: FlagOwner): ReadonlySet<string> {
  if (owner.kind === "cli") {
    const commands = [...cli.entries()].filter(
      ([name]) => owner.command === "" || name === owner.command || name.startsWith(`${owner.command} `),
    );
    return new Set(commands.flatMap(([, flags]) => [...flags.keys()]));
  }
  return owner.kind === "script" ? scriptFlags(owner.file) : new Set();
}

const everyFlag = new Set([
  ...[...cli.values()].flatMap((flags) => [...flags.keys()]),
  ...Object.values(scripts).flatMap((script) =>
    [...(/\btsx\s+(\S+\.ts)/.exec(script)?.slice(1) ?? [])].flatMap((file) => [...scriptFlags(file)]),
  ),
]);

function ownerName(owner: FlagOwner): string {
  if (owner.kind === "cli") return `bedrock-access ${owner.command}`.trim();
  return owner.kind === "script" ? owner.file : owner.tool;
}

/** The flags the docs give to a program that lacks them; a flag given to none must exist on one of ours. */
function unknownFlags(doc: MarkdownDoc): string[] {
  return unknown(mentionsIn(doc));
}

function unknown(mentions: readonly Mention[]): string[] {
  return mentions.flatMap(({ flag, owner, where, context }) => {
    const known = owner ? flagsOf(owner).has(flag) : everyFlag.has(flag);
    return known ? [] : [`${where}: ${flag} (${owner ? ownerName(owner) : "any command"}) in "${context.trim()}"`];
  });
}

describe("every flag the docs name", () => {
  it.each(docs.map((doc) => [doc.path, doc] as const))("exists on the command it is given to, in %s", (_path, doc) => {
    expect(unknownFlags(doc)).toEqual([]);
  });

  it("is found when misspelt (the check can fail)", () => {
    const planted = parseMarkdown(
      "planted.md",
      "Run `npx bedrock-access enable --dry-runn`.\n\n```bash\nnpm run plan -- --base x --detect-drifts\n```\n",
    );
    expect(unknownFlags(planted)).toEqual([
      'planted.md:1: --dry-runn (bedrock-access enable) in "npx bedrock-access enable --dry-runn"',
      'planted.md:4: --detect-drifts (bedrock-access plan) in "npm run plan -- --base x --detect-drifts"',
    ]);
  });
});

/** The workflows users copy and the actions they call run bedrock-access with flags too (their other tools' lines are not read). */
const WORKFLOWS = [
  ...readdirSync("examples/github-actions").map((name) => `examples/github-actions/${name}`),
  ...readdirSync("actions").map((name) => `actions/${name}/action.yml`),
].filter((path) => path.endsWith(".yml"));

describe("every flag the example workflows and the actions pass", () => {
  it.each(WORKFLOWS)("exists on the command it is given to, in %s", (path) => {
    // Comments are prose (and name gh's flags beside ours); blanked, so the line numbers stay.
    const lines = readFileSync(path, "utf8")
      .split("\n")
      .map((line) => (line.trimStart().startsWith("#") ? "" : line));
    const ours = mentionsOnLines(lines, (index) => `${path}:${index + 1}`).filter((mention) => mention.owner);
    expect(unknown(ours)).toEqual([]);
  });
});

/** The `--flags` the enable action's `flags` input gives as its example: users copy them into their workflows. */
function enableActionExampleFlags(actionYaml: string): string[] {
  const action = parse(actionYaml) as { inputs?: { flags?: { description?: string } } };
  return [...(action.inputs?.flags?.description ?? "").matchAll(/--[a-z][a-z-]*/g)].map((match) => match[0]);
}

describe("the enable action's example flags", () => {
  const enableFlags = flagsOf({ kind: "cli", command: "enable" });

  it("are flags of bedrock-access enable", () => {
    const named = enableActionExampleFlags(readFileSync("actions/enable/action.yml", "utf8"));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((flag) => !enableFlags.has(flag))).toEqual([]);
  });

  it("are found when enable lacks one (the check can fail)", () => {
    const planted = "inputs:\n  flags:\n    description: More flags (for example --skip-use-case-form --dry-run).\n";
    expect(enableActionExampleFlags(planted).filter((flag) => !enableFlags.has(flag))).toEqual(["--skip-use-case-form"]);
  });
});

/** The rows of tables with a Flag and a Default column: each flag's documented default, as the cell shows it. */
function documentedDefaults(doc: MarkdownDoc): { where: string; flag: string; given: string }[] {
  const rows: { where: string; flag: string; given: string }[] = [];
  let columns: { flag: number; default: number } | undefined;
  for (const block of doc.blocks) {
    if (!block.text.trimStart().startsWith("|")) {
      columns = undefined;
      continue;
    }
    const cells = tableCells(block.text);
    const flagColumn = cells.findIndex((cell) => /^(flag|flags)$/i.test(cell));
    const defaultColumn = cells.findIndex((cell) => /^default$/i.test(cell));
    if (flagColumn >= 0 && defaultColumn >= 0) {
      columns = { flag: flagColumn, default: defaultColumn };
      continue;
    }
    if (!columns || /^[-|:\s]+$/.test(block.text)) continue;
    const flags = inlineCode(cells[columns.flag] ?? "").map((span) => /--[a-z][a-z0-9-]*/.exec(span)?.[0]);
    // `--a` / `--b` | `1 / 2`: one default per flag, in order.
    const givens = (cells[columns.default] ?? "").split(" / ");
    flags.forEach((flag, index) => {
      if (flag && givens.length === flags.length) rows.push({ where: `${doc.path}:${block.line}`, flag, given: givens[index].trim() });
    });
  }
  return rows;
}

/** The flag as each command that has it shows it in `--help`. */
function helpOf(flag: string): HelpFlag[] {
  return [...cli.values()].flatMap((flags) => [...flags.values()].filter((help) => help.long === flag));
}

/** A documented default that differs from every `--help` default of that flag (a default `--help` lacks: any text). */
/** A default stated in prose right after a flag: "`-o`, default `outputs.json`", "`--pending-ms <ms>` (…, default 1000)". */
function proseDefaults(doc: MarkdownDoc): { where: string; flag: string; given: string }[] {
  return doc.blocks
    .filter((block) => !block.text.trimStart().startsWith("|"))
    .flatMap((block) =>
      [...block.text.matchAll(/`(-[^`]+)`[^|.;`]{0,60}?\bdefault:? (`[^`]+`|[^\s,;)]+)/g)].flatMap((match) => {
        const flag = /--?[a-z][a-z0-9-]*/.exec(match[1])?.[0];
        return flag ? [{ where: `${doc.path}:${block.line}`, flag: longName(flag), given: match[2] }] : [];
      }),
    );
}

/** `-o` → `--outputs`, as the commands that have the short form declare it. */
function longName(flag: string): string {
  if (flag.startsWith("--")) return flag;
  return [...cli.values()].flatMap((flags) => [...flags.values()]).find((help) => help.short === flag)?.long ?? flag;
}

function wrongDefaults(doc: MarkdownDoc): string[] {
  return [...documentedDefaults(doc), ...proseDefaults(doc)].flatMap(({ where, flag, given }) => {
    const helps = helpOf(flag).filter((help) => help.default !== undefined);
    const shown = given.replace(/`/g, "");
    if (helps.length === 0 || helps.some((help) => help.default === shown)) return [];
    const said = [...new Set(helps.map((help) => `"${help.default}"`))].join(" or ");
    return [`${where}: ${flag} default "${shown}", --help says ${said}`];
  });
}

describe("every flag default the docs' flag tables state", () => {
  it.each(docs.map((doc) => [doc.path, doc] as const))("is the one --help shows, in %s", (_path, doc) => {
    expect(wrongDefaults(doc)).toEqual([]);
  });

  it("is found when wrong (the check can fail)", () => {
    const planted = parseMarkdown(
      "planted.md",
      ["| Flag | Default | Meaning |", "|---|---|---|", "| `--concurrency <n>` / `--retries <n>` | 8 / 3 | x |"].join("\n"),
    );
    expect(wrongDefaults(planted)).toEqual(['planted.md:3: --concurrency default "8", --help says "64"']);
    const prose = parseMarkdown("planted.md", "The outputs (`-o`, default `out.json`) and `--retries <n>` (default 4).");
    expect(wrongDefaults(prose)).toEqual([
      'planted.md:1: --outputs default "out.json", --help says "outputs.json"',
      'planted.md:1: --retries default "4", --help says "3"',
    ]);
  });
});
