import { configPath, loadConfig } from "../../../config/load";
import type { AccessConfig } from "../../../config/schema";
import { configWarnings } from "../../../config/warnings";
import { InputError } from "../../../core/errors";
import type { CommandRun } from "../../command";
import type { FlagValues } from "../../flags";
import type { CliIo } from "../../io";
import { ioLogger } from "../../io";
import { printJson } from "../../json-output";
import type { validateFlags } from "./flags";

/** Reads the config; with `--json` bad input is the result too: `{valid: false, file, problems}` on stdout, then exit 2. */
function load(flags: FlagValues<typeof validateFlags>, io: CliIo): { readonly file: string; readonly config: AccessConfig } {
  try {
    return loadConfig(flags.config, io.env);
  } catch (err) {
    if (flags.json && err instanceof InputError) {
      printJson(io, { valid: false, file: configPath(flags.config, io.env), problems: [err.title, ...err.problems] });
    }
    throw err;
  }
}

/** `bedrock-access validate`: the config and its catalog lock, checked with one clean message; run it before cdktf synth. */
export const run: CommandRun<typeof validateFlags> = ({ flags }, io) => {
  const { file, config } = load(flags, io);
  const log = ioLogger(io);
  const warnings = configWarnings(config);
  for (const warning of warnings) log.warn(warning);
  const accountRegions = config.accounts.reduce((n, a) => n + a.regions.length, 0);
  log.info(`${file}: valid (${config.models.length} models, ${config.accounts.length} accounts, ${accountRegions} account regions)`);
  if (flags.json) {
    printJson(io, {
      valid: true,
      file,
      accounts: config.accounts.map(({ name, id, regions }) => ({ name, id, regions })),
      models: config.models.map((model) => model.id),
      warnings,
    });
  }
  return Promise.resolve(0);
};
