import { z } from "zod";
import { runStatus } from "../../../enablement/status/run-status";
import type { CliCommand } from "../../command";
import { executeEnablement } from "../../enablement/execute";
import { commonSchema, defineCommonFlags, toCommonCli } from "../../enablement/options";
import { parseOptions } from "../../options";

const statusSchema = commonSchema.extend({ proveMessages: z.boolean().default(false) });

/** `bedrock-access status`: read-only; exit 0 when every profile is enabled, 1 otherwise. */
export const statusCommand: CliCommand = {
  name: "status",
  summary: "Show the use-case form and every agreement; changes nothing",
  description: "Show the use-case form and every profile's agreement, per account; changes nothing.",
  define: (command) =>
    defineCommonFlags(command).option(
      "--prove-messages",
      "also ask each Messages API (bedrock-mantle) profile with one 8-token request as the runtime role: bedrock-mantle has no state to read",
    ),
  run: ({ options }, io) => {
    const parsed = parseOptions(statusSchema, options);
    return executeEnablement(toCommonCli(parsed), io, (targets, run) =>
      runStatus(
        targets,
        { concurrency: parsed.concurrency, accountConcurrency: parsed.accountConcurrency, proveMessages: parsed.proveMessages },
        run,
      ),
    );
  },
};
