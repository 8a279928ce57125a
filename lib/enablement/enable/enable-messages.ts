import type { ProfileReport, ProofReport } from "../../contracts/report";
import { isAccessDenied, isActionDenied, isAgreementBeingCreated, isMarketplaceDenied, type FailureContext } from "../aws/errors";
import type { ConverseReply } from "../aws/port";
import { MESSAGES_API_ACTIONS } from "../../domain/iam/bedrock-policies";
import { retryUntil } from "../aws/retry";
import { stopIfInterrupted, type StepContext } from "../context";
import { noteFailure } from "../steps/failures";
import { profileProgress } from "../progress/tasks";
import { failureReport } from "../report/build";
import { callMessagesApi as message, proveMessages } from "../steps/messages";
import { profileIdentity, profileWhere, type AccountTarget, type ProfileTarget } from "../targets";
import type { ProfileOptions, ProfileSessions } from "./profile-sessions";
import { NO_PROOF_ROLE_NOTE } from "./proof-notes";

/**
 * Steps 2 and 3 for a Messages API profile (bedrock-mantle). Nothing reads bedrock-mantle's access state back
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
 * Never throws: failures end up in the report entry.
 */
export async function enableMessagesProfile(
  account: AccountTarget,
  profile: ProfileTarget,
  sessions: ProfileSessions,
  options: ProfileOptions,
  ctx: StepContext,
): Promise<ProfileReport> {
  const update = profileProgress(account, profile, ctx.progress);
  const where: FailureContext = profileWhere(account, profile);
  const base = { ...profileIdentity(profile), agreement: "UNKNOWN" as const };
  const proofRole = account.proofRole;
  const runtime = proofRole && { ...where, roleArn: proofRole.arn, roleLabel: "runtime role" };
  const wait = (what: string) => ({
    clock: ctx.clock,
    intervalMs: options.pollIntervalMs,
    timeoutMs: options.waitTimeoutMs,
    signal: ctx.signal,
    beforeRetry: () => stopIfInterrupted(ctx, what),
  });
  /** The report of a failure; `stillComing` tells an agreement on its way (pending) from a failure. */
  const failed = (
    err: unknown,
    context: FailureContext,
    rest: Pick<ProfileReport, "action" | "proof"> & Partial<ProfileReport>,
    stillComing: (err: unknown) => boolean = () => false,
  ): ProfileReport => {
    const failure = noteFailure(ctx, err, context);
    update("failed", `${context.roleLabel ?? ""}: ${failure.kind}`);
    const status = failure.kind === "interrupted" ? "not-enabled" : stillComing(err) ? "pending" : "failed";
    return { ...base, status, ...rest, error: failureReport(failure) };
  };

  if (options.dryRun) {
    update("done", "would call it as the runtime role, and through the first-use role if refused");
    const proof: ProofReport = proofRole ? { status: "planned", roleArn: proofRole.arn } : { status: "skipped", note: NO_PROOF_ROLE_NOTE };
    return { ...base, status: "would-enable", action: "would-invoke", proof };
  }

  if (sessions.proof && proofRole && runtime && !options.forceInvoke) {
    update("running", "runtime role: Messages API");
    try {
      stopIfInterrupted(ctx, `the runtime role's call of ${profile.invocationId}`);
      const proof = await proveMessages(await sessions.proof(), profile, ctx);
      update("skipped", "already callable by the runtime role");
      return { ...base, status: "already-enabled", action: "none", proof };
    } catch (err) {
      if (!isAccessDenied(err) || isActionDenied(err, MESSAGES_API_ACTIONS[0]))
        return failed(err, runtime, { action: "none", proof: { status: "failed", roleArn: proofRole.arn } });
      ctx.log.debug(`${account.name} ${profile.region} ${profile.invocationId}: the runtime role may not call it yet; first use`);
    }
  }

  let reply: ConverseReply;
  update("running", "first use: Messages API");
  try {
    stopIfInterrupted(ctx, `the first use of ${profile.invocationId}`);
    reply = await retryUntil(
      () => message(sessions.firstUse, profile, ctx),
      isAgreementBeingCreated,
      wait(`the first use of ${profile.invocationId}`),
    );
  } catch (err) {
    const context = { ...where, roleArn: account.firstUseRoleArn, roleLabel: "first-use role" };
    return failed(err, context, { action: "none", proof: { status: "skipped", note: "not enabled" } }, isAgreementBeingCreated);
  }
  // A bedrock-runtime profile of the same model that now reads AVAILABLE was enabled by this run too: it gets its proof.
  options.underWay?.add(`${profile.region}|${profile.modelId}`);
  const firstUse = { action: "invoked" as const, answer: reply.text, ...(reply.latencyMs !== undefined && { latencyMs: reply.latencyMs }) };

  if (!sessions.proof || !proofRole || !runtime) {
    update("done", "enabled (no runtime role to prove it)");
    return { ...base, status: "enabled", ...firstUse, proof: { status: "skipped", note: NO_PROOF_ROLE_NOTE } };
  }
  if (ctx.signal?.aborted) {
    const note = "interrupted before the runtime-role proof; re-run to prove it";
    return { ...base, status: "enabled", ...firstUse, proof: { status: "skipped", note } };
  }
  try {
    const session = await sessions.proof();
    const proof = await retryUntil(() => proveMessages(session, profile, ctx), agreementOnItsWay, {
      ...wait(`the runtime role's proof of ${profile.invocationId}`),
      onWait: () =>
        ctx.log.info(`${account.name} ${profile.region} ${profile.invocationId}: not callable by the runtime role yet; re-trying`),
    });
    update("done", `enabled${reply.latencyMs === undefined ? "" : `, ${reply.latencyMs} ms`}`);
    return { ...base, status: "enabled", ...firstUse, proof };
  } catch (err) {
    return failed(err, runtime, { ...firstUse, proof: { status: "failed", roleArn: proofRole.arn } }, agreementOnItsWay);
  }
}

/** After a first use: an agreement it started may still be on its way to the runtime role. */
const agreementOnItsWay = (err: unknown): boolean => isAgreementBeingCreated(err) || isMarketplaceDenied(err);
