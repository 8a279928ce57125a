import pLimit from "p-limit";
import { enableAccount } from "./enable/enable-account";
import type { StepContext } from "./context";
import { inspectAccount } from "./status/inspect-account";
import type { AccountTarget, EnablementPlan } from "./targets";
import { exitCodeOf, REPORT_VERSION, summarize, type AccountReport, type Report, type UseCaseReport } from "../contracts/report";
import type { EnableOptions } from "./enable/options";
import { ensureUseCase } from "./steps/use-case";

export interface RunContext extends Omit<StepContext, "sessionName"> {
  /** Identifies the run in STS session names and in the report. */
  readonly runId: string;
}

/** `bedrock-org-access-enable-<run id>`: what CloudTrail shows for every call of the run. */
export function sessionName(command: Report["command"], runId: string): string {
  return `bedrock-org-access-${command}-${runId}`.slice(0, 64);
}

/**
 * The whole enablement: the use-case form first (the invocations need it), then every account, at most
 * `concurrency` at once. One account's failure never stops the others; the report says what failed.
 */
export async function runEnable(plan: EnablementPlan, options: EnableOptions, run: RunContext): Promise<Report> {
  const startedAt = new Date(run.clock.now()).toISOString();
  const ctx = stepContext(run, "enable");
  const useCase = await ensureUseCase(plan.useCase, { mode: options.dryRun ? "dry-run" : "enable", update: options.updateUseCase }, ctx);
  const formJustSubmitted = useCase.status === "submitted" || useCase.status === "updated";
  const accounts = await eachAccount(plan.accounts, options.concurrency, (account) =>
    enableAccount(account, { ...options, formJustSubmitted }, ctx)
  );
  const report = finish(
    { command: "enable", dryRun: options.dryRun, strategy: options.strategy, runId: run.runId, startedAt, useCase, accounts },
    run
  );
  if (!options.dryRun && useCase.status === "unchanged" && report.summary.byStatus["already-enabled"] === report.summary.profiles) {
    run.log.info(
      `Already enabled: the use-case form is unchanged and all ${report.summary.profiles} profiles have an AVAILABLE agreement; nothing was submitted or invoked (--force-invoke invokes anyway).`
    );
  }
  return report;
}

/** Read-only: the form and every profile's agreement, as they are. */
export async function runStatus(
  plan: EnablementPlan,
  options: Pick<EnableOptions, "concurrency" | "accountConcurrency">,
  run: RunContext
): Promise<Report> {
  const startedAt = new Date(run.clock.now()).toISOString();
  const ctx = stepContext(run, "status");
  const useCase = await ensureUseCase(plan.useCase, { mode: "status" }, ctx);
  const accounts = await eachAccount(plan.accounts, options.concurrency, (account) => inspectAccount(account, options, ctx));
  return finish({ command: "status", dryRun: false, strategy: "invoke", runId: run.runId, startedAt, useCase, accounts }, run);
}

function stepContext(run: RunContext, command: Report["command"]): StepContext {
  return { ...run, sessionName: sessionName(command, run.runId) };
}

function eachAccount(
  accounts: readonly AccountTarget[],
  concurrency: number,
  fn: (account: AccountTarget) => Promise<AccountReport>
): Promise<AccountReport[]> {
  const limit = pLimit(concurrency);
  return Promise.all(accounts.map((account) => limit(() => fn(account))));
}

function finish(
  parts: Pick<Report, "command" | "dryRun" | "strategy" | "runId" | "startedAt"> & { useCase: UseCaseReport; accounts: AccountReport[] },
  run: RunContext
): Report {
  return {
    version: REPORT_VERSION,
    ...parts,
    finishedAt: new Date(run.clock.now()).toISOString(),
    summary: summarize(parts.accounts),
    exitCode: exitCodeOf(parts),
  };
}
