import { classifyError, type EnablementFailure, type FailureContext } from "../aws/errors";
import type { StepContext } from "../context";

/**
 * Classifies a step's error and logs it once, as an error; an interruption as a warning when it cut a call in flight
 * (at most --concurrency of them; a first use among them leaves its agreement unknown), and at debug level when it
 * stopped work before it started: every account's flow runs at once, so after Ctrl-C each profile not finished ends with
 * its own `interrupted` failure; the report lists them, and the command has already said once that it stops.
 */
export function noteFailure(ctx: StepContext, err: unknown, where: FailureContext): EnablementFailure {
  const failure = classifyError(err, where);
  if (failure.kind !== "interrupted") ctx.log.error(failure.message);
  else if (failure.code === "InterruptedInFlight") ctx.log.warn(failure.message);
  else ctx.log.debug(failure.message);
  return failure;
}
