import { accessOf, type Protocol } from "../../domain/catalog/profile-access";
import type { ProfileReport } from "../../contracts/report";
import type { StepContext } from "../context";
import { failureReport } from "../report/build";
import type { ProfileTarget } from "../targets";
import type { AccountRun } from "./account-run";
import { CONVERSE_STEPS } from "./enable-converse";
import { MESSAGES_API_STEPS } from "./enable-messages";
import { plannedProof, profileStep, proveWithRuntimeRole, type ProtocolSteps } from "./profile-step";

const STEPS_OF: Readonly<Record<Protocol, ProtocolSteps>> = { converse: CONVERSE_STEPS, "messages-api": MESSAGES_API_STEPS };

/**
 * Steps 2 and 3 for one profile of one account: the first use its protocol needs (or what it would do, in a dry run),
 * then the runtime role's proof. Never throws: failures end up in the report entry.
 */
export async function enableProfile(run: AccountRun, profile: ProfileTarget, ctx: StepContext): Promise<ProfileReport> {
  const steps = STEPS_OF[accessOf(profile.kind).protocol];
  const step = profileStep(run, profile, ctx);
  const done = await steps.firstUse(step);
  if ("status" in done) return done;
  const { planned, ...firstUse } = done;
  const reached = { ...step.base, ...firstUse };
  if (run.options.dryRun) {
    step.update("done", planned ?? "would enable it");
    return { ...reached, status: "would-enable", proof: plannedProof(run) };
  }

  const proof = await proveWithRuntimeRole(step, steps.prove);
  if (proof.failure) {
    step.update("failed", `runtime role: ${proof.failure.kind}`);
    return { ...reached, status: steps.proofFailed(proof.failure, proof.err), proof: proof.report, error: failureReport(proof.failure) };
  }
  const latency = firstUse.latencyMs === undefined ? "" : `, ${firstUse.latencyMs} ms`;
  step.update("done", run.sessions.proof ? `enabled${latency}` : "enabled (no runtime role to prove it)");
  return { ...reached, status: "enabled", proof: proof.report };
}
