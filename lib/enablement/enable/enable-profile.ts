import type { AgreementStatus } from "../../domain/agreement";
import { stopIfInterrupted, type StepContext } from "../context";
import { noteFailure } from "../steps/failures";
import type { FailureContext } from "../aws/errors";
import { checkAvailability, firstUse } from "../steps/first-use";
import { profileIdentity, profileWhere, type AccountTarget, type ProfileTarget } from "../targets";
import type { FirstUseAction, ProfileReport, ProofReport } from "../../contracts/report";
import { profileProgress } from "../progress/tasks";
import { failureReport } from "../report/build";
import { checkRouting } from "../steps/routing";
import { proveRuntimeRole, waitForAgreement } from "../steps/verify";
import { NO_PROOF_ROLE_NOTE } from "./proof-notes";
import { profileKey } from "./proofs-due";
import { enableMessagesProfile } from "./enable-messages";
import type { ProfileOptions, ProfileSessions } from "./profile-sessions";

/** Steps 2 and 3 for one profile of one account; never throws: failures end up in the report entry. */
export async function enableProfile(
  account: AccountTarget,
  profile: ProfileTarget,
  sessions: ProfileSessions,
  options: ProfileOptions,
  ctx: StepContext,
): Promise<ProfileReport> {
  if (profile.kind === "messages") return enableMessagesProfile(account, profile, sessions, options, ctx);
  const update = profileProgress(account, profile, ctx.progress);
  const where: FailureContext = profileWhere(account, profile);
  const base = profileIdentity(profile);
  let agreement: AgreementStatus | "UNKNOWN" = "UNKNOWN";
  let action: FirstUseAction = "none";
  let firstUseDetails: Pick<ProfileReport, "latencyMs" | "answer"> = {};

  update("running", "checking availability");
  try {
    const availability = await checkAvailability(sessions.firstUse, profile, ctx);
    agreement = availability.agreement;
    // State, not timing: an agreement this run found missing or PENDING is this run's to wait for and prove,
    // whichever of the model's profiles in the region sees it become AVAILABLE.
    const key = `${profile.region}|${profile.modelId}`;
    if (availability.agreement !== "AVAILABLE" && !options.dryRun) options.underWay?.add(key);
    await checkRouting(sessions.firstUse, account, profile, ctx);
    stopIfInterrupted(ctx, `the first use of ${profile.invocationId}`);
    const first = await firstUse(sessions.firstUse, account, profile, availability, options, ctx);
    ({ action } = first);
    if (first.reply)
      firstUseDetails = { answer: first.reply.text, ...(first.reply.latencyMs !== undefined && { latencyMs: first.reply.latencyMs }) };
    if (action === "none" && availability.agreement === "AVAILABLE" && !options.underWay?.has(key)) {
      if (options.dryRun || !options.proofsDue?.has(profileKey(account.accountId, profile.region, profile.invocationId))) {
        update("skipped", "already enabled");
        return { ...base, status: "already-enabled", action, agreement, proof: { status: "skipped", note: "already enabled" } };
      }
      // Enabled by an earlier run that never proved it (interrupted, or failed before the proof).
      const proof = await prove(account, profile, sessions, ctx, where);
      update(proof.report.status === "failed" ? "failed" : "done", `already enabled; runtime role ${proof.report.status}`);
      return {
        ...base,
        status: proof.report.status === "failed" ? "failed" : "already-enabled",
        action,
        agreement,
        proof: proof.report,
        ...(proof.error && { error: proof.error }),
      };
    }
    if (options.dryRun) {
      update("done", `would ${action === "would-invoke" ? "invoke" : "create the agreement"}`);
      return { ...base, status: "would-enable", action, agreement, proof: plannedProof(account) };
    }
    // Already AVAILABLE (forced, or a sibling profile's agreement this run made): nothing to wait for.
    if (availability.agreement !== "AVAILABLE") {
      update("running", action === "none" ? "agreement under way; waiting for it" : `${action}; waiting for the agreement`);
      const available = await waitForAgreement(
        options.agreements,
        sessions.firstUse,
        account,
        profile,
        options,
        options.pollContext,
        (a) => {
          agreement = a.agreement;
          update("running", `agreement ${a.agreement}`);
        },
      );
      agreement = available.agreement;
    }
  } catch (err) {
    const failure = noteFailure(ctx, err, { ...where, roleArn: account.firstUseRoleArn, roleLabel: "first-use role" });
    update("failed", failure.kind);
    // Interrupted while the agreement was under way (PENDING, or a first use just made it): pending, not "not enabled".
    const underWay = agreement === "PENDING" || action === "invoked" || action === "agreement-created";
    const status =
      failure.kind === "agreement-timeout" || (failure.kind === "interrupted" && underWay)
        ? "pending"
        : failure.kind === "interrupted"
          ? "not-enabled"
          : "failed";
    return {
      ...base,
      status,
      action,
      agreement,
      ...firstUseDetails,
      proof: { status: "skipped", note: "not enabled" },
      error: failureReport(failure),
    };
  }

  const proof = await prove(account, profile, sessions, ctx, where);
  const latency = firstUseDetails.latencyMs === undefined ? "" : `, ${firstUseDetails.latencyMs} ms`;
  if (proof.report.status === "failed") update("failed", `runtime role: ${proof.error?.kind ?? "failed"}`);
  else update("done", `enabled${latency}`);
  return {
    ...base,
    status: proof.report.status === "failed" ? "failed" : "enabled",
    action,
    agreement,
    ...firstUseDetails,
    proof: proof.report,
    ...(proof.error && { error: proof.error }),
  };
}

function plannedProof(account: AccountTarget): ProofReport {
  return account.proofRole ? { status: "planned", roleArn: account.proofRole.arn } : { status: "skipped", note: NO_PROOF_ROLE_NOTE };
}

async function prove(
  account: AccountTarget,
  profile: ProfileTarget,
  sessions: ProfileSessions,
  ctx: StepContext,
  where: FailureContext,
): Promise<{ report: ProofReport; error?: ProfileReport["error"] }> {
  if (ctx.signal?.aborted) return { report: { status: "skipped", note: "interrupted before the runtime-role proof; re-run to prove it" } };
  if (!sessions.proof || !account.proofRole) return { report: { status: "skipped", note: NO_PROOF_ROLE_NOTE } };
  try {
    return { report: await proveRuntimeRole(await sessions.proof(), profile, ctx) };
  } catch (err) {
    const failure = noteFailure(ctx, err, { ...where, roleArn: account.proofRole.arn, roleLabel: "runtime role" });
    return { report: { status: "failed", roleArn: account.proofRole.arn }, error: failureReport(failure) };
  }
}
