import { ioLogger, processIo } from "../lib/cli/io";
import { runCli } from "../lib/cli/run-cli";
import { errorMessage } from "../lib/core/errors";

/** The one entry point: `bedrock-access <command>` (and `npm run enable|status|plan|plan:summary|schema`). */
const io = processIo();

async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), io);
}

main().catch((err: unknown) => {
  ioLogger(io).error(errorMessage(err));
  process.exitCode = 1;
});
