import { CommanderError } from "commander";
import { ConfigError } from "../config/load";
import { InputError } from "../core/errors";
import { maskSecrets } from "../core/redact";
import { EXIT_CODES } from "../contracts/report";
import type { CliIo } from "./io";

export type CliCommand = (argv: readonly string[], io: CliIo) => Promise<number>;

/**
 * Runs a command and maps what escapes it to an exit code: bad config, outputs or flags → 2 (before
 * any AWS call), anything unexpected → 1. Per-account failures never get here: they are in the report.
 */
export async function runCli(command: CliCommand, argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string, code: number): number => {
    io.stderr.write(`${maskSecrets(`error: ${message}`)}\n`);
    return code;
  };
  try {
    return await command(argv, io);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof InputError) return fail(err.message, EXIT_CODES.badInput);
    // Commander has printed its own message (or the help) already.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.badInput;
    return fail(`unexpected: ${err instanceof Error ? err.stack ?? err.message : String(err)}`, EXIT_CODES.failed);
  }
}
