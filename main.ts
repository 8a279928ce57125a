import { App } from "cdktf";
import { configPath, loadConfigFile } from "./lib/config/load";
import { configWarnings } from "./lib/config/warnings";
import { errorDetail, InputError } from "./lib/core/errors";
import { EXIT_CODES } from "./lib/core/exit-codes";
import { MANAGEMENT_STACK_NAME, runtimeStackName } from "./lib/contracts/stack-outputs/schema";
import { ManagementStack } from "./stacks/management-stack";
import { RuntimeAccountStack } from "./stacks/runtime-account-stack";

function main(): void {
  const config = loadConfigFile(configPath(), process.env);
  for (const warning of configWarnings(config)) process.stderr.write(`warning: ${warning}\n`);
  const app = new App();
  new ManagementStack(app, MANAGEMENT_STACK_NAME, { config });
  for (const account of config.accounts) {
    new RuntimeAccountStack(app, runtimeStackName(account.name), { config, account });
  }
  app.synth();
}

try {
  main();
} catch (err) {
  // A bad config is the user's to fix: show the problems, not a stack trace.
  process.stderr.write(`${err instanceof InputError ? err.message : errorDetail(err)}\n`);
  process.exitCode = err instanceof InputError ? EXIT_CODES.badInput : EXIT_CODES.failed;
}
