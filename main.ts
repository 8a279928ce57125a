import { App } from "cdktf";
import { addBedrockAccessStacks } from "./lib/api/stacks";
import { configPath } from "./lib/config/load";
import { providerRoleFromEnv } from "./lib/config/provider-role";
import { configWarnings } from "./lib/config/warnings";
import { errorDetail, InputError } from "./lib/core/errors";
import { EXIT_CODES } from "./lib/core/exit-codes";
import { maskSecrets } from "./lib/core/redact";

function main(): void {
  // Validated before the config: a bad value exits 2 naming the variable, the value and what is expected.
  const providerRole = providerRoleFromEnv(process.env);
  const app = new App();
  const { config } = addBedrockAccessStacks(app, { configFile: configPath(undefined, process.env), env: process.env }, { providerRole });
  for (const warning of configWarnings(config)) process.stderr.write(`${maskSecrets(`warning: ${warning}`)}\n`);
  app.synth();
}

try {
  main();
} catch (err) {
  // A bad config is the user's to fix: show the problems, not a stack trace.
  process.stderr.write(`${maskSecrets(err instanceof InputError ? err.message : errorDetail(err))}\n`);
  process.exitCode = err instanceof InputError ? EXIT_CODES.badInput : EXIT_CODES.failed;
}
