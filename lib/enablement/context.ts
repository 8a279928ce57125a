import type { EnablementAws } from "./aws/port";
import type { Clock } from "./clock";
import { classifyError, EnablementFailure, isTransient, type FailureContext } from "./aws/errors";
import type { ProgressEvents } from "./progress/events";
import type { Logger } from "../core/logger";
import { withRetry, type RetryPolicy } from "./aws/retry";
import { errorMessage } from "../core/errors";

/** What every step needs: AWS behind the narrow interface, logging, progress, and time. */
export interface StepContext {
  readonly aws: EnablementAws;
  readonly log: Logger;
  readonly progress: ProgressEvents;
  readonly clock: Clock;
  /** In [0, 1): the jitter of retry delays. */
  readonly random: () => number;
  readonly retry: RetryPolicy;
  /** STS session name: identifies the tool and the run in CloudTrail. */
  readonly sessionName: string;
  /** Aborts on SIGINT/SIGTERM: no new account, invocation, wait or proof starts after it. */
  readonly signal?: AbortSignal;
}

/** Throws the `interrupted` failure when the run was asked to stop; `what` names the work not started. */
export function stopIfInterrupted(ctx: Pick<StepContext, "signal">, what: string): void {
  if (ctx.signal?.aborted) {
    throw new EnablementFailure(
      "interrupted",
      `interrupted before ${what}; re-run the command to finish (it continues from the state AWS reports)`,
    );
  }
}

/** Runs one AWS call (or a few) with our bounded retry for throttling and 5xx, logging each wait. */
export function retrying<T>(ctx: StepContext, what: string, fn: () => Promise<T>): Promise<T> {
  return withRetry(fn, isTransient, {
    policy: ctx.retry,
    clock: ctx.clock,
    random: ctx.random,
    onRetry: (err, attempt, delayMs) =>
      ctx.log.warn(`${what}: ${errorMessage(err)}; retry ${attempt} of ${ctx.retry.attempts - 1} in ${delayMs} ms`),
  });
}

/** Classifies a step's error (what happened, where, how to fix it) and logs it once, as an error. */
export function logFailure(ctx: StepContext, err: unknown, where: FailureContext): EnablementFailure {
  const failure = classifyError(err, where);
  ctx.log.error(failure.message);
  return failure;
}
