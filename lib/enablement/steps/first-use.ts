import type { ConverseReply, ModelAvailability, RoleSession } from "../aws/port";
import { retrying, stopIfInterrupted, type StepContext } from "../context";
import { EnablementFailure, isAgreementAlreadyExists, isAgreementBeingCreated, isUseCaseFormMissing } from "../aws/errors";
import type { AccountTarget, ProfileTarget } from "../targets";
import type { FirstUseAction } from "../../contracts/report";
import { retryUntil } from "../aws/retry";
import type { EnableOptions } from "../options";

/** The first-use prompt: as short as a prompt gets, answered in one token. */
export const FIRST_USE_PROMPT = "Reply with OK only.";
/** No temperature: "Starting with Opus 4.7, temperature, top_p and top_k are no longer supported" (Opus 4.7 model card). */
export const FIRST_USE_INFERENCE = { maxTokens: 8 } as const;

export interface FirstUseResult {
  readonly action: FirstUseAction;
  readonly reply?: ConverseReply;
}

export interface FirstUseOptions extends Pick<EnableOptions, "strategy" | "forceInvoke" | "dryRun" | "waitTimeoutMs" | "pollIntervalMs"> {
  /** This run submitted the form: "form missing" is then propagation, worth waiting for. */
  readonly formJustSubmitted: boolean;
}

/** The agreement's state for the profile's base model, in its region, as the first-use role sees it. */
export function checkAvailability(session: RoleSession, profile: ProfileTarget, ctx: StepContext): Promise<ModelAvailability> {
  return retrying(ctx, `GetFoundationModelAvailability ${profile.modelId} in ${profile.region}`, () =>
    ctx.aws.getAvailability(session, profile.region, profile.modelId),
  );
}

/**
 * Step 2 for one profile, with the first-use role, given its availability: skip when the agreement is
 * already AVAILABLE (unless forced); otherwise make the agreement, by invoking the profile once or by
 * accepting the model's offer.
 */
export async function firstUse(
  session: RoleSession,
  account: AccountTarget,
  profile: ProfileTarget,
  availability: ModelAvailability,
  options: FirstUseOptions,
  ctx: StepContext,
): Promise<FirstUseResult> {
  const { region } = profile;
  if (availability.agreement === "AVAILABLE" && !options.forceInvoke) return { action: "none" };
  // An agreement under way (an earlier run or a sibling profile started it) is waited on, never invoked again.
  if (availability.agreement === "PENDING" && !options.forceInvoke && !options.dryRun) return { action: "none" };
  if (options.dryRun) return { action: options.strategy === "invoke" ? "would-invoke" : "would-create-agreement" };
  if (options.strategy === "agreement") {
    await createAgreement(session, account, profile, ctx);
    return { action: "agreement-created" };
  }
  try {
    const reply = await retryUntil(
      () => invoke(session, profile, ctx),
      (err) => options.formJustSubmitted && isUseCaseFormMissing(err),
      {
        clock: ctx.clock,
        intervalMs: options.pollIntervalMs,
        timeoutMs: options.waitTimeoutMs,
        // An interruption ends the wait for the form at once; no invocation starts after it.
        signal: ctx.signal,
        beforeRetry: () => stopIfInterrupted(ctx, `the first use of ${profile.invocationId}`),
        onWait: () =>
          ctx.log.info(`${account.name} ${region} ${profile.invocationId}: the new use-case form is not in effect yet; re-checking`),
      },
    );
    return { action: "invoked", reply };
  } catch (err) {
    // The agreement is under way (an earlier invocation started it): the verification step waits for it.
    if (isAgreementBeingCreated(err)) return { action: "invoked" };
    throw err;
  }
}

/** One Converse call with the first-use prompt, through the given session (first-use or runtime role). */
export function invoke(session: RoleSession, profile: ProfileTarget, ctx: StepContext): Promise<ConverseReply> {
  return retrying(ctx, `Converse ${profile.invocationId} in ${profile.region}`, () =>
    ctx.aws.converse(session, profile.region, { modelId: profile.invocationId, prompt: FIRST_USE_PROMPT, ...FIRST_USE_INFERENCE }),
  );
}

/** One ConverseStream call with the same prompt: the action streaming clients (Claude Code, SDK streams) need. */
export function invokeStreaming(session: RoleSession, profile: ProfileTarget, ctx: StepContext): Promise<ConverseReply> {
  return retrying(ctx, `ConverseStream ${profile.invocationId} in ${profile.region}`, () =>
    ctx.aws.converseStream(session, profile.region, { modelId: profile.invocationId, prompt: FIRST_USE_PROMPT, ...FIRST_USE_INFERENCE }),
  );
}

async function createAgreement(session: RoleSession, account: AccountTarget, profile: ProfileTarget, ctx: StepContext): Promise<void> {
  const { region, modelId } = profile;
  const offers = await retrying(ctx, `ListFoundationModelAgreementOffers ${modelId} in ${region}`, () =>
    ctx.aws.listAgreementOffers(session, region, modelId),
  );
  const offer = offers[0];
  if (!offer) {
    throw new EnablementFailure(
      "no-agreement-offer",
      `account ${account.name} (${account.accountId}), ${region}: AWS lists no agreement offer for ${modelId}. Fix: check that the model is offered in ${region}, or use --strategy invoke.`,
    );
  }
  try {
    await retrying(ctx, `CreateFoundationModelAgreement ${modelId} in ${region}`, () =>
      ctx.aws.createAgreement(session, region, modelId, offer.offerToken),
    );
  } catch (err) {
    if (!isAgreementAlreadyExists(err) && !isAgreementBeingCreated(err)) throw err;
    ctx.log.debug(`${account.name} ${region} ${modelId}: the agreement already exists or is being created`);
  }
}
