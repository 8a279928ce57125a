import type { ProfileReport } from "../../contracts/report";
import { isAccessDenied } from "../aws/errors";
import type { RoleSession } from "../aws/port";
import { logFailure, type StepContext } from "../context";
import type { ProfileSessions } from "../steps/enter-account";
import { proveMessages } from "../steps/messages";
import { accountGroup, profileTask } from "../progress/tasks";
import { failureReport } from "../report/build";
import { profileIdentity, profileWhere, type AccountTarget, type ProfileTarget } from "../targets";

/**
 * Status of a Messages API profile. bedrock-mantle has no availability API to read (docs/models.md §2b), so the only
 * evidence is a call: one 8-token Messages API request by the runtime role, which holds no Marketplace permission and
 * so cannot create anything. Without such a role nothing can be told, and the profile is reported not enabled.
 */
export async function inspectMessagesProfile(
  account: AccountTarget,
  profile: ProfileTarget,
  sessions: ProfileSessions,
  ctx: StepContext,
): Promise<ProfileReport> {
  const base = { ...profileIdentity(profile), action: "none" as const, agreement: "UNKNOWN" as const };
  const task = { group: accountGroup(account), task: profileTask(profile) };
  const proofRole = account.proofRole;
  const proofSession = sessions.proof;
  if (!proofSession || !proofRole) {
    ctx.progress.task({ ...task, state: "skipped", detail: "no runtime role to ask" });
    return {
      ...base,
      status: "not-enabled",
      proof: {
        status: "skipped",
        note: "cannot be told: bedrock-mantle has no availability API, and the account has no runtime role the pipeline may assume",
      },
    };
  }
  ctx.progress.task({ ...task, state: "running", detail: "runtime role: Messages API" });
  const context = { ...profileWhere(account, profile), roleArn: proofRole.arn, roleLabel: "runtime role" };
  let session: RoleSession;
  try {
    session = await proofSession();
  } catch (err) {
    // The role, not the model: reported failed, never "not enabled".
    const failure = logFailure(ctx, err, context);
    ctx.progress.task({ ...task, state: "failed", detail: failure.kind });
    return { ...base, status: "failed", proof: { status: "failed", roleArn: proofRole.arn }, error: failureReport(failure) };
  }
  try {
    const proof = await proveMessages(session, profile, ctx);
    ctx.progress.task({ ...task, state: "done", detail: "callable" });
    return { ...base, status: "already-enabled", proof };
  } catch (err) {
    const failure = logFailure(ctx, err, context);
    const denied = isAccessDenied(err);
    ctx.progress.task({ ...task, state: denied ? "done" : "failed", detail: failure.kind });
    return {
      ...base,
      status: denied ? "not-enabled" : "failed",
      proof: { status: "failed", roleArn: proofRole.arn },
      error: failureReport(failure),
    };
  }
}
