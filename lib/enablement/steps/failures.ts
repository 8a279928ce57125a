import { classifyError, type EnablementFailure, type FailureContext } from "../aws/errors";
import type { StepContext } from "../context";

/**
 * Classifies a step's error and logs it once: as an error, except an interruption, which is logged at debug level.
 * Every account's flow runs at once, so after Ctrl-C each profile not finished ends with its own `interrupted` failure:
 * the report lists them, and the command has already said once that it stops.
 */
export function noteFailure(ctx: StepContext, err: unknown, where: FailureContext): EnablementFailure {
  const failure = classifyError(err, where);
  if (failure.kind === "interrupted") ctx.log.debug(failure.message);
  else ctx.log.error(failure.message);
  return failure;
}
