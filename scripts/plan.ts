import { resolve } from "node:path";
import { Command } from "commander";
import { CONFIG_FILE_ENV, configPath } from "../lib/config/load";
import { createLogger } from "../lib/plan-review/log";
import { planStacks } from "../lib/plan-review/run/run-plans";

const log = createLogger();

interface Options {
  config?: string;
  output: string;
  plans: string;
  stack?: string[];
  synth: boolean;
  parallel: string;
  lockTimeout?: string;
}

async function main(): Promise<void> {
  const options = new Command("plan")
    .description("Plan every stack (cdktf synth, terraform init/plan -out/show -json) and write <plans>/<stack>.json.")
    .option("--config <file>", `access config (default: $${CONFIG_FILE_ENV} or bedrock-access.yaml)`)
    .option("--output <dir>", "cdktf synth output directory", "cdktf.out")
    .option("--plans <dir>", "where <stack>.json plans are written (its *.json files are replaced)", "plans")
    .option("--stack <name...>", "plan only these stacks")
    .option("--no-synth", "use the stacks already in --output")
    .option("--parallel <n>", "stacks planned at once", "2")
    .option("--lock-timeout <duration>", "wait this long for a state lock (terraform plan -lock-timeout)")
    .parse()
    .opts<Options>();
  const parallel = Number(options.parallel);
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new Error(`--parallel: expected a positive integer (got ${JSON.stringify(options.parallel)})`);

  const results = await planStacks({
    projectDir: process.cwd(),
    outputDir: options.output,
    plansDir: options.plans,
    env: { ...process.env, [CONFIG_FILE_ENV]: resolve(configPath(options.config)) },
    stacks: options.stack,
    synth: options.synth,
    parallel,
    lockTimeout: options.lockTimeout,
    log,
  });
  const failed = results.filter((r) => r.problem);
  for (const result of failed) log.error(`${result.stack}: ${result.problem}`);
  log.info(`planned ${results.length - failed.length} of ${results.length} stacks into ${options.plans}/`);
  if (failed.length > 0) {
    log.error(`failed: ${failed.map((r) => r.stack).join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  log.error((err as Error).message);
  process.exitCode = 1;
});
