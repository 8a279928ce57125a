import { setMaxListeners } from "node:events";
import { REPORT_VERSION, type AccountReport, type Report, type UseCaseReport } from "../contracts/report";
import type { StepContext } from "./context";
import { exitCodeOf, summarize } from "./report/build";
import { notStarted } from "./steps/enter-account";
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
  return { ...run, sessionName: sessionName(command, run.runId), ...(run.signal && { signal: forEveryWait(run.signal) }) };
}

/**
 * A signal that aborts with `signal`, on which any number of waits may listen: every account's flow runs at once, and
 * Node warns of a leak past 10 listeners on one signal.
 */
function forEveryWait(signal: AbortSignal): AbortSignal {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  return controller.signal;
}

/**
 * Runs `fn` for every account, all at once: what limits the work is the calls in flight (the run's call limiter),
 * never the accounts, so an account waiting for an agreement keeps nobody else waiting. After `signal` aborts,
 * accounts not started yet are reported as they are (not enabled, nothing done) instead of being started.
 */
export function eachAccount(
  accounts: readonly AccountTarget[],
  fn: (account: AccountTarget) => Promise<AccountReport>,
  signal?: AbortSignal,
): Promise<AccountReport[]> {
  return Promise.all(accounts.map((account) => (signal?.aborted ? Promise.resolve(notStarted(account)) : fn(account))));
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
