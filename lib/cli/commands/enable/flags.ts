import { z } from "zod";
import { STRATEGIES } from "../../../contracts/report";
import { DEFAULT_ENABLE_OPTIONS } from "../../../enablement/options";
import { commonFlags } from "../../enablement/options";
import { flag, jsonFlag, onOff, optionalText } from "../../flags";
import { seconds } from "../../options";

export const enableFlags = commonFlags.extend({
  strategy: flag({
    flags: "--strategy <strategy>",
    help: "invoke: the first Converse creates the agreement; agreement: CreateFoundationModelAgreement",
    default: DEFAULT_ENABLE_OPTIONS.strategy,
    parse: z.enum(STRATEGIES, { error: `expected one of ${STRATEGIES.join(", ")}` }),
  }),
  dryRun: flag({ flags: "--dry-run", help: "print the plan; read only (no form submitted, no model invoked)", parse: onOff() }),
  updateUseCase: flag({
    flags: "--update-use-case",
    help: "overwrite a submitted use-case form that differs from the config",
    parse: onOff(),
  }),
  forceInvoke: flag({ flags: "--force-invoke", help: "invoke even where the agreement is already AVAILABLE", parse: onOff() }),
  waitTimeout: flag({
    flags: "--wait-timeout <seconds>",
    help: "how long to wait for an agreement to become AVAILABLE",
    default: DEFAULT_ENABLE_OPTIONS.waitTimeoutMs / 1000,
    parse: seconds(0),
  }),
  pollInterval: flag({
    flags: "--poll-interval <seconds>",
    help: "how often to re-check while waiting",
    default: DEFAULT_ENABLE_OPTIONS.pollIntervalMs / 1000,
    parse: seconds(1),
  }),
  previousReport: flag({
    flags: "--previous-report <file>",
    help: "an earlier run's --report: profiles it left unproven (e.g. interrupted) are proved (default: the file at --report, if any)",
    parse: optionalText,
  }),
  preflight: flag({
    flags: "--no-preflight",
    help: "skip the Organization checks (SCPs, opt-in Regions) that otherwise run first and stop enable on a blocking finding; enable checks roles and models itself as it goes",
    parse: onOff(true),
  }),
  json: jsonFlag,
});
