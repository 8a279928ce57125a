import { loadConfig } from "../../../config/load";
import { configWarnings } from "../../../config/warnings";
import type { CommandRun } from "../../command";
import { ioLogger } from "../../io";
import type { validateFlags } from "./flags";

/** `bedrock-access validate`: the config and its catalog lock, checked with one clean message; run it before cdktf synth. */
export const run: CommandRun<typeof validateFlags> = ({ flags }, io) => {
  const { file, config } = loadConfig(flags.config, io.env);
  const log = ioLogger(io);
  for (const warning of configWarnings(config)) log.warn(warning);
  const accountRegions = config.accounts.reduce((n, a) => n + a.regions.length, 0);
  log.info(`${file}: valid (${config.models.length} models, ${config.accounts.length} accounts, ${accountRegions} account regions)`);
  return Promise.resolve(0);
};
