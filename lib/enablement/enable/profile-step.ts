import type { AgreementStatus } from "../../domain/agreement";
import type { FirstUseAction, ProfileReport, ProfileStatus, ProofReport } from "../../contracts/report";
import type { EnablementFailure, FailureContext } from "../aws/errors";
import type { RoleSession } from "../aws/port";
import type { WaitOptions } from "../aws/retry";
import { stopIfInterrupted, type StepContext } from "../context";
import { profileProgress } from "../progress/tasks";
import { noteFailure } from "../steps/failures";
import { profileIdentity, profileWhere, type ProfileTarget } from "../targets";
import type { AccountRun } from "./account-run";
import { NO_PROOF_ROLE_NOTE } from "./proof-notes";

/** One profile being enabled: its account's run, and what every step of it reports with. */
export interface ProfileStep {
  readonly run: AccountRun;
  readonly profile: ProfileTarget;
  readonly ctx: StepContext;
  readonly update: ReturnType<typeof profileProgress>;
  readonly where: FailureContext;
  /** The fields that name the profile in its report. */
  readonly base: ReturnType<typeof profileIdentity>;
  /** How a wait of this profile retries (poll interval, deadline, interruption); `what` names the work not started. */
  readonly wait: (what: string) => WaitOptions;
}

export function profileStep(run: AccountRun, profile: ProfileTarget, ctx: StepContext): ProfileStep {
  return {
    run,
    profile,
    ctx,
    update: profileProgress(run.account, profile, ctx.progress),
    where: profileWhere(run.account, profile),
    base: profileIdentity(profile),
    wait: (what) => ({
      clock: ctx.clock,
      intervalMs: run.options.pollIntervalMs,
      timeoutMs: run.options.waitTimeoutMs,
      signal: ctx.signal,
      beforeRetry: () => stopIfInterrupted(ctx, what),
    }),
  };
}

/** What the first use did, when a profile got that far; `planned` is the progress detail of a dry run. */
export interface FirstUseDone {
  readonly action: FirstUseAction;
  readonly agreement: AgreementStatus | "UNKNOWN";
  readonly answer?: string;
  readonly latencyMs?: number;
  readonly planned?: string;
}

/** The steps of enable that differ by protocol; the rest is enableProfile's. */
export interface ProtocolSteps {
  /**
   * Everything up to and including the first use (in a dry run: what it would do): the profile's report when it ends
   * there (already enabled, or failed), else what the first use did.
   */
  readonly firstUse: (step: ProfileStep) => Promise<ProfileReport | FirstUseDone>;
  /** The runtime role's proof that ordinary roles can call the profile now. */
  readonly prove: (step: ProfileStep, session: RoleSession) => Promise<ProofReport>;
  /** The status of a profile whose proof failed after its first use. */
  readonly proofFailed: (failure: EnablementFailure, err: unknown) => ProfileStatus;
}

interface ProofOutcome {
  readonly report: ProofReport;
  readonly failure?: EnablementFailure;
  readonly err?: unknown;
}

/** The runtime role's proof, or why there is none; a failure is logged and returned, never thrown. */
export async function proveWithRuntimeRole(step: ProfileStep, prove: ProtocolSteps["prove"]): Promise<ProofOutcome> {
  const { run, ctx } = step;
  const proofRole = run.account.proofRole;
  if (!run.sessions.proof || !proofRole) return { report: { status: "skipped", note: NO_PROOF_ROLE_NOTE } };
  if (ctx.signal?.aborted) return { report: { status: "skipped", note: "interrupted before the runtime-role proof; re-run to prove it" } };
  try {
    return { report: await prove(step, await run.sessions.proof()) };
  } catch (err) {
    const failure = noteFailure(ctx, err, { ...step.where, roleArn: proofRole.arn, roleLabel: "runtime role" });
    return { report: { status: "failed", roleArn: proofRole.arn }, failure, err };
  }
}

/** The proof a dry run plans: the runtime role's, when the pipeline may assume one. */
export function plannedProof(run: AccountRun): ProofReport {
  const proofRole = run.account.proofRole;
  return proofRole ? { status: "planned", roleArn: proofRole.arn } : { status: "skipped", note: NO_PROOF_ROLE_NOTE };
}
