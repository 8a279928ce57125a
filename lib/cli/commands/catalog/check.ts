import { runStatus } from "../../../enablement/status/run-status";
import type { CommandRun } from "../../command";
import { executeEnablement } from "../../enablement/execute";
import { toCommonCli, type commonFlags } from "../../enablement/options";
import { configRegions, listOfferings, unusedOfferingLines, unusedOfferings } from "../../../catalog-sync/offerings";
import type { AccessConfig } from "../../../config/schema";
import { errorMessage } from "../../../core/errors";
import type { Logger } from "../../../core/logger";
import type { CliIo } from "../../io";

/** Information next to drift: what AWS offers that the config does not use. A failure to ask is a warning, never drift. */
async function logUnusedOfferings(config: AccessConfig, io: CliIo, log: Logger): Promise<void> {
  const aws = io.createCatalogAws();
  try {
    const unused = unusedOfferings(config, await listOfferings(configRegions(config), aws));
    const lines = unusedOfferingLines(unused);
    if (lines.length === 0) log.info("AWS offers no Anthropic model or profile in the config's regions that the config does not use");
    for (const line of lines) log.info(`offered by AWS, unused: ${line}`);
  } catch (err) {
    log.warn(
      `could not list what AWS offers in the config's regions (bedrock:ListFoundationModels, ListInferenceProfiles): ${errorMessage(err)}`,
    );
  } finally {
    aws.destroy?.();
  }
}

/** `bedrock-access catalog check`: status, failing only on catalog drift; for a scheduled job. */
export const run: CommandRun<typeof commonFlags> = ({ flags }, io) =>
  executeEnablement(
    toCommonCli(flags),
    io,
    async (targets, run, config) => {
      const report = await runStatus(targets, { concurrency: flags.concurrency, accountConcurrency: flags.accountConcurrency }, run);
      await logUnusedOfferings(config, io, run.log);
      return report;
    },
    (report) => (report.accounts.some((a) => a.profiles.some((p) => p.error?.kind === "catalog-drift")) ? 1 : 0),
  );
