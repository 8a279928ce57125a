import { errorMessage } from "../lib/core/errors";
import { checkPrerequisites } from "./doctor/prerequisites";
import { ready, renderJson, renderTable } from "./doctor/report";
import { TARGET_COMMANDS, type Target } from "./doctor/requirements";

/**
 * `npm run doctor [-- --for demo|test|unit] [--json]`: checks every prerequisite of the demo and the tests, says what
 * to install for each one missing, and exits 1 when the command it checks for (the demo unless told) cannot run.
 */
const USAGE = "usage: npm run doctor -- [--for demo|test|unit] [--json]";
const HELP = [
  "  --for demo|test|unit  the command to check for: npm run demo (default), npm test, npm run test:unit;",
  "                        exits 1 when it lacks something, and names it in each fix",
  "  --json                the checks as JSON",
  "",
].join("\n");

function parseArgs(args: readonly string[]): { target: Target; json: boolean; help: boolean } {
  let target: Target = "demo";
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const next = args[i + 1];
    if (arg === "--help" || arg === "-h") return { target, json, help: true };
    if (arg === "--json") json = true;
    else if (arg === "--for" && isTarget(next)) {
      target = next;
      i++;
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return { target, json, help: false };
}

const isTarget = (value: string | undefined): value is Target => value !== undefined && Object.hasOwn(TARGET_COMMANDS, value);

async function main(): Promise<number> {
  const { target, json, help } = parseArgs(process.argv.slice(2));
  if (help) {
    process.stdout.write(`${USAGE}\n${HELP}`);
    return 0;
  }
  const checks = await checkPrerequisites(target);
  process.stdout.write(json ? renderJson(checks, target) : renderTable(checks, target));
  return ready(checks, target) ? 0 : 1;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    process.stderr.write(`doctor: ${errorMessage(err)}\n`);
    process.exitCode = 2;
  });
