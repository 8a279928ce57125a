import { z } from "zod";
import { DEFAULT_ENABLE_OPTIONS } from "../../../enablement/options";
import {
  accountsFlag,
  callTimeoutFlag,
  modelsFlag,
  outputPaths,
  quietFlag,
  regionsFlag,
  reportFlag,
  requestTimeoutFlag,
  verboseFlag,
} from "../../enablement/options";
import { configFlag, flag, jsonFlag, onOff } from "../../flags";
import { count } from "../../options";

export const preflightFlags = z.object({
  config: configFlag,
  outputs: flag({
    flags: "-o, --outputs <paths...>",
    help: "stack outputs, as for enable (files or directories)",
    default: ["outputs.json"],
    parse: outputPaths,
  }),
  beforeDeploy: flag({
    flags: "--before-deploy",
    help: "check what the config plans, before anything is deployed (no outputs): SCPs and opt-in Regions only, the roles do not exist yet",
    parse: onOff(),
  }),
  accounts: accountsFlag,
  models: modelsFlag,
  regions: regionsFlag,
  concurrency: flag({
    flags: "--concurrency <n>",
    help: "accounts checked at once",
    default: DEFAULT_ENABLE_OPTIONS.concurrency,
    parse: count(64),
  }),
  report: reportFlag,
  requestTimeout: requestTimeoutFlag,
  callTimeout: callTimeoutFlag,
  verbose: verboseFlag,
  quiet: quietFlag,
  json: jsonFlag,
});
