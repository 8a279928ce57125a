import { statusCommand } from "../lib/cli/commands/enablement";
import { processIo } from "../lib/cli/io";
import { runCli } from "../lib/cli/run-cli";
import { createLogger } from "../lib/core/logger";

const log = createLogger("error", (line) => process.stderr.write(`${line}\n`));

async function main(): Promise<void> {
  process.exitCode = await runCli(statusCommand, process.argv.slice(2), processIo());
}

main().catch((err: unknown) => {
  log.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
