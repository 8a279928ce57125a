import type { AgreementStatus } from "../../domain/agreement";
import type { FirstUseAction, ProfileReport } from "../../contracts/report";
import { stopIfInterrupted } from "../context";
import { failureReport } from "../report/build";
import { noteFailure } from "../steps/failures";
import { checkAvailability, firstUse } from "../steps/first-use";
import { checkRouting } from "../steps/routing";
import { proveRuntimeRole, waitForAgreement } from "../steps/verify";
import { underWayKey } from "./account-run";
import { proveWithRuntimeRole, type FirstUseDone, type ProfileStep, type ProtocolSteps } from "./profile-step";
import { profileKey } from "./proofs-due";

/**
 * Converse/InvokeModel on bedrock-runtime: the Marketplace agreement is read (GetFoundationModelAvailability) before
 * anything is invoked; a missing one is made by one first use (or by accepting the model's offer), and waited for.
 */
export const CONVERSE_STEPS: ProtocolSteps = {
  firstUse: reachAgreement,
  prove: (step, session) => proveRuntimeRole(session, step.profile, step.ctx),
  // The agreement is there: only the proof failed.
  proofFailed: () => "failed",
};

async function reachAgreement(step: ProfileStep): Promise<ProfileReport | FirstUseDone> {
  const { run, profile, ctx, update, base } = step;
  const { account, options, sessions } = run;
  let agreement: AgreementStatus | "UNKNOWN" = "UNKNOWN";
  let action: FirstUseAction = "none";
  let reply: Pick<FirstUseDone, "answer" | "latencyMs"> = {};

  update("running", "checking availability");
  try {
    const availability = await checkAvailability(sessions.firstUse, profile, ctx);
    agreement = availability.agreement;
    // State, not timing: an agreement this run found missing or PENDING is this run's to wait for and prove,
    // whichever of the model's profiles in the region sees it become AVAILABLE.
    const key = underWayKey(profile);
    if (availability.agreement !== "AVAILABLE" && !options.dryRun) run.underWay.add(key);
    await checkRouting(sessions.firstUse, account, profile, ctx);
    stopIfInterrupted(ctx, `the first use of ${profile.invocationId}`);
    const first = await firstUse(
      sessions.firstUse,
      account,
      profile,
      availability,
      { ...options, formJustSubmitted: run.formJustSubmitted },
      ctx,
    );
    ({ action } = first);
    if (first.reply) reply = { answer: first.reply.text, ...(first.reply.latencyMs !== undefined && { latencyMs: first.reply.latencyMs }) };
    if (action === "none" && availability.agreement === "AVAILABLE" && !run.underWay.has(key)) {
      if (options.dryRun || !options.proofsDue?.has(profileKey(account.accountId, profile.region, profile.invocationId))) {
        update("skipped", "already enabled");
        return { ...base, status: "already-enabled", action, agreement, proof: { status: "skipped", note: "already enabled" } };
      }
      // Enabled by an earlier run that never proved it (interrupted, or failed before the proof).
      const proof = await proveWithRuntimeRole(step, CONVERSE_STEPS.prove);
      update(proof.failure ? "failed" : "done", `already enabled; runtime role ${proof.report.status}`);
      return {
        ...base,
        status: proof.failure ? "failed" : "already-enabled",
        action,
        agreement,
        proof: proof.report,
        ...(proof.failure && { error: failureReport(proof.failure) }),
      };
    }
    if (options.dryRun) return { action, agreement, planned: `would ${action === "would-invoke" ? "invoke" : "create the agreement"}` };
    // Already AVAILABLE (forced, or a sibling profile's agreement this run made): nothing to wait for.
    if (availability.agreement !== "AVAILABLE") {
      update("running", action === "none" ? "agreement under way; waiting for it" : `${action}; waiting for the agreement`);
      const available = await waitForAgreement(run.agreements, sessions.firstUse, account, profile, options, run.pollContext, (a) => {
        agreement = a.agreement;
        update("running", `agreement ${a.agreement}`);
      });
      agreement = available.agreement;
    }
    return { action, agreement, ...reply };
  } catch (err) {
    const failure = noteFailure(ctx, err, { ...step.where, roleArn: account.firstUseRoleArn, roleLabel: "first-use role" });
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
      ...reply,
      proof: { status: "skipped", note: "not enabled" },
      error: failureReport(failure),
    };
  }
}
