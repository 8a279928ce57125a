import pLimit from "p-limit";
import { REPORT_VERSION, type AccountReport, type Report, type UseCaseReport } from "../contracts/report";
import type { StepContext } from "./context";
import { EnablementFailure } from "./aws/errors";
import { everyProfileAlike, exitCodeOf, failureReport, summarize } from "./report/build";
import type { AccountTarget } from "./targets";

/** What a run of enable or status is given; each step gets it with the run's STS session name. */
export interface RunContext extends Omit<StepContext, "sessionName"> {
  /** Identifies the run in STS session names and in the report. */
  readonly runId: string;
  /** The signal that aborted `signal`, for the report. */
  readonly interruptedBy?: () => "SIGINT" | "SIGTERM" | "max-duration" | undefined;
}

/** `bedrock-org-access-enable-<run id>`: what CloudTrail shows for every call of the run. */
export function sessionName(command: Report["command"] | "preflight", runId: string): string {
  return `bedrock-org-access-${command}-${runId}`.slice(0, 64);
}

export function stepContext(run: RunContext, command: Report["command"]): StepContext {
  return { ...run, sessionName: sessionName(command, run.runId) };
}

/**
 * Runs `fn` for every account, at most `concurrency` accounts at once. After `signal` aborts, accounts not
 * started yet are reported as they are (not enabled, nothing done) instead of being started.
 */
export function eachAccount(
  accounts: readonly AccountTarget[],
  concurrency: number,
  fn: (account: AccountTarget) => Promise<AccountReport>,
  signal?: AbortSignal,
): Promise<AccountReport[]> {
  const limit = pLimit(concurrency);
  return Promise.all(accounts.map((account) => limit(() => (signal?.aborted ? notStarted(account) : fn(account)))));
}

function notStarted(account: AccountTarget): Promise<AccountReport> {
  const error = failureReport(
    new EnablementFailure("interrupted", `${account.name}: interrupted before this account started; re-run to finish`),
  );
  return Promise.resolve(everyProfileAlike(account, { status: "not-enabled", proof: { status: "skipped", note: "interrupted" }, error }));
}

/** The report of a finished run: the parts, the time it finished, the counts and the exit code. */
export function finishReport(
  parts: Pick<Report, "command" | "dryRun" | "strategy" | "runId" | "startedAt" | "interrupted"> & {
    useCase: UseCaseReport;
    accounts: AccountReport[];
  },
  run: RunContext,
): Report {
  const interrupted = parts.interrupted ?? run.interruptedBy?.();
  return {
    version: REPORT_VERSION,
    ...parts,
    ...(interrupted && { interrupted }),
    finishedAt: new Date(run.clock.now()).toISOString(),
    summary: summarize(parts.accounts),
    exitCode: exitCodeOf(parts),
  };
}
