import { enableCommand } from "../lib/enable/cli/commands";
import { processIo } from "../lib/enable/cli/io";
import { runCli } from "../lib/enable/cli/main";
import { createLogger } from "../lib/enable/logger";

const log = createLogger("error", (line) => process.stderr.write(`${line}\n`));

async function main(): Promise<void> {
  process.exitCode = await runCli(enableCommand, process.argv.slice(2), processIo());
}

main().catch((err: unknown) => {
  log.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
