import { processIo } from "../lib/cli/io";
import { runCli } from "../lib/cli/run-cli";
import { errorMessage } from "../lib/core/errors";
import { stderrLogger } from "../lib/core/logger";

/** The one entry point: `bedrock-access <command>` (and `npm run enable|status|plan|plan:summary|schema`). */
async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}

main().catch((err: unknown) => {
  stderrLogger().error(errorMessage(err));
  process.exitCode = 1;
});
