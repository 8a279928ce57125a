import type { Report } from "../../contracts/report";
import type { EnableOptions } from "../options";
import { eachAccount, finishReport, stepContext, type RunContext } from "../run-context";
import { ensureUseCase } from "../steps/use-case";
import type { EnablementTargets } from "../targets";
import { inspectAccount } from "./inspect-account";

/** Read-only: the form and every profile's agreement, as they are. */
export async function runStatus(
  targets: EnablementTargets,
  options: Pick<EnableOptions, "concurrency" | "accountConcurrency">,
  run: RunContext,
): Promise<Report> {
  const startedAt = new Date(run.clock.now()).toISOString();
  const ctx = stepContext(run, "status");
  const useCase = await ensureUseCase(targets.useCase, { mode: "status" }, ctx);
  const accounts = await eachAccount(targets.accounts, options.concurrency, (account) => inspectAccount(account, options, ctx), run.signal);
  return finishReport({ command: "status", dryRun: false, strategy: "invoke", runId: run.runId, startedAt, useCase, accounts }, run);
}
