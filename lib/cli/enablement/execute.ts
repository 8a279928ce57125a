import { appendFileSync, writeFileSync } from "node:fs";
import { configPath, loadConfigFile } from "../../config/load";
import { configWarnings } from "../../config/warnings";
import { createLogger, type Logger } from "../../core/logger";
import { maskSecrets } from "../../core/redact";
import { readStackOutputs } from "../../contracts/stack-outputs/read";
import type { Report } from "../../contracts/report";
import type { ProgressEvents } from "../../enablement/progress/events";
import { LiveProgress, lineProgress } from "../../enablement/progress/progress";
import { renderDryRun } from "../../enablement/report/render-dry-run";
import { renderMarkdown } from "../../enablement/report/render-markdown";
import { renderTable } from "../../enablement/report/render-table";
import type { RunContext } from "../../enablement/run-context";
import { buildTargets, type EnablementTargets } from "../../enablement/targets";
import type { CliIo } from "../io";
import type { CommonCli } from "./options";

/**
 * What enable and status share: read the config and the stack outputs into targets (bad input throws
 * before any AWS call), run with live progress on a terminal, then print the table and write the report.
 */
export async function executeEnablement(
  cli: CommonCli,
  io: CliIo,
  run: (targets: EnablementTargets, ctx: RunContext) => Promise<Report>,
  exitCode: (report: Report) => number = (report) => report.exitCode,
): Promise<number> {
  const config = loadConfigFile(configPath(cli.configFile, io.env));
  const targets = buildTargets(config, readStackOutputs(cli.outputs), cli.filters);
  const live = io.stderr.isTTY ? new LiveProgress(io.stderr) : undefined;
  const log: Logger = createLogger(cli.logLevel, (line) => (live ? live.writeLine(line) : io.stderr.write(`${line}\n`)));
  const progress: ProgressEvents = live ?? lineProgress(log);
  for (const warning of configWarnings(config)) log.warn(warning);
  const aws = io.createAws({ stsRegion: config.managementAccount.region });
  let report: Report;
  try {
    report = await run(targets, { aws, log, progress, clock: io.clock, random: io.random, retry: cli.retry, runId: runId(io) });
  } finally {
    live?.stop();
    aws.destroy?.();
  }
  if (report.command === "enable" && report.dryRun) io.stdout(renderDryRun(report));
  io.stdout(renderTable(report));
  writeOutputs(report, cli, io, log);
  return exitCode(report);
}

function writeOutputs(report: Report, cli: CommonCli, io: CliIo, log: Logger): void {
  if (cli.reportFile) {
    writeFileSync(cli.reportFile, `${maskSecrets(JSON.stringify(report, null, 2))}\n`);
    log.info(`report written to ${cli.reportFile}`);
  }
  const markdown = renderMarkdown(report);
  if (cli.markdownFile) {
    writeFileSync(cli.markdownFile, markdown);
    log.info(`Markdown summary written to ${cli.markdownFile}`);
  }
  const stepSummary = io.env.GITHUB_STEP_SUMMARY;
  if (stepSummary) appendFileSync(stepSummary, `${markdown}\n`);
}

/** `20250102T030405Z-9f1c`: when the run started, and a suffix for runs in the same second. */
function runId(io: CliIo): string {
  const stamp = new Date(io.clock.now())
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const suffix = Math.floor(io.random() * 0x10000)
    .toString(16)
    .padStart(4, "0");
  return `${stamp}-${suffix}`;
}
