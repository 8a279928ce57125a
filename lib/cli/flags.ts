import { Option, type Command } from "commander";
import { z } from "zod";
import { parseOptions } from "./options";

/** How a flag reads on the command line; how its value is checked is the zod schema it is declared on. */
interface FlagSyntax {
  /** commander's syntax: `-c, --config <file>`, `--dry-run`, `--no-preflight`, `--stack <name...>`. */
  readonly flags: string;
  readonly help: string;
  /** The value when the flag is not given, as typed on the command line (and as `--help` shows it). */
  readonly default?: string | readonly string[];
}

const FLAG_SYNTAX = z.registry<FlagSyntax>();

/**
 * One flag, declared once: its syntax, help, default and parsing. A command's flags are a `z.object` of these
 * (its keys are commander's names for them, `--dry-run` → `dryRun`); the commander options and the typed values are
 * derived from it, so reading a flag the table lacks does not compile.
 */
export function flag<S extends z.ZodType>({
  parse,
  default: value,
  ...syntax
}: Omit<FlagSyntax, "default"> & { readonly default?: FlagSyntax["default"] | number; readonly parse: S }): S {
  const declared: FlagSyntax = { ...syntax, ...(value !== undefined && { default: typeof value === "number" ? String(value) : value }) };
  // A copy: the same schema may check several flags (`list`), each with its own syntax.
  const own: S = parse.clone();
  FLAG_SYNTAX.add(own, declared);
  return own;
}

/** A command's flags: a `z.object` whose every field was declared with `flag()`. */
export type FlagTable = z.ZodObject;
export type FlagValues<T extends FlagTable> = z.output<T>;

function syntaxOf(key: string, schema: z.ZodType): FlagSyntax {
  const syntax = FLAG_SYNTAX.get(schema);
  if (!syntax) throw new Error(`flag ${key}: not declared with flag()`);
  return syntax;
}

/** The table's flags on the commander command; a key that is not the flag's own name fails here, at start-up. */
export function addFlags(command: Command, table: FlagTable): Command {
  for (const [key, schema] of Object.entries(table.shape)) {
    const syntax = syntaxOf(key, schema);
    const option = new Option(syntax.flags, syntax.help);
    if (option.attributeName() !== key)
      throw new Error(`flag ${key}: declared as ${syntax.flags}, which commander names ${option.attributeName()}`);
    if (syntax.default !== undefined) option.default(syntax.default);
    command.addOption(option);
  }
  return command;
}

/** Checks and converts what commander collected; a problem names the flag as typed (`--concurrency`). */
export function parseFlags<T extends FlagTable>(table: T, options: Record<string, unknown>): FlagValues<T> {
  return parseOptions(table, options, (key) => {
    const schema = table.shape[key];
    return (schema && new Option(syntaxOf(key, schema).flags).long) || key;
  });
}

/** A flag without a value: false unless given (`--no-x`: true unless given). */
export const onOff = (defaultValue = false) => z.boolean().default(defaultValue);

/** A flag with one value, optional. */
export const optionalText = z.string().optional();

/** `-c, --config <file>`, for every command that reads the access config. */
export const configFlag = flag({
  flags: "-c, --config <file>",
  help: "the access config (default: $BEDROCK_ACCESS_CONFIG, else bedrock-access.yaml)",
  parse: optionalText,
});

/** `--json`: the command's result as one JSON document on stdout (docs/json-output.md); tables and logs on stderr. */
export const jsonFlag = flag({
  flags: "--json",
  help: "print the result as one JSON document on stdout (docs/json-output.md); tables and logs go to stderr",
  parse: onOff(),
});
