import type { ProfileReport } from "../../contracts/report";
import { MESSAGES_API_ACTIONS } from "../../domain/iam/bedrock-policies";
import { isAccessDenied, isActionDenied, isAgreementBeingCreated, isMarketplaceDenied, type FailureContext } from "../aws/errors";
import type { ConverseReply } from "../aws/port";
import { retryUntil } from "../aws/retry";
import { stopIfInterrupted } from "../context";
import { failureReport } from "../report/build";
import { noteFailure } from "../steps/failures";
import { callMessagesApi as message, proveMessages } from "../steps/messages";
import { underWayKey } from "./account-run";
import type { FirstUseDone, ProfileStep, ProtocolSteps } from "./profile-step";

/**
 * The Anthropic Messages API on bedrock-mantle. Nothing reads bedrock-mantle's access state back
 * (GetFoundationModelAvailability is bedrock-runtime's, and AWS documents no mantle equivalent: docs/models.md §2b),
 * so a call is the only evidence:
 * 1. the runtime role's proof call first: if it answers, the model is already callable and nothing else is done; if IAM
 *    or an SCP denies it bedrock-mantle:CreateInference, no first use can help, and the profile fails;
 * 2. otherwise (any other refusal: the Marketplace gate, an agreement on its way, an account-level gate) one call
 *    through the first-use role, which holds the Marketplace permissions in case bedrock-mantle creates an agreement on
 *    first use (AWS does not say whether it does: docs/models.md §4, question 5);
 * 3. then the runtime role's proof, re-tried while an agreement that first call started is still being created.
 * `--strategy agreement` does not apply: no documented agreement offer exists for bedrock-mantle's ids.
 * The use-case form does not apply on bedrock-mantle (AWS model-access page), so nothing here waits for it.
 */
export const MESSAGES_API_STEPS: ProtocolSteps = {
  firstUse: callOnce,
  prove: (step, session) =>
    retryUntil(() => proveMessages(session, step.profile, step.ctx), agreementOnItsWay, {
      ...step.wait(`the runtime role's proof of ${step.profile.invocationId}`),
      onWait: () => step.ctx.log.info(`${where(step)}: not callable by the runtime role yet; re-trying`),
    }),
  proofFailed: (failure, err) => (failure.kind === "interrupted" ? "not-enabled" : agreementOnItsWay(err) ? "pending" : "failed"),
};

const UNKNOWN = { agreement: "UNKNOWN" } as const;

async function callOnce(step: ProfileStep): Promise<ProfileReport | FirstUseDone> {
  const { run, profile, ctx, update } = step;
  const { account, options, sessions } = run;
  const base = { ...step.base, ...UNKNOWN };
  /** The report of a failure; `stillComing` tells an agreement on its way (pending) from a failure. */
  const failed = (
    err: unknown,
    context: FailureContext,
    rest: Pick<ProfileReport, "proof">,
    stillComing: (err: unknown) => boolean = () => false,
  ): ProfileReport => {
    const failure = noteFailure(ctx, err, context);
    update("failed", `${context.roleLabel ?? ""}: ${failure.kind}`);
    const status = failure.kind === "interrupted" ? "not-enabled" : stillComing(err) ? "pending" : "failed";
    return { ...base, status, action: "none", ...rest, error: failureReport(failure) };
  };

  if (options.dryRun)
    return { action: "would-invoke", ...UNKNOWN, planned: "would call it as the runtime role, and through the first-use role if refused" };

  const proofRole = account.proofRole;
  if (sessions.proof && proofRole && !options.forceInvoke) {
    update("running", "runtime role: Messages API");
    try {
      stopIfInterrupted(ctx, `the runtime role's call of ${profile.invocationId}`);
      const proof = await proveMessages(await sessions.proof(), profile, ctx);
      update("skipped", "already callable by the runtime role");
      return { ...base, status: "already-enabled", action: "none", proof };
    } catch (err) {
      if (!isAccessDenied(err) || isActionDenied(err, MESSAGES_API_ACTIONS[0]))
        return failed(
          err,
          { ...step.where, roleArn: proofRole.arn, roleLabel: "runtime role" },
          { proof: { status: "failed", roleArn: proofRole.arn } },
        );
      ctx.log.debug(`${where(step)}: the runtime role may not call it yet; first use`);
    }
  }

  let reply: ConverseReply;
  update("running", "first use: Messages API");
  try {
    stopIfInterrupted(ctx, `the first use of ${profile.invocationId}`);
    reply = await retryUntil(
      () => message(sessions.firstUse, profile, ctx),
      isAgreementBeingCreated,
      step.wait(`the first use of ${profile.invocationId}`),
    );
  } catch (err) {
    const context = { ...step.where, roleArn: account.firstUseRoleArn, roleLabel: "first-use role" };
    return failed(err, context, { proof: { status: "skipped", note: "not enabled" } }, isAgreementBeingCreated);
  }
  // A bedrock-runtime profile of the same model that now reads AVAILABLE was enabled by this run too: it gets its proof.
  run.underWay.add(underWayKey(profile));
  return { action: "invoked", ...UNKNOWN, answer: reply.text, ...(reply.latencyMs !== undefined && { latencyMs: reply.latencyMs }) };
}

const where = (step: ProfileStep): string => `${step.run.account.name} ${step.profile.region} ${step.profile.invocationId}`;

/** After a first use: an agreement it started may still be on its way to the runtime role. */
const agreementOnItsWay = (err: unknown): boolean => isAgreementBeingCreated(err) || isMarketplaceDenied(err);
