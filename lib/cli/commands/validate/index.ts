import { z } from "zod";
import { configPath, loadConfigFile } from "../../../config/load";
import { configWarnings } from "../../../config/warnings";
import type { CliCommand } from "../../command";
import { ioLogger } from "../../io";
import { CONFIG_OPTION, parseOptions } from "../../options";

const validateSchema = z.object({ config: z.string().optional() });

/** `bedrock-access validate`: the config and its catalog lock, checked with one clean message; run it before cdktf synth. */
export const validateCommand: CliCommand = {
  name: "validate",
  summary: "Check the config (and its catalog lock) before synth",
  description:
    "Load and validate the access config and its catalog lock: every problem with its field path (exit 2), warnings (legacy models, no lock) printed once; exit 0 when synth will accept it. cdktf synth runs the same checks but wraps the exit code and output.",
  define: (command) => command.option(...CONFIG_OPTION),
  run: ({ options }, io) => {
    const parsed = parseOptions(validateSchema, options);
    const file = configPath(parsed.config, io.env);
    const config = loadConfigFile(file, io.env);
    const log = ioLogger(io);
    for (const warning of configWarnings(config)) log.warn(warning);
    const accountRegions = config.accounts.reduce((n, a) => n + a.regions.length, 0);
    log.info(`${file}: valid (${config.models.length} models, ${config.accounts.length} accounts, ${accountRegions} account regions)`);
    return Promise.resolve(0);
  },
};
