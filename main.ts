import { App } from "cdktf";
import { configPath, loadConfigFile } from "./lib/config/load";
import { assertPlanPrincipals, providerRoleFromEnv } from "./lib/config/provider-role";
import { configWarnings } from "./lib/config/warnings";
import { errorDetail, InputError } from "./lib/core/errors";
import { EXIT_CODES } from "./lib/core/exit-codes";
import { MANAGEMENT_STACK_NAME, runtimeStackName } from "./lib/contracts/stack-outputs/schema";
import { ManagementStack } from "./stacks/management-stack";
import { RuntimeAccountStack } from "./stacks/runtime-account-stack";

function main(): void {
  // Validated before the config: a bad value exits 2 naming the variable, the value and what is expected.
  const providerRole = providerRoleFromEnv(process.env);
  const config = loadConfigFile(configPath(), process.env);
  assertPlanPrincipals(providerRole, config.managementAccount.planPrincipals);
  for (const warning of configWarnings(config)) process.stderr.write(`warning: ${warning}\n`);
  const app = new App();
  new ManagementStack(app, MANAGEMENT_STACK_NAME, { config, providerRole });
  for (const account of config.accounts) {
    new RuntimeAccountStack(app, runtimeStackName(account.name), { config, account, providerRole });
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
