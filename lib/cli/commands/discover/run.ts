import { loadConfig } from "../../../config/load";
import { discover } from "../../../discovery/discover";
import { renderReport } from "../../../discovery/report";
import type { CommandRun } from "../../command";
import { ioLogger } from "../../io";
import type { discoverFlags } from "./flags";

/** `bedrock-access discover`: the accounts lock from the Organization; `--check` writes nothing. */
export const run: CommandRun<typeof discoverFlags> = async ({ flags }, io) => {
  const { file, config } = loadConfig(flags.config, io.env, { accounts: "listed-only" });
  const { exitCode, report } = await discover({
    config,
    configFile: file,
    ...(flags.lock !== undefined && { lockFile: flags.lock }),
    check: flags.check,
    connect: (region) => io.createOrganizations({ region }),
    log: ioLogger(io),
  });
  if (report) io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
  return exitCode;
};
