import type { ProfileReport, ProofReport } from "../../contracts/report";
import { isAccessDenied, isAgreementBeingCreated, isMarketplaceDenied, type FailureContext } from "../aws/errors";
import type { ConverseReply } from "../aws/port";
import { retryUntil } from "../aws/retry";
import { logFailure, stopIfInterrupted, type StepContext } from "../context";
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
 * 1. the runtime role's proof call first: if it answers, the model is already callable and nothing else is done;
 * 2. otherwise one call through the first-use role, which holds the Marketplace permissions in case bedrock-mantle
 *    creates an agreement on first use (AWS does not say whether it does: docs/models.md §4, question 5);
 * 3. then the runtime role's proof, re-tried while an agreement that first call started is still being created.
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

  if (options.dryRun) {
    update("done", "would call the Messages API through the first-use role");
    const proof: ProofReport = proofRole ? { status: "planned", roleArn: proofRole.arn } : { status: "skipped", note: NO_PROOF_ROLE_NOTE };
    return { ...base, status: "would-enable", action: "would-invoke", proof };
  }

  if (sessions.proof && proofRole && !options.forceInvoke) {
    update("running", "runtime role: Messages API");
    try {
      const proof = await proveMessages(await sessions.proof(), profile, ctx);
      update("skipped", "already callable by the runtime role");
      return { ...base, status: "already-enabled", action: "none", proof };
    } catch (err) {
      if (!isAccessDenied(err)) {
        const failure = logFailure(ctx, err, { ...where, roleArn: proofRole.arn, roleLabel: "runtime role" });
        update("failed", `runtime role: ${failure.kind}`);
        return {
          ...base,
          status: "failed",
          action: "none",
          proof: { status: "failed", roleArn: proofRole.arn },
          error: failureReport(failure),
        };
      }
      ctx.log.debug(`${account.name} ${profile.region} ${profile.invocationId}: the runtime role may not call it yet; first use`);
    }
  }

  let reply: ConverseReply;
  update("running", "first use: Messages API");
  try {
    stopIfInterrupted(ctx, `the first use of ${profile.invocationId}`);
    reply = await retryUntil(() => message(sessions.firstUse, profile, ctx), isAgreementBeingCreated, {
      clock: ctx.clock,
      intervalMs: options.pollIntervalMs,
      timeoutMs: options.waitTimeoutMs,
    });
  } catch (err) {
    const failure = logFailure(ctx, err, { ...where, roleArn: account.firstUseRoleArn, roleLabel: "first-use role" });
    update("failed", failure.kind);
    const status = failure.kind === "interrupted" ? "not-enabled" : isAgreementBeingCreated(err) ? "pending" : "failed";
    return { ...base, status, action: "none", proof: { status: "skipped", note: "not enabled" }, error: failureReport(failure) };
  }
  const firstUse = { action: "invoked" as const, answer: reply.text, ...(reply.latencyMs !== undefined && { latencyMs: reply.latencyMs }) };

  if (!sessions.proof || !proofRole) {
    update("done", "enabled (no runtime role to prove it)");
    return { ...base, status: "enabled", ...firstUse, proof: { status: "skipped", note: NO_PROOF_ROLE_NOTE } };
  }
  if (ctx.signal?.aborted) {
    return {
      ...base,
      status: "enabled",
      ...firstUse,
      proof: { status: "skipped", note: "interrupted before the runtime-role proof; re-run to prove it" },
    };
  }
  try {
    const session = await sessions.proof();
    const proof = await retryUntil(
      () => proveMessages(session, profile, ctx),
      // An agreement the first use started may still be on its way to the runtime role.
      (err) => isAgreementBeingCreated(err) || isMarketplaceDenied(err),
      {
        clock: ctx.clock,
        intervalMs: options.pollIntervalMs,
        timeoutMs: options.waitTimeoutMs,
        onWait: () =>
          ctx.log.info(`${account.name} ${profile.region} ${profile.invocationId}: not callable by the runtime role yet; re-trying`),
      },
    );
    update("done", `enabled${reply.latencyMs === undefined ? "" : `, ${reply.latencyMs} ms`}`);
    return { ...base, status: "enabled", ...firstUse, proof };
  } catch (err) {
    const failure = logFailure(ctx, err, { ...where, roleArn: proofRole.arn, roleLabel: "runtime role" });
    update("failed", `runtime role: ${failure.kind}`);
    const status = isAgreementBeingCreated(err) || isMarketplaceDenied(err) ? "pending" : "failed";
    return { ...base, status, ...firstUse, proof: { status: "failed", roleArn: proofRole.arn }, error: failureReport(failure) };
  }
}
