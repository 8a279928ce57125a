import { linkedSignal } from "../core/abort";
import type { Logger } from "../core/logger";
import type { Report } from "../contracts/report";
import type { EnablementAws } from "./aws/port";
import { EndpointBreaker, endpointDownMessage } from "./aws/breaker";
import type { RetryPolicy } from "./aws/retry";
import type { SdkEnablementAwsOptions } from "./aws/sdk-adapter";
import type { Clock } from "./clock";
import type { ProgressEvents } from "./progress/events";
import { runId } from "./report/publish";
import type { RunContext } from "./run-context";

/** What ends a run early. */
export type Interruption = "SIGINT" | "SIGTERM" | "max-duration";

/** The edges and limits of one enable or status run, whoever starts it (the CLI, or the package's API). */
export interface EnablementSetup {
  readonly log: Logger;
  readonly progress: ProgressEvents;
  readonly clock: Clock;
  readonly random: () => number;
  readonly retry: RetryPolicy;
  /** The region of the STS calls that assume the roles (the management account's). */
  readonly stsRegion: string;
  readonly requestTimeoutMs: number;
  readonly callTimeoutMs: number;
  /** Stop starting work after this long, then report. @default - no limit */
  readonly maxDurationMs?: number;
  readonly createAws: (options: SdkEnablementAwsOptions) => EnablementAws & { destroy?(): void };
  /** Calls the handler on SIGINT or SIGTERM; returns the unsubscribe. @default - no signal stops the run */
  readonly onInterrupt?: (handler: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
}

/** A finished run: its report (with the endpoints that stopped answering) and what interrupted it, if anything did. */
export interface EnablementRun {
  readonly report: Report;
  readonly interruptedBy?: Interruption;
}

/**
 * Runs enable or status (`run`) with one AWS adapter, an interruption (signal or `maxDurationMs`) that starts no new
 * work, abandons calls in flight and ends every wait, and one message per endpoint that stops answering. Prints nothing.
 */
export async function runEnablement(setup: EnablementSetup, run: (ctx: RunContext) => Promise<Report>): Promise<EnablementRun> {
  const { log } = setup;
  const stop = new AbortController();
  let interruptedBy: Interruption | undefined;
  // One message per endpoint that stops answering; the calls it fails say so in the report, not in a timeout each.
  const breaker = new EndpointBreaker({ onDown: (down) => log.error(endpointDownMessage(down)) });
  const aws = setup.createAws({
    stsRegion: setup.stsRegion,
    requestTimeoutMs: setup.requestTimeoutMs,
    callTimeoutMs: setup.callTimeoutMs,
    signal: stop.signal,
    breaker,
  });
  const stopListening = setup.onInterrupt?.((signal) => {
    interruptedBy = signal;
    log.warn(`${signal}: stopping; calls in flight are abandoned, then the report is written (${signal} again stops at once, without it)`);
    stop.abort();
  });
  const { maxDurationMs } = setup;
  const deadline =
    maxDurationMs === undefined
      ? undefined
      : setTimeout(() => {
          interruptedBy ??= "max-duration";
          log.error(`--max-duration: ${maxDurationMs / 1000} s reached; stopping, then writing the report`);
          stop.abort();
        }, maxDurationMs);
  let report: Report;
  try {
    report = await run({
      aws,
      log,
      progress: setup.progress,
      clock: interruptible(setup.clock, stop.signal),
      random: setup.random,
      retry: setup.retry,
      runId: runId(setup.clock.now(), setup.random()),
      signal: stop.signal,
      interruptedBy: () => interruptedBy,
    });
  } finally {
    if (deadline) clearTimeout(deadline);
    stopListening?.();
    aws.destroy?.();
  }
  const endpointsDown = breaker.down();
  if (endpointsDown.length > 0) report = { ...report, endpointsDown };
  return { report, ...(interruptedBy && { interruptedBy }) };
}

/** The clock, with every wait ending when the run is interrupted, whatever signal the waiting code passes itself. */
function interruptible(clock: Clock, stop: AbortSignal): Clock {
  return {
    now: () => clock.now(),
    sleep: async (ms, signal) => {
      const linked = linkedSignal(signal, stop);
      try {
        await clock.sleep(ms, linked.signal);
      } finally {
        linked.dispose();
      }
    },
  };
}
