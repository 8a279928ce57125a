import { ioLogger, processIo } from "../lib/cli/io";
import { runCli } from "../lib/cli/run-cli";
import { errorMessage } from "../lib/core/errors";

/** The one entry point: `bedrock-access <command>` (and `npm run enable|status|plan|plan:summary|schema`). */
const io = processIo();
// The AWS SDK prints a seven-line notice on Node 20 (its releases after January 2027 need Node 22) in the
// middle of a run's log. This package pins its SDK versions, so the notice concerns our releases, not the
// user's code: the README says which Node versions are supported. A value the user sets wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), io);
}

main().catch((err: unknown) => {
  ioLogger(io).error(errorMessage(err));
  process.exitCode = 1;
});
