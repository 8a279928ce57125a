import { App } from "cdktf";
import { ConfigError, configPath, loadConfigFile } from "./lib/config/load";
import { MANAGEMENT_STACK_NAME, runtimeStackName } from "./lib/contracts/stack-outputs/schema";
import { ManagementStack } from "./stacks/management-stack";
import { RuntimeAccountStack } from "./stacks/runtime-account-stack";

function main(): void {
  const config = loadConfigFile(configPath(), process.env);
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
  process.stderr.write(`${err instanceof ConfigError ? err.message : (err as Error).stack}\n`);
  process.exitCode = err instanceof ConfigError ? 2 : 1;
}
