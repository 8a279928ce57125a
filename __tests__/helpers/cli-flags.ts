import { Command } from "commander";
import type { CliCommand, CliCommandGroup } from "../../lib/cli/command";
import { addFlags } from "../../lib/cli/flags";
import { COMMANDS } from "../../lib/cli/run-cli";

/** A long flag as `--help` lists it, with its default as `--help` shows it (`outputs.json`, `64`). */
export interface HelpFlag {
  readonly long: string;
  readonly short?: string;
  readonly default?: string;
}

/**
 * Every `bedrock-access` command (`enable`, `catalog list`) → its long flags, read from the same flag tables
 * `runCli` builds the commander program from. `--help` is on every command.
 */
export function cliFlags(commands: readonly (CliCommand | CliCommandGroup)[] = COMMANDS): Map<string, Map<string, HelpFlag>> {
  const result = new Map<string, Map<string, HelpFlag>>();
  const collect = (name: string, definition: CliCommand): void => {
    const command = addFlags(new Command(definition.name), definition.flags);
    const flags = new Map<string, HelpFlag>([["--help", { long: "--help" }]]);
    for (const option of command.options) {
      if (!option.long) continue;
      const value: unknown = option.defaultValue;
      const shown = Array.isArray(value) ? value.join(" ") : value === undefined ? undefined : String(value);
      flags.set(option.long, {
        long: option.long,
        ...(option.short && { short: option.short }),
        ...(shown !== undefined && { default: shown }),
      });
    }
    result.set(name, flags);
  };
  for (const definition of commands) {
    if ("commands" in definition) for (const sub of definition.commands) collect(`${definition.name} ${sub.name}`, sub);
    else collect(definition.name, definition);
  }
  return result;
}
