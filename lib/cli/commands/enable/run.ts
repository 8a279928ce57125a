import { runEnable } from "../../../enablement/enable/run-enable";
import type { CommandRun } from "../../command";
import type { FlagValues } from "../../flags";
import type { enableFlags } from "./flags";
import { executeEnablement } from "../../enablement/execute";
import { toCommonCli } from "../../enablement/options";
import { ioLogger } from "../../io";
import { readPreviousReport } from "../../enablement/previous-report";
import { proofsDue } from "../../../enablement/enable/proofs-due";
import type { EnableOptions } from "../../../enablement/options";
import { findingLine, renderPreflight, summaryLine } from "../../../preflight/report/render-table";
import { blockedReport, interruptedInPreflightReport, preflightSection } from "../../preflight/blocked-report";
import { unlessAborted } from "../../../core/abort";
import { preflightForCli } from "../../preflight/run";

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
  const cli = toCommonCli(parsed);
  // Read before this run replaces the file at --report.
  const previous = readPreviousReport(parsed.previousReport, cli.reportFile, ioLogger(io, cli.logLevel));
  const due = previous ? proofsDue(previous.report) : new Set<string>();
  const enable = { ...toEnableOptions(parsed), proofsDue: due };
  return executeEnablement(cli, io, async (targets, run, config) => {
    const startedAt = new Date(run.clock.now()).toISOString();
    const profiles = targets.accounts.reduce((n, a) => n + a.profiles.length, 0);
    run.log.info(
      `enable${enable.dryRun ? " (dry run)" : ""}: ${profiles} profiles in ${targets.accounts.length} accounts, strategy ${enable.strategy}, run ${run.runId}`,
    );
    if (previous && due.size > 0)
      run.log.info(
        `${previous.path} (run ${previous.report.runId}) left ${due.size} profiles unproven: this run proves those that are enabled`,
      );
    if (!parsed.preflight) return runEnable(targets, enable, run);
    // The Organization's checks only: enable assumes the roles and invokes the models itself, failing only the
    // account or profile that cannot, and finishing the others.
    // An interruption does not wait for the preflight's calls in flight: nothing has been written yet.
    const result = await unlessAborted(
      preflightForCli({
        config,
        targets,
        io,
        log: run.log,
        concurrency: enable.concurrency,
        requestTimeoutMs: cli.requestTimeoutMs,
        callTimeoutMs: cli.callTimeoutMs,
      }),
      run.signal,
    );
    if (!result) return interruptedInPreflightReport(targets, { dryRun: enable.dryRun, strategy: enable.strategy, startedAt }, run);
    for (const finding of result.findings.filter((f) => f.severity === "warning")) run.log.warn(`preflight: ${findingLine(finding)}`);
    if (result.summary.blocking > 0) {
      run.log.error(`${summaryLine(result)} enable stopped before any AWS write; fix the findings, or run with --no-preflight`);
      io.stdout(renderPreflight(result));
      return blockedReport(targets, result, { dryRun: enable.dryRun, strategy: enable.strategy, startedAt }, run);
    }
    run.log.info(summaryLine(result));
    return { ...(await runEnable(targets, enable, run)), preflight: preflightSection(result) };
  });
};
