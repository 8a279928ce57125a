import { resolve } from "node:path";
import { z } from "zod";
import { CONFIG_FILE_ENV, configPath, loadConfigFile } from "../../../config/load";
import { assertPlanPrincipals, type ProviderRole } from "../../../config/provider-role";
import { planStacks, SynthFailed, type StackPlanResult } from "../../../plan-review/run/run-plans";
import type { CliCommand } from "../../command";
import { ioLogger } from "../../io";
import { CONFIG_OPTION, count, parseOptions, seconds } from "../../options";
import { EXIT_CODES } from "../../../core/exit-codes";
import { KILL_GRACE_MS } from "../../../core/process";

const interruptedExit = (signal: "SIGINT" | "SIGTERM"): number =>
  signal === "SIGINT" ? EXIT_CODES.interruptedByInt : EXIT_CODES.interruptedByTerm;

const planSchema = z.object({
  config: z.string().optional(),
  output: z.string(),
  plans: z.string(),
  stack: z.array(z.string()).optional(),
  synth: z.boolean(),
  parallel: count(64),
  lockTimeout: z.string().optional(),
  deployRole: z.boolean().optional(),
  processTimeout: seconds(1),
});

/** A deadline for each cdktf and terraform process `plan` starts: far above a plan, far below a CI job's limit. */
const PROCESS_TIMEOUT_S = 1800;

/** `bedrock-access plan`: exit 0 when every stack planned, 1 when one failed, 130/143 when SIGINT/SIGTERM stopped it. */
export const planCommand: CliCommand = {
  name: "plan",
  summary: "Plan every stack into <plans>/<stack>.json",
  description: "Plan every stack (cdktf synth, terraform init/plan -out/show -json) and write <plans>/<stack>.json.",
  define: (command) =>
    command
      .option(...CONFIG_OPTION)
      .option("--output <dir>", "cdktf synth output directory", "cdktf.out")
      .option("--plans <dir>", "where <stack>.json plans are written (its *.json files are replaced)", "plans")
      .option("--stack <name...>", "plan only these stacks")
      .option("--no-synth", "use the stacks already in --output")
      .option("--parallel <n>", "stacks planned at once", "2")
      .option(
        "--deploy-role",
        "with the deploy role (terraformRoleName), taking the state lock: only for code already on main (e.g. a drift check), never for a pull request's code",
      )
      .option(
        "--lock-timeout <duration>",
        "with --deploy-role or the cloud backend: wait this long for a state lock (terraform plan -lock-timeout)",
      )
      .option(
        "--process-timeout <seconds>",
        "stop a cdktf or terraform process still running after this long (SIGTERM, then SIGKILL 3 s later); the stack fails",
        String(PROCESS_TIMEOUT_S),
      ),
  run: async ({ options }, io) => {
    const parsed = parseOptions(planSchema, options);
    const configFile = resolve(configPath(parsed.config, io.env));
    // Read-only unless asked: each stack's provider assumes its plan-reader role, and no state lock is taken.
    const providerRole: ProviderRole = parsed.deployRole ? "deploy" : "plan";
    if (parsed.synth) {
      const config = loadConfigFile(configFile, io.env); // bad config: exit 2 here, not a failed cdktf synth later
      assertPlanPrincipals(providerRole, config.managementAccount.planPrincipals);
    }
    const log = ioLogger(io);
    log.info(
      providerRole === "plan" ? "read-only plan: the providers assume each account's plan-reader role" : "plan with the deploy role",
    );
    // SIGINT/SIGTERM: every cdktf and terraform process is stopped (SIGTERM, then SIGKILL) and no stack starts after it.
    const stop = new AbortController();
    let interruptedBy: "SIGINT" | "SIGTERM" | undefined;
    const stopListening = io.onInterrupt((signal) => {
      interruptedBy = signal;
      log.warn(`${signal}: stopping cdktf and terraform (SIGKILL ${KILL_GRACE_MS / 1000} s after SIGTERM); no stack starts after this`);
      stop.abort();
    });
    let results: StackPlanResult[];
    try {
      results = await planStacks({
        projectDir: process.cwd(),
        outputDir: parsed.output,
        plansDir: parsed.plans,
        env: { ...io.env, [CONFIG_FILE_ENV]: configFile },
        stacks: parsed.stack,
        synth: parsed.synth,
        parallel: parsed.parallel,
        lockTimeout: parsed.lockTimeout,
        providerRole,
        log,
        signal: stop.signal,
        processTimeoutMs: parsed.processTimeout * 1000,
      });
    } catch (err) {
      if (!(err instanceof SynthFailed)) throw err;
      log.error(err.message);
      return interruptedBy ? interruptedExit(interruptedBy) : 1;
    } finally {
      stopListening();
    }
    const failed = results.filter((r) => r.problem);
    for (const result of failed) log.error(`${result.stack}: ${result.problem}`);
    if (interruptedBy) {
      const planned = results.filter((r) => r.jsonFile).map((r) => r.stack);
      log.error(`${interruptedBy}: stopped; planned before that: ${planned.join(", ") || "none"}`);
      return interruptedExit(interruptedBy);
    }
    log.info(`planned ${results.length - failed.length} of ${results.length} stacks into ${parsed.plans}/`);
    if (failed.length === 0) return 0;
    log.error(`failed: ${failed.map((r) => r.stack).join(", ")}`);
    return 1;
  },
};
