import { App } from "cdktf";
import { loadConfig } from "./lib/config/load";
import { assertPlanPrincipals, providerRoleFromEnv } from "./lib/config/provider-role";
import { configWarnings } from "./lib/config/warnings";
import { errorDetail, InputError } from "./lib/core/errors";
import { EXIT_CODES } from "./lib/core/exit-codes";
import { maskSecrets } from "./lib/core/redact";
import { addStacks } from "./stacks/app";

function main(): void {
  // Validated before the config: a bad value exits 2 naming the variable, the value and what is expected.
  const providerRole = providerRoleFromEnv(process.env);
  const { config } = loadConfig(undefined, process.env);
  assertPlanPrincipals(providerRole, config.managementAccount.planPrincipals);
  for (const warning of configWarnings(config)) process.stderr.write(`${maskSecrets(`warning: ${warning}`)}\n`);
  const app = new App();
  addStacks(app, config, providerRole);
  app.synth();
}

try {
  main();
} catch (err) {
  // A bad config is the user's to fix: show the problems, not a stack trace.
  process.stderr.write(`${maskSecrets(err instanceof InputError ? err.message : errorDetail(err))}\n`);
  process.exitCode = err instanceof InputError ? EXIT_CODES.badInput : EXIT_CODES.failed;
}
