import type { AccessConfig } from "../../config/schema";
import { configWarnings } from "../../config/warnings";
import { EXIT_CODES } from "../../core/exit-codes";
import { createLogger, type Logger } from "../../core/logger";
import { prepareOutputFiles } from "../../core/output-files";
import type { Report } from "../../contracts/report";
import type { ProgressEvents } from "../../enablement/progress/events";
import { LiveProgress, lineProgress } from "../../enablement/progress/progress";
import { renderDryRun } from "../../enablement/report/render-dry-run";
import { publishReport } from "../../enablement/report/publish";
import { renderTable } from "../../enablement/report/render-table";
import type { RunContext } from "../../enablement/run-context";
import { runEnablement, type Interruption } from "../../enablement/run-enablement";
import type { EnablementTargets } from "../../enablement/targets";
import type { CliIo } from "../io";
import { printJson, resultSink } from "../json-output";
import type { CommonCli } from "./options";
import { loadTargets } from "./targets";

/**
 * What enable and status share: read the config and the stack outputs into targets (bad input throws
 * before any AWS call), run with live progress on a terminal, then print the table and write the report (with
 * `--json` the report on stdout, the table on stderr).
 */
export async function executeEnablement(
  cli: CommonCli,
  io: CliIo,
  run: (targets: EnablementTargets, ctx: RunContext, config: AccessConfig) => Promise<Report>,
  exitCode: (report: Report) => number = (report) => report.exitCode,
): Promise<number> {
  const { config, targets } = loadTargets(cli, io.env);
  prepareOutputFiles([
    { flag: "--report", path: cli.reportFile },
    { flag: "--markdown", path: cli.markdownFile },
  ]);
  const live = io.stderr.isTTY ? new LiveProgress(io.stderr) : undefined;
  const log: Logger = createLogger(cli.logLevel, (line) => (live ? live.writeLine(line) : io.stderr.write(`${line}\n`)));
  const progress: ProgressEvents = live ?? lineProgress(log);
  for (const warning of configWarnings(config)) log.warn(warning);
  // SIGINT/SIGTERM: no new work starts, calls in flight are abandoned, waits end, and the report is written at once.
  let report: Report;
  let interruptedBy: Interruption | undefined;
  try {
    ({ report, interruptedBy } = await runEnablement(
      {
        log,
        progress,
        clock: io.clock,
        random: io.random,
        retry: cli.retry,
        stsRegion: config.managementAccount.region,
        requestTimeoutMs: cli.requestTimeoutMs,
        callTimeoutMs: cli.callTimeoutMs,
        ...(cli.maxDurationMs !== undefined && { maxDurationMs: cli.maxDurationMs }),
        createAws: io.createAws,
        onInterrupt: io.onInterrupt,
      },
      (ctx) => run(targets, ctx, config),
    ));
  } finally {
    live?.stop();
  }
  const print = resultSink(io, cli.json === true);
  if (report.command === "enable" && report.dryRun) print(renderDryRun(report));
  print(renderTable(report));
  publishReport(report, { reportFile: cli.reportFile, markdownFile: cli.markdownFile, stepSummaryFile: io.env.GITHUB_STEP_SUMMARY }, log);
  if (cli.json) printJson(io, report);
  if (interruptedBy === "SIGINT") return EXIT_CODES.interruptedByInt;
  if (interruptedBy === "SIGTERM") return EXIT_CODES.interruptedByTerm;
  if (interruptedBy === "max-duration") return EXIT_CODES.failed;
  return exitCode(report);
}
