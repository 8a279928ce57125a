import type { Report } from "../../contracts/report";
import { eachAccount, finishReport, stepContext, type RunContext } from "../run-context";
import { ensureUseCase } from "../steps/use-case";
import type { EnablementTargets } from "../targets";
import { alreadyEnabledNote } from "./already-enabled-note";
import { enableAccount } from "./enable-account";
import type { EnableOptions } from "../options";
import { runScheduling } from "../scheduler/run-scheduling";

/**
 * The whole enablement: the use-case form first (the invocations need it), then every account at once. The calls
 * are what is limited: at most `concurrency` in flight across the run and `accountConcurrency` into one account, all
 * through one limiter; the agreements under way are polled by one scheduler, so a wait holds no call slot and the run
 * takes about one agreement's latency plus its calls at the allowed rate, whatever the number of accounts. One
 * account's failure never stops the others; the report says what failed.
 */
export async function runEnable(targets: EnablementTargets, options: EnableOptions, run: RunContext): Promise<Report> {
  const startedAt = new Date(run.clock.now()).toISOString();
  const ctx = stepContext(run, "enable");
  const scheduling = runScheduling(options, ctx);
  const useCase = await ensureUseCase(
    targets.useCase,
    { mode: options.dryRun ? "dry-run" : "enable", update: options.updateUseCase },
    { ...ctx, aws: scheduling.calls.aws(ctx.aws) },
  );
  const formJustSubmitted = useCase.status === "submitted" || useCase.status === "updated";
  const accounts = await eachAccount(
    targets.accounts,
    (account) => enableAccount(account, { ...options, formJustSubmitted, scheduling }, ctx),
    ctx.signal,
  );
  const report = finishReport(
    { command: "enable", dryRun: options.dryRun, strategy: options.strategy, runId: run.runId, startedAt, useCase, accounts },
    run,
  );
  const formsUnchanged = report.accounts.every((a) => (a.useCaseForms ?? []).every((f) => f.status === "unchanged"));
  if (
    !options.dryRun &&
    useCase.status === "unchanged" &&
    formsUnchanged &&
    report.summary.byStatus["already-enabled"] === report.summary.profiles
  ) {
    run.log.info(alreadyEnabledNote(report));
  }
  return report;
}
