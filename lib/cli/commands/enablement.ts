import { appendFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { configPath, loadConfigFile } from "../../config/load";
import type { AccessConfig } from "../../config/schema";
import { createLogger, type Logger } from "../../core/logger";
import { readStackOutputs } from "../../contracts/stack-outputs/read";
import { maskSecrets } from "../../core/redact";
import { buildPlan, type EnablementPlan } from "../../enablement/targets";
import { LiveProgress, lineProgress } from "../../enablement/progress/progress";
import type { ProgressEvents } from "../../enablement/progress/events";
import type { Report } from "../../contracts/report";
import { renderMarkdown } from "../../enablement/report/render-markdown";
import { renderPlan } from "../../enablement/report/render-dry-run";
import { renderTable } from "../../enablement/report/render-table";
import { runEnable, runStatus, type RunContext } from "../../enablement/run";
import type { CliIo } from "../io";
import { enableProgram, parseEnableArgs, parseStatusArgs, statusProgram, type CommonCli } from "./enablement-options";

/** `npm run enable`: returns the exit code (0 all enabled, 1 some failed); throws on bad input. */
export async function enableCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const cli = parseEnableArgs(argv, withOutput(enableProgram(), io));
  return execute(cli, io, (plan, run) => {
    const { options } = cli;
    const profiles = plan.accounts.reduce((n, a) => n + a.profiles.length, 0);
    run.log.info(
      `enable${options.dryRun ? " (dry run)" : ""}: ${profiles} profiles in ${plan.accounts.length} accounts, strategy ${
        options.strategy
      }, run ${run.runId}`
    );
    return runEnable(plan, options, run);
  });
}

/** `npm run status`: read-only; exit code 0 when every profile is enabled, 1 otherwise. */
export async function statusCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const cli = parseStatusArgs(argv, withOutput(statusProgram(), io));
  return execute(cli, io, (plan, run) => runStatus(plan, cli.options, run));
}

function withOutput(program: Command, io: CliIo): Command {
  return program.configureOutput({ writeOut: io.stdout, writeErr: (text) => io.stderr.write(text) });
}

async function execute(cli: CommonCli, io: CliIo, run: (plan: EnablementPlan, ctx: RunContext) => Promise<Report>): Promise<number> {
  const config: AccessConfig = loadConfigFile(configPath(cli.configFile, io.env));
  const plan = buildPlan(config, readStackOutputs(cli.outputs), cli.filters);
  const live = io.stderr.isTTY ? new LiveProgress(io.stderr) : undefined;
  const log: Logger = createLogger(cli.logLevel, (line) => (live ? live.writeLine(line) : io.stderr.write(`${line}\n`)));
  const progress: ProgressEvents = live ?? lineProgress(log);
  const aws = io.createAws({ stsRegion: config.managementAccount.region });
  let report: Report;
  try {
    report = await run(plan, { aws, log, progress, clock: io.clock, random: io.random, retry: cli.retry, runId: runId(io) });
  } finally {
    live?.stop();
    aws.destroy?.();
  }
  if (report.command === "enable" && report.dryRun) io.stdout(renderPlan(report));
  io.stdout(renderTable(report));
  writeOutputs(report, cli, io, log);
  return report.exitCode;
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
