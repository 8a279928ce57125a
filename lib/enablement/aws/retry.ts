import type { Clock } from "../clock";

export interface RetryPolicy {
  /** Total attempts, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No retry starts after this long from the first attempt (the retries count against the call's deadline). @default - none */
  readonly deadlineMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 2_000, maxDelayMs: 30_000 };

/** Our retries of a step (`--retries`, `--retry-base-delay`), stopping at the call's deadline (`--call-timeout`). */
export const retryPolicy = (retries: number, baseDelayMs: number, callTimeoutMs: number): RetryPolicy => ({
  ...DEFAULT_RETRY,
  attempts: retries + 1,
  baseDelayMs,
  deadlineMs: callTimeoutMs,
});

/**
 * How long the AWS clients wait. The request timeout bounds one HTTP attempt's silence; the call timeout
 * bounds one call with the SDK's attempts, and our retries of a step stop at it too.
 */
export const DEFAULT_TIMEOUTS = { connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000, callTimeoutMs: 120_000 } as const;

/**
 * Capped exponential backoff with full jitter: a random delay in [0, min(max, base * 2^attempt)).
 * @internal its tests read it
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly random: () => number;
  /** Called before each wait, e.g. to log it. */
  readonly onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Runs `fn` until it succeeds, throws an error `isRetryable` rejects, or runs out of attempts; the last
 * error is rethrown. This wraps whole steps, on top of the SDK's own per-call retries.
 */
export async function withRetry<T>(fn: () => Promise<T>, isRetryable: (err: unknown) => boolean, ctx: RetryContext): Promise<T> {
  const deadline = ctx.policy.deadlineMs === undefined ? Infinity : ctx.clock.now() + ctx.policy.deadlineMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt + 1 >= ctx.policy.attempts || !isRetryable(err)) throw err;
      const delay = backoffDelay(ctx.policy, attempt, ctx.random);
      if (ctx.clock.now() + delay >= deadline) throw err;
      ctx.onRetry?.(err, attempt + 1, delay);
      await ctx.clock.sleep(delay);
    }
  }
}

export interface WaitOptions {
  readonly clock: Clock;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly onWait?: (err: unknown, remainingMs: number) => void;
  /** Ends a wait early; `beforeRetry` then decides (it throws to stop). */
  readonly signal?: AbortSignal;
  /** Runs before each attempt after the first: throws to stop (an interrupted run). */
  readonly beforeRetry?: () => void;
}

/** The first re-check after this long; each next one waits twice as long, up to the poll interval. */
const FIRST_POLL_MS = 1_000;

/**
 * The wait before re-check number `attempt` (0-based): 1 s, 2 s, 4 s … capped at `intervalMs`. A new agreement
 * is usually PENDING for seconds, not a whole interval, so the short first waits save most of a run's time.
 */
export function pollDelay(attempt: number, intervalMs: number): number {
  return Math.min(intervalMs, FIRST_POLL_MS * 2 ** Math.min(attempt, 30));
}

/**
 * Runs `fn` again (after `pollDelay`) while it throws an error `shouldWait` accepts and the deadline has
 * not passed: for states AWS resolves on its own (an agreement being created, a form propagating).
 */
export async function retryUntil<T>(fn: () => Promise<T>, shouldWait: (err: unknown) => boolean, options: WaitOptions): Promise<T> {
  const deadline = options.clock.now() + options.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const remaining = deadline - options.clock.now();
      if (!shouldWait(err) || remaining <= 0) throw err;
      options.onWait?.(err, remaining);
      await options.clock.sleep(Math.max(1, Math.min(pollDelay(attempt, options.intervalMs), remaining)), options.signal);
      options.beforeRetry?.();
    }
  }
}
