import pLimit from "p-limit";
import { REPORT_VERSION, type AccountReport, type Report, type UseCaseReport } from "../contracts/report";
import type { StepContext } from "./context";
import { exitCodeOf, summarize } from "./report/build";
import type { AccountTarget } from "./targets";

/** What a run of enable or status is given; each step gets it with the run's STS session name. */
export interface RunContext extends Omit<StepContext, "sessionName"> {
  /** Identifies the run in STS session names and in the report. */
  readonly runId: string;
}

/** `bedrock-org-access-enable-<run id>`: what CloudTrail shows for every call of the run. */
export function sessionName(command: Report["command"], runId: string): string {
  return `bedrock-org-access-${command}-${runId}`.slice(0, 64);
}

export function stepContext(run: RunContext, command: Report["command"]): StepContext {
  return { ...run, sessionName: sessionName(command, run.runId) };
}

/** Runs `fn` for every account, at most `concurrency` accounts at once. */
export function eachAccount(
  accounts: readonly AccountTarget[],
  concurrency: number,
  fn: (account: AccountTarget) => Promise<AccountReport>,
): Promise<AccountReport[]> {
  const limit = pLimit(concurrency);
  return Promise.all(accounts.map((account) => limit(() => fn(account))));
}

/** The report of a finished run: the parts, the time it finished, the counts and the exit code. */
export function finishReport(
  parts: Pick<Report, "command" | "dryRun" | "strategy" | "runId" | "startedAt"> & { useCase: UseCaseReport; accounts: AccountReport[] },
  run: RunContext,
): Report {
  return {
    version: REPORT_VERSION,
    ...parts,
    finishedAt: new Date(run.clock.now()).toISOString(),
    summary: summarize(parts.accounts),
    exitCode: exitCodeOf(parts),
  };
}
