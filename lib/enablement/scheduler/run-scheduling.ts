import type { Clock } from "../clock";
import { AgreementScheduler } from "./agreements";
import { CallLimiter, type CallLimits } from "./call-limiter";

/** How one run shares AWS: every call through one limiter, every agreement under way through one scheduler. */
export interface RunScheduling {
  readonly calls: CallLimiter;
  readonly agreements: AgreementScheduler;
}

export function runScheduling(limits: CallLimits, run: { readonly clock: Clock; readonly signal?: AbortSignal }): RunScheduling {
  const { concurrency, accountConcurrency } = limits;
  return {
    calls: new CallLimiter({ concurrency, accountConcurrency }, run.signal),
    agreements: new AgreementScheduler(run.clock, run.signal),
  };
}
