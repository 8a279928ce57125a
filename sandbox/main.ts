import { join } from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { count, parseOptions } from "../lib/cli/options";
import { startSandbox } from "./sandbox";
import { errorMessage, InputError } from "../lib/core/errors";
import { EXIT_CODES } from "../lib/core/exit-codes";
import { PROJECT } from "./project";

/**
 * `npm run sandbox`: starts moto + the Bedrock emulator seeded with the config's Organization, prints
 * the environment to use them (cdktf deploy, npm run enable, the aws CLI), and keeps them up until Ctrl-C.
 */

const sandboxOptionsSchema = z.object({
  config: z.string(),
  motoPort: count(65_535, 0),
  emulatorPort: count(65_535, 0),
  pendingMs: count(3_600_000, 0),
});

async function main(): Promise<void> {
  const parsed = new Command("sandbox")
    .option("--config <file>", "access config", join(PROJECT, "bedrock-access.yaml"))
    .option("--moto-port <port>", "moto port", "5000")
    .option("--emulator-port <port>", "Bedrock emulator port", "4566")
    .option("--pending-ms <ms>", "how long new agreements stay PENDING", "1000")
    .parse()
    .opts();
  const options = parseOptions(sandboxOptionsSchema, parsed);
  const sandbox = await startSandbox({
    configFile: options.config,
    workDir: join(PROJECT, ".sandbox", "manual"),
    motoPort: options.motoPort,
    emulatorPort: options.emulatorPort,
    emulator: { pendingMs: options.pendingMs },
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const env = await sandbox.pipelineEnv();
  process.stderr.write(
    [
      `sandbox up: moto ${sandbox.moto.endpoint}, Bedrock emulator ${sandbox.emulator.url} (admin: ${sandbox.emulator.url}/__emulator/state)`,
      `Organization: management ${sandbox.organization.managementAccountId}, members ${sandbox.organization.memberAccountIds.join(", ")}`,
      "In another shell, paste the exports below (pipeline-role credentials; they last an hour), then e.g.:",
      `  npx cdktf deploy '*' --parallelism 4 --auto-approve --skip-provider-lock --outputs-file ${join(PROJECT, ".sandbox", "manual", "outputs.json")}`,
      `  npm run enable -- --outputs ${join(PROJECT, ".sandbox", "manual", "outputs.json")}`,
      "The exports are the pipeline role's credentials: for the aws CLI flow, assume the FTU-submitter or first-use role first (docs/sandbox.md).",
      "Ctrl-C stops the sandbox.",
      "",
    ].join("\n"),
  );
  process.stdout.write(
    `${Object.entries(env)
      .map(([k, v]) => `export ${k}=${JSON.stringify(v)}`)
      .join("\n")}\n`,
  );
  await new Promise<void>((done) => {
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  await sandbox.stop();
  process.stderr.write("sandbox stopped\n");
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox: ${errorMessage(err)}\n`);
  process.exitCode = err instanceof InputError ? EXIT_CODES.badInput : EXIT_CODES.failed;
});
