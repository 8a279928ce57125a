import type { AccessConfig } from "../../config/schema";
import { configWarnings } from "../../config/warnings";
import { EXIT_CODES } from "../../core/exit-codes";
import { createLogger, type Logger } from "../../core/logger";
import { prepareOutputFiles } from "../../core/output-files";
import type { Report } from "../../contracts/report";
import type { ProgressEvents } from "../../enablement/progress/events";
import { LiveProgress, lineProgress } from "../../enablement/progress/progress";
import { renderDryRun } from "../../enablement/report/render-dry-run";
import { publishReport, runId } from "../../enablement/report/publish";
import { renderTable } from "../../enablement/report/render-table";
import type { RunContext } from "../../enablement/run-context";
import type { Clock } from "../../enablement/clock";
import { linkedSignal } from "../../core/abort";
import { EndpointBreaker, endpointDownMessage } from "../../enablement/aws/breaker";
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
  const stop = new AbortController();
  let interruptedBy: "SIGINT" | "SIGTERM" | "max-duration" | undefined;
  // One message per endpoint that stops answering; the calls it fails say so in the report, not in a timeout each.
  const breaker = new EndpointBreaker({ onDown: (down) => log.error(endpointDownMessage(down)) });
  const aws = io.createAws({
    stsRegion: config.managementAccount.region,
    requestTimeoutMs: cli.requestTimeoutMs,
    callTimeoutMs: cli.callTimeoutMs,
    signal: stop.signal,
    breaker,
  });
  const stopListening = io.onInterrupt((signal) => {
    interruptedBy = signal;
    log.warn(`${signal}: stopping; calls in flight are abandoned, then the report is written (${signal} again stops at once, without it)`);
    stop.abort();
  });
  const maxDurationMs = cli.maxDurationMs;
  const deadline =
    maxDurationMs === undefined
      ? undefined
      : setTimeout(() => {
          interruptedBy ??= "max-duration";
          log.error(`--max-duration: ${maxDurationMs / 1000} s reached; stopping, then writing the report`);
          stop.abort();
        }, maxDurationMs);
  let report: Report;
  try {
    report = await run(
      targets,
      {
        aws,
        log,
        progress,
        clock: interruptible(io.clock, stop.signal),
        random: io.random,
        retry: cli.retry,
        runId: runId(io.clock.now(), io.random()),
        signal: stop.signal,
        interruptedBy: () => interruptedBy,
      },
      config,
    );
  } finally {
    if (deadline) clearTimeout(deadline);
    stopListening();
    live?.stop();
    aws.destroy?.();
  }
  const endpointsDown = breaker.down();
  if (endpointsDown.length > 0) report = { ...report, endpointsDown };
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

/** The clock, with every wait ending when the run is interrupted, whatever signal the waiting code passes itself. */
function interruptible(clock: Clock, stop: AbortSignal): Clock {
  return {
    now: () => clock.now(),
    sleep: async (ms, signal) => {
      const linked = linkedSignal(signal, stop);
      try {
        await clock.sleep(ms, linked.signal);
      } finally {
        linked.dispose();
      }
    },
  };
}
