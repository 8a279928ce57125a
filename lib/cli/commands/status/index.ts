import { runStatus } from "../../../enablement/status/run-status";
import type { CliCommand } from "../../command";
import { executeEnablement } from "../../enablement/execute";
import { commonSchema, defineCommonFlags, toCommonCli } from "../../enablement/options";
import { parseOptions } from "../../options";

/** `bedrock-access status`: read-only; exit 0 when every profile is enabled, 1 otherwise. */
export const statusCommand: CliCommand = {
  name: "status",
  summary: "Show the use-case form and every agreement; changes nothing",
  description: "Show the use-case form and every profile's agreement, per account; changes nothing.",
  define: defineCommonFlags,
  run: ({ options }, io) => {
    const parsed = parseOptions(commonSchema, options);
    return executeEnablement(toCommonCli(parsed), io, (targets, run) =>
      runStatus(targets, { concurrency: parsed.concurrency, accountConcurrency: parsed.accountConcurrency }, run),
    );
  },
};
