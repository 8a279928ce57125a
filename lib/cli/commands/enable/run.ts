import type { CommandRun } from "../../command";
import type { FlagValues } from "../../flags";
import type { enableFlags } from "./flags";
import { executeEnablement } from "../../enablement/execute";
import { toCommonCli } from "../../enablement/options";
import { ioLogger } from "../../io";
import { resultSink } from "../../json-output";
import { readPreviousReport } from "../../enablement/previous-report";
import { enableAfterPreflight } from "../../../preflight-gate/enable-after-preflight";
import { proofsDue } from "../../../enablement/enable/proofs-due";
import type { EnableOptions } from "../../../enablement/options";

function toEnableOptions(parsed: FlagValues<typeof enableFlags>): EnableOptions {
  return {
    strategy: parsed.strategy,
    dryRun: parsed.dryRun,
    updateUseCase: parsed.updateUseCase,
    forceInvoke: parsed.forceInvoke,
    concurrency: parsed.concurrency,
    accountConcurrency: parsed.accountConcurrency,
    waitTimeoutMs: parsed.waitTimeout * 1000,
    pollIntervalMs: parsed.pollInterval * 1000,
  };
}

/** `bedrock-access enable`: exit 0 when every profile is enabled, 1 when some failed or preflight blocked it. */
export const run: CommandRun<typeof enableFlags> = ({ flags: parsed }, io) => {
  const cli = { ...toCommonCli(parsed), json: parsed.json };
  // Read before this run replaces the file at --report.
  const previous = readPreviousReport(parsed.previousReport, cli.reportFile, ioLogger(io, cli.logLevel));
  const due = previous ? proofsDue(previous.report) : new Set<string>();
  const enable = { ...toEnableOptions(parsed), proofsDue: due };
  return executeEnablement(cli, io, (targets, run, config) => {
    const profiles = targets.accounts.reduce((n, a) => n + a.profiles.length, 0);
    run.log.info(
      `enable${enable.dryRun ? " (dry run)" : ""}: ${profiles} profiles in ${targets.accounts.length} accounts, strategy ${enable.strategy}, run ${run.runId}`,
    );
    if (previous && due.size > 0)
      run.log.info(
        `${previous.path} (run ${previous.report.runId}) left ${due.size} profiles unproven: this run proves those that are enabled`,
      );
    const { requestTimeoutMs, callTimeoutMs } = cli;
    const preflight = parsed.preflight ? { config, io, requestTimeoutMs, callTimeoutMs, print: resultSink(io, parsed.json) } : undefined;
    return enableAfterPreflight(targets, enable, run, preflight);
  });
};
