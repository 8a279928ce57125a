import { InputError } from "../../../core/errors";
import { EXIT_CODES } from "../../../core/exit-codes";
import { prepareOutputFiles, writeFileAtomically } from "../../../core/output-files";
import { configWarnings } from "../../../config/warnings";
import { PREFLIGHT_REPORT_VERSION, type PreflightReport } from "../../../contracts/preflight-report";
import { runId } from "../../../enablement/report/publish";
import { sessionName } from "../../../enablement/run-context";
import { renderPreflight } from "../../../preflight/report/render-table";
import type { CommandRun } from "../../command";
import type { CommonCli } from "../../enablement/options";
import type { AccessConfig } from "../../../config/schema";
import type { EnablementTargets } from "../../../enablement/targets";
import type { PreflightTargets } from "../../../preflight/targets";
import { loadTargets } from "../../enablement/targets";
import { ioLogger } from "../../io";
import { printJson, resultSink } from "../../json-output";
import type { preflightFlags } from "./flags";
import { preflightFor } from "../../../preflight-gate/run";
import { configTargets } from "../../../preflight-gate/targets";
import { loadConfig } from "../../../config/load";

/** The targets of enable (config and stack outputs), or before deploy what the config plans. */
function loadForPreflight(
  cli: Pick<CommonCli, "configFile" | "outputs" | "filters">,
  beforeDeploy: boolean,
  env: Readonly<Record<string, string | undefined>>,
): { readonly config: AccessConfig; readonly targets: EnablementTargets | PreflightTargets } {
  if (!beforeDeploy) return loadTargets(cli, env);
  const { config } = loadConfig(cli.configFile, env);
  return { config, targets: configTargets(config, cli.filters) };
}

/** `bedrock-access preflight`: read-only; exit 1 on any blocking finding, 0 otherwise, 2 on bad input. */
export const run: CommandRun<typeof preflightFlags> = async ({ flags: parsed }, io) => {
  if (parsed.verbose && parsed.quiet) throw new InputError("invalid flags", ["--verbose and --quiet: expected at most one of them"]);
  const filters = {
    ...(parsed.accounts && { accounts: parsed.accounts }),
    ...(parsed.models && { models: parsed.models }),
    ...(parsed.regions && { regions: parsed.regions }),
  };
  const cli = { ...(parsed.config && { configFile: parsed.config }), outputs: parsed.outputs, filters };
  const { config, targets } = loadForPreflight(cli, parsed.beforeDeploy, io.env);
  prepareOutputFiles([{ flag: "--report", path: parsed.report }]);
  const log = ioLogger(io, parsed.verbose ? "debug" : parsed.quiet ? "warn" : "info");
  for (const warning of configWarnings(config)) log.warn(warning);
  const timeouts = { requestTimeoutMs: parsed.requestTimeout * 1000, callTimeoutMs: parsed.callTimeout * 1000 };
  const started = io.clock.now();
  const id = runId(started, io.random());
  const aws = io.createAws({ stsRegion: config.managementAccount.region, ...timeouts });
  let report: PreflightReport;
  try {
    const result = await preflightFor({
      config,
      targets,
      // Before deploy the roles do not exist: the assume-role and model-offered checks are skipped.
      ...(!parsed.beforeDeploy && { roles: { aws, sessionName: sessionName("preflight", id) } }),
      io,
      log,
      concurrency: parsed.concurrency,
      ...timeouts,
    });
    report = {
      version: PREFLIGHT_REPORT_VERSION,
      command: "preflight",
      runId: id,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(io.clock.now()).toISOString(),
      ...result,
      exitCode: result.summary.blocking > 0 ? EXIT_CODES.failed : EXIT_CODES.ok,
    };
  } finally {
    aws.destroy?.();
  }
  resultSink(io, parsed.json)(renderPreflight(report));
  if (parsed.report) {
    writeFileAtomically(parsed.report, `${JSON.stringify(report, null, 2)}\n`);
    log.info(`report written to ${parsed.report}`);
  }
  if (parsed.json) printJson(io, report);
  return report.exitCode;
};
