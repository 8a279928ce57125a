import { runStatus } from "../../../enablement/status/run-status";
import type { CliCommand } from "../../command";
import { executeEnablement } from "../../enablement/execute";
import { commonSchema, defineCommonFlags, toCommonCli } from "../../enablement/options";
import { parseOptions } from "../../options";

/** `bedrock-access catalog check`: status, failing only on catalog drift; for a scheduled job. */
export const catalogCheckCommand: CliCommand = {
  name: "check",
  summary: "Exit 1 when a deployed policy misses a destination",
  description:
    "Read-only, like status: per account, region and profile, compare GetInferenceProfile's destinations with the regions the deployed invoke policy grants. Exit 1 on drift (catalog-drift), 0 otherwise.",
  define: defineCommonFlags,
  run: ({ options }, io) => {
    const parsed = parseOptions(commonSchema, options);
    return executeEnablement(
      toCommonCli(parsed),
      io,
      (targets, run) => runStatus(targets, { concurrency: parsed.concurrency, accountConcurrency: parsed.accountConcurrency }, run),
      (report) => (report.accounts.some((a) => a.profiles.some((p) => p.error?.kind === "catalog-drift")) ? 1 : 0),
    );
  },
};
