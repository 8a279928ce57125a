import { Command, CommanderError } from "commander";
import { errorDetail, InputError } from "../core/errors";
import { EXIT_CODES } from "../core/exit-codes";
import type { CliCommand, CliCommandGroup } from "./command";
import { catalogCommands } from "./commands/catalog";
import { discoverCommand } from "./commands/discover";
import { enableCommand } from "./commands/enable";
import { planCommand } from "./commands/plan";
import { planSummaryCommand } from "./commands/plan-summary";
import { preflightCommand } from "./commands/preflight";
import { schemaCommand } from "./commands/schema";
import { stacksCommand } from "./commands/stacks";
import { statusCommand } from "./commands/status";
import { validateCommand } from "./commands/validate";
import { addFlags } from "./flags";
import { redactedIo, type CliIo } from "./io";

const CLI_NAME = "bedrock-access";

/**
 * Every subcommand, in the order `--help` lists them.
 * @internal its tests read it
 */
export const COMMANDS: readonly (CliCommand | CliCommandGroup)[] = [
  enableCommand,
  statusCommand,
  preflightCommand,
  validateCommand,
  planCommand,
  planSummaryCommand,
  stacksCommand,
  discoverCommand,
  schemaCommand,
  catalogCommands,
];

/**
 * Runs `bedrock-access <command> [flags]` and maps what escapes the command to an exit code, in this one
 * place for every command: bad input (InputError, or flags commander rejects) → 2 before any AWS call,
 * anything unexpected → 1. Per-account failures never get here: commands report them and return 1.
 */
export async function runCli(
  argv: readonly string[],
  given: CliIo,
  commands: readonly (CliCommand | CliCommandGroup)[] = COMMANDS,
): Promise<number> {
  // What commands print, and what commander and the error line below print, leaves with credentials masked.
  const io = redactedIo(given);
  let exitCode: number = EXIT_CODES.ok;
  const output = { writeOut: io.stdout, writeErr: (text: string) => io.stderr.write(text) };
  const program = new Command(CLI_NAME)
    .description("Enable Anthropic Claude on Amazon Bedrock across an AWS Organization.")
    .configureOutput(output)
    .exitOverride()
    .configureHelp({ subcommandTerm: (command) => command.name() })
    .showHelpAfterError()
    .addHelpCommand(false);
  const build = (definition: CliCommand): Command => {
    const command = addFlags(
      new Command(definition.name).summary(definition.summary).description(definition.description ?? definition.summary),
      definition.flags,
    )
      .configureOutput(output)
      .exitOverride()
      .action(async (...params: unknown[]) => {
        // commander passes the positional arguments, then the options, then the command itself.
        exitCode = await definition.run({ options: command.opts(), args: params.slice(0, -2) }, io);
      });
    for (const argument of definition.arguments ?? []) command.argument(argument.name, argument.help, argument.default);
    return command;
  };
  for (const definition of commands) {
    if ("commands" in definition) {
      const group = new Command(definition.name)
        .summary(definition.summary)
        .description(definition.summary)
        .configureOutput(output)
        .exitOverride()
        .configureHelp({ subcommandTerm: (command) => command.name() })
        .addHelpCommand(false);
      for (const sub of definition.commands) group.addCommand(build(sub));
      program.addCommand(group);
    } else {
      program.addCommand(build(definition));
    }
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (err) {
    return exitCodeOf(err, io);
  }
}

function exitCodeOf(err: unknown, io: CliIo): number {
  const fail = (message: string, code: number): number => {
    io.stderr.write(`error: ${message}\n`);
    return code;
  };
  if (err instanceof InputError) return fail(err.message, EXIT_CODES.badInput);
  // Commander has printed its own message (or the help) already.
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.badInput;
  return fail(`unexpected: ${errorDetail(err)}`, EXIT_CODES.failed);
}
