import type { CliIo } from "./io";
import { parseFlags, type FlagTable, type FlagValues } from "./flags";

/** A group of subcommands (`bedrock-access catalog refresh|check`). */
export interface CliCommandGroup {
  readonly name: string;
  /** One short line, for `bedrock-access --help`. */
  readonly summary: string;
  readonly commands: readonly CliCommand[];
}

/** A positional argument, as `--help` shows it. */
interface CliArgument {
  /** commander's syntax: `[file]`, `[plans...]`. */
  readonly name: string;
  readonly help: string;
  readonly default?: string | readonly string[];
}

/**
 * One subcommand of `bedrock-access`: what `--help` shows (name, summary, flags), known without loading the command;
 * `run` checks the flags (bad ones throw InputError before anything else loads), then loads the command and runs it.
 */
export interface CliCommand {
  readonly name: string;
  /** One short line, for `bedrock-access --help`. */
  readonly summary: string;
  /** For `bedrock-access <name> --help`. @default - the summary */
  readonly description?: string;
  readonly flags: FlagTable;
  readonly arguments?: readonly CliArgument[];
  /** Returns the exit code (0 done, 1 something failed); throws InputError for bad input, before any AWS call. */
  run(parsed: ParsedCommand, io: CliIo): Promise<number>;
}

interface ParsedCommand {
  /** commander's option values, checked against the command's flags. */
  readonly options: Record<string, unknown>;
  /** Positional arguments, after commander's defaults. */
  readonly args: readonly unknown[];
}

/** What a command does, with its flags checked and typed. */
export type CommandRun<T extends FlagTable> = (
  input: { readonly flags: FlagValues<T>; readonly args: readonly unknown[] },
  io: CliIo,
) => Promise<number>;

/**
 * A command whose run module (and the AWS SDK clients it needs) loads only when it runs: `--help` loads none.
 * `load` is `(): typeof import("./run") => require("./run")`; a synchronous require, not import(): the package's
 * command runs on tsx's CommonJS hooks (bin/bedrock-access.js), which import() bypasses.
 */
export function lazyCommand<T extends FlagTable>(
  definition: Omit<CliCommand, "flags" | "run"> & { readonly flags: T; readonly load: () => { readonly run: CommandRun<T> } },
): CliCommand {
  const { load, ...entry } = definition;
  return {
    ...entry,
    run: ({ options, args }, io) => {
      const flags = parseFlags(definition.flags, options);
      return load().run({ flags, args }, io);
    },
  };
}
