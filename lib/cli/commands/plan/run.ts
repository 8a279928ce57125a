import { resolve } from "node:path";
import { CONFIG_FILE_ENV, configPath, loadConfig } from "../../../config/load";
import { assertPlanPrincipals, type ProviderRole } from "../../../config/provider-role";
import { planStacks, SynthFailed, type StackPlanResult } from "../../../plan-review/run/run-plans";
import type { CommandRun } from "../../command";
import { ioLogger } from "../../io";
import type { Logger } from "../../../core/logger";
import type { planFlags } from "./flags";
import { EXIT_CODES } from "../../../core/exit-codes";
import { KILL_GRACE_MS } from "../../../core/process";

const interruptedExit = (signal: "SIGINT" | "SIGTERM"): number =>
  signal === "SIGINT" ? EXIT_CODES.interruptedByInt : EXIT_CODES.interruptedByTerm;

/** `bedrock-access plan`: exit 0 when every stack planned, 1 when one failed, 130/143 when SIGINT/SIGTERM stopped it. */
export const run: CommandRun<typeof planFlags> = async ({ flags: parsed }, io) => {
  const configFile = resolve(configPath(parsed.config, io.env));
  // Read-only unless asked: each stack's provider assumes its plan-reader role, and no state lock is taken.
  const providerRole: ProviderRole = parsed.deployRole ? "deploy" : "plan";
  if (parsed.synth) {
    const { config } = loadConfig(configFile, io.env); // bad config: exit 2 here, not a failed cdktf synth later
    assertPlanPrincipals(providerRole, config.managementAccount.planPrincipals);
  }
  const log = ioLogger(io);
  log.info(providerRole === "plan" ? "read-only plan: the providers assume each account's plan-reader role" : "plan with the deploy role");
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
      base: parsed.base,
      shard: parsed.shard,
      detectDrift: parsed.detectDrift,
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
  if (parsed.detectDrift) logDrift(results, log);
  if (failed.length > 0) log.error(`failed: ${failed.map((r) => r.stack).join(", ")}`);
  return failed.length > 0 || results.some((r) => r.drifted) ? 1 : 0;
};

/** The one summary line of a drift check. */
function logDrift(results: readonly StackPlanResult[], log: Logger): void {
  const drifted = results.filter((r) => r.drifted).map((r) => r.stack);
  if (drifted.length === 0) log.info(`no drift: the plans of ${results.length} stacks have no changes`);
  else log.error(`drifted (changes made outside Terraform) in ${drifted.length} of ${results.length} stacks: ${drifted.join(", ")}`);
}
