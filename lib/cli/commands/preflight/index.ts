import { InputError } from "../../../core/errors";
import { EXIT_CODES } from "../../../core/exit-codes";
import { prepareOutputFiles, writeFileAtomically } from "../../../core/output-files";
import { configWarnings } from "../../../config/warnings";
import { PREFLIGHT_REPORT_VERSION, type PreflightReport } from "../../../contracts/preflight-report";
import { DEFAULT_ENABLE_OPTIONS } from "../../../enablement/options";
import { runId } from "../../../enablement/report/publish";
import { sessionName } from "../../../enablement/run-context";
import { renderPreflight } from "../../../preflight/report/render-table";
import type { CliCommand } from "../../command";
import { CALL_TIMEOUT_OPTION, commonSchema, REQUEST_TIMEOUT_OPTION, type CommonCli } from "../../enablement/options";
import type { AccessConfig } from "../../../config/schema";
import type { EnablementTargets } from "../../../enablement/targets";
import type { PreflightTargets } from "../../../preflight/targets";
import { loadTargets } from "../../enablement/targets";
import { ioLogger } from "../../io";
import { CONFIG_OPTION, parseOptions } from "../../options";
import { preflightForCli } from "../../preflight/run";
import { configTargets } from "../../preflight/targets";
import { configPath, loadConfigFile } from "../../../config/load";
import { z } from "zod";

const preflightSchema = commonSchema.extend({ beforeDeploy: z.boolean().default(false) }).pick({
  beforeDeploy: true,
  config: true,
  outputs: true,
  accounts: true,
  models: true,
  regions: true,
  concurrency: true,
  report: true,
  requestTimeout: true,
  callTimeout: true,
  verbose: true,
  quiet: true,
});

/** The targets of enable (config and stack outputs), or before deploy what the config plans. */
function loadForPreflight(
  cli: Pick<CommonCli, "configFile" | "outputs" | "filters">,
  beforeDeploy: boolean,
  env: Readonly<Record<string, string | undefined>>,
): { readonly config: AccessConfig; readonly targets: EnablementTargets | PreflightTargets } {
  if (!beforeDeploy) return loadTargets(cli, env);
  const config = loadConfigFile(configPath(cli.configFile, env));
  return { config, targets: configTargets(config, cli.filters) };
}

/** `bedrock-access preflight`: read-only; exit 1 on any blocking finding, 0 otherwise, 2 on bad input. */
export const preflightCommand: CliCommand = {
  name: "preflight",
  summary: "Find what would block enable: SCPs, Regions, models, roles",
  description:
    "Per account × region × profile, read-only: the service control policies in effect against every request enable and the roles make, opt-in Regions the account has not enabled, whether Bedrock offers the model in the Region, and whether the pipeline can assume the roles. Exit 1 on any blocking finding.",
  define: (command) =>
    command
      .option(...CONFIG_OPTION)
      .option("-o, --outputs <paths...>", "stack outputs, as for enable (files or directories)", ["outputs.json"])
      .option(
        "--before-deploy",
        "check what the config plans, before anything is deployed (no outputs): SCPs and opt-in Regions only, the roles do not exist yet",
      )
      .option("--accounts <names...>", "only these accounts (names or ids; comma-separated or repeated)")
      .option("--models <ids...>", "only these base model ids")
      .option("--regions <regions...>", "only these regions")
      .option("--concurrency <n>", "accounts checked at once", String(DEFAULT_ENABLE_OPTIONS.concurrency))
      .option("--report <file>", "write the JSON report here")
      .option(...REQUEST_TIMEOUT_OPTION)
      .option(...CALL_TIMEOUT_OPTION)
      .option("-v, --verbose", "debug logs")
      .option("-q, --quiet", "warnings and errors only"),
  run: async ({ options }, io) => {
    const parsed = parseOptions(preflightSchema, options);
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
      const result = await preflightForCli({
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
    io.stdout(renderPreflight(report));
    if (parsed.report) {
      writeFileAtomically(parsed.report, `${JSON.stringify(report, null, 2)}\n`);
      log.info(`report written to ${parsed.report}`);
    }
    return report.exitCode;
  },
};
