import type { Command } from "commander";
import type { CliIo } from "./io";

/** A group of subcommands (`bedrock-access catalog refresh|check`). */
export interface CliCommandGroup {
  readonly name: string;
  /** One short line, for `bedrock-access --help`. */
  readonly summary: string;
  readonly commands: readonly CliCommand[];
}

/** One subcommand of `bedrock-access`: its commander definition and what it does. */
export interface CliCommand {
  readonly name: string;
  /** One short line, for `bedrock-access --help`. */
  readonly summary: string;
  /** For `bedrock-access <name> --help`. @default - the summary */
  readonly description?: string;
  /** Options, arguments and help text; the CLI adds the name, the summary and its own error handling. */
  define(command: Command): Command;
  /**
   * Runs with what commander parsed. Returns the exit code (0 done, 1 something failed); throws
   * InputError for bad input, before any AWS call.
   */
  run(parsed: ParsedCommand, io: CliIo): Promise<number>;
}

export interface ParsedCommand {
  /** commander's option values, to be validated by the command (see options.ts). */
  readonly options: Record<string, unknown>;
  /** Positional arguments, after commander's defaults. */
  readonly args: readonly unknown[];
}
