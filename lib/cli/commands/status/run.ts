import { runStatus } from "../../../enablement/status/run-status";
import type { CommandRun } from "../../command";
import { executeEnablement } from "../../enablement/execute";
import { toCommonCli } from "../../enablement/options";
import type { statusFlags } from "./flags";

/** `bedrock-access status`: read-only; exit 0 when every profile is enabled, 1 otherwise. */
export const run: CommandRun<typeof statusFlags> = ({ flags }, io) =>
  executeEnablement({ ...toCommonCli(flags), json: flags.json }, io, (targets, run) =>
    runStatus(
      targets,
      { concurrency: flags.concurrency, accountConcurrency: flags.accountConcurrency, proveMessages: flags.proveMessages },
      run,
    ),
  );
