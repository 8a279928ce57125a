import { readFileSync } from "node:fs";
import type { HelpFlag } from "./cli-flags";

/**
 * Other programs whose flags the docs show beside ours: a flag after one of these names belongs to it and is not
 * checked. Explicit, so that a misspelt `bedrock-access` is not taken for a foreign tool.
 */
const FOREIGN_TOOLS = new Set([
  "cdktf",
  "terraform",
  "npm",
  "npx",
  "jest",
  "gh",
  "aws",
  "pip",
  "pip3",
  "python",
  "python3",
  "git",
  "node",
  "concurrently",
  "tsx",
  "curl",
  "jq",
  "docker",
  "moto_server",
]);

/**
 * `--x` the docs write that are no flag of ours on purpose: a placeholder (`--flag: message`), a flag that exists
 * nowhere (`validate --json --nope`, to show the error), and curl's `--aws-sigv4`, named in prose beside "curl:".
 */
const NOT_FLAGS = new Set(["--flag", "--nope", "--aws-sigv4"]);

/** Who a flag belongs to: a `bedrock-access` command, one of the repo's own scripts (its source file), or another tool. */
export type FlagOwner =
  | { readonly kind: "cli"; readonly command: string }
  | { readonly kind: "script"; readonly file: string }
  | { readonly kind: "foreign"; readonly tool: string };

/** A `--flag` named in the docs, with who it belongs to where the text says (`undefined`: nobody named). */
export interface FlagMention {
  readonly flag: string;
  readonly owner?: FlagOwner;
  /** The text it was found in, for the failure message. */
  readonly context: string;
}

interface Programs {
  /** `bedrock-access` commands → flags (cliFlags()). */
  readonly cli: ReadonlyMap<string, ReadonlyMap<string, HelpFlag>>;
  /** package.json `scripts`. */
  readonly scripts: Readonly<Record<string, string>>;
}

const CLI_ENTRY = /(^|\/)bedrock-access(\.js|\.ts)?$/;

/** What `npm run <name>` runs: a bedrock-access command, a repo script (its .ts file), or another tool. */
function npmScriptOwner(name: string, programs: Programs): FlagOwner | "cli-next" | undefined {
  const script = programs.scripts[name];
  if (script === undefined) return undefined;
  const cli = /scripts\/bedrock-access\.ts(?:\s+(\S+))?/.exec(script);
  if (cli) return cli[1] === undefined ? "cli-next" : { kind: "cli", command: cli[1] };
  const file = /\btsx\s+(\S+\.ts)/.exec(script);
  if (file) return { kind: "script", file: file[1] };
  return { kind: "foreign", tool: script.split(/\s+/).find((word) => !word.includes("=")) ?? name };
}

/**
 * The flags a span of doc text names (an inline code span, or one line of a code block), each with its owner:
 * `bedrock-access <cmd> [sub]`, `npm run <script>`, or a command name opening the span (`plan --base`) name it;
 * a foreign tool's name hands the flags after it to that tool, up to the next `&&`, `|`, `;` or `$(`.
 */
export function flagMentions(span: string, programs: Programs, inherited?: FlagOwner): FlagMention[] {
  const mentions: FlagMention[] = [];
  const groups = new Set([...programs.cli.keys()].filter((name) => name.includes(" ")).map((name) => name.split(" ")[0]));
  const tokens = span.split(/\s+/).filter((token) => token !== "");
  let owner: FlagOwner | undefined = inherited;
  let segmentStart = true;
  // `$(…)` inside a command: the owner outside it comes back after the `)`.
  const outer: (FlagOwner | undefined)[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const closes = outer.length > 0 && tokens[i].endsWith(")");
    try {
      if (/^(&&|\|\||\||;)$/.test(tokens[i])) {
        owner = inherited;
        segmentStart = true;
        continue;
      }
      if (tokens[i].startsWith("$(")) {
        outer.push(owner);
        owner = inherited;
        segmentStart = true;
        if (tokens[i] === "$(") continue;
      }
      const word = tokens[i].replace(/^\$\(/, "").replace(/^[("'[]+|[)"',.;:\]]+$/g, "");
      if (CLI_ENTRY.test(word)) {
        const command = commandAt(tokens, i + 1, programs, groups);
        owner = { kind: "cli", command: command ?? "" };
        segmentStart = false;
        continue;
      }
      if (word === "npm" && (tokens[i + 1] === "run" || tokens[i + 1] === "run-script")) {
        const found = npmScriptOwner(tokens[i + 2] ?? "", programs);
        if (found === "cli-next") owner = { kind: "cli", command: commandAt(tokens, i + 3, programs, groups) ?? "" };
        else owner = found ?? { kind: "foreign", tool: "npm" };
        segmentStart = false;
        i += 2;
        continue;
      }
      if (segmentStart && FOREIGN_TOOLS.has(word) && !(word === "npx" && CLI_ENTRY.test(tokens[i + 1] ?? ""))) {
        owner = { kind: "foreign", tool: word };
        segmentStart = false;
        continue;
      }
      // npx's own options (`npx --no bedrock-access`) come before the program.
      if (word === "npx" || (tokens[i - 1] === "npx" && word.startsWith("-"))) continue;
      if (segmentStart && !word.startsWith("-") && !/^\w+=/.test(word)) {
        const command = commandAt(tokens, i, programs, groups);
        if (command !== undefined) owner = { kind: "cli", command };
        segmentStart = false;
      }
      // Our flags are lower-case kebab (`--dry-run`, `--shard=2/4`); `--noEmit` or `--runInBand` are other tools'.
      const flag = /^--[a-z][a-z0-9-]*(?==|$)/.exec(word);
      if (flag && owner?.kind !== "foreign" && !NOT_FLAGS.has(flag[0]))
        mentions.push({ flag: flag[0], ...(owner && { owner }), context: span });
    } finally {
      if (closes) owner = outer.pop();
    }
  }
  return mentions;
}

/** The command named at tokens[at] (and the subcommand after a group's name), if any. */
function commandAt(tokens: readonly string[], at: number, programs: Programs, groups: ReadonlySet<string>): string | undefined {
  const name = tokens[at];
  if (name === undefined) return undefined;
  if (groups.has(name)) {
    const sub = `${name} ${tokens[at + 1] ?? ""}`;
    return programs.cli.has(sub) ? sub : name;
  }
  return programs.cli.has(name) ? name : undefined;
}

/** The `--flags` a repo script names in its source: what it accepts, as far as a text search can tell. */
export function scriptFlags(file: string): Set<string> {
  return new Set(readFileSync(file, "utf8").match(/--[a-z][a-z0-9-]*/g) ?? []);
}
