import type { ProfileReport, ProfileStatus } from "../../contracts/report";
import { EnablementFailure } from "../aws/errors";
import type { RoleSession } from "../aws/port";
import type { StepContext } from "../context";
import { accountGroup, profileTask } from "../progress/tasks";
import { failureReport } from "../report/build";
import { noteFailure } from "../steps/failures";
import { checkAvailability } from "../steps/first-use";
import { checkRouting } from "../steps/routing";
import type { AccountTarget, ProfileTarget } from "../targets";
import { profileIdentity } from "../targets";
import type { ProfileSessions } from "../steps/enter-account";

const STATUS_OF = {
  AVAILABLE: "already-enabled",
  PENDING: "pending",
  NOT_AVAILABLE: "not-enabled",
  ERROR: "failed",
} as const satisfies Record<string, ProfileStatus>;
const READ_ONLY = { status: "skipped", note: "status is read-only" } as const;

/** Status of a bedrock-runtime profile: its agreement's availability as the first-use role reads it, and catalog drift. */
export async function inspectConverseProfile(
  account: AccountTarget,
  profile: ProfileTarget,
  sessions: ProfileSessions,
  ctx: StepContext,
): Promise<ProfileReport> {
  const session = sessions.firstUse;
  const base = { ...profileIdentity(profile), action: "none" as const };
  const where = { accountName: account.name, accountId: account.accountId, region: profile.region, modelId: profile.modelId };
  const task = { group: accountGroup(account), task: profileTask(profile) };
  ctx.progress.task({ ...task, state: "running" });
  try {
    const a = await checkAvailability(session, profile, ctx);
    const drift = await routingFailure(session, account, profile, ctx);
    const status = drift ? "failed" : STATUS_OF[a.agreement];
    const error = drift
      ? failureReport(drift)
      : a.agreement === "ERROR"
        ? failureReport(
            new EnablementFailure(
              "agreement-failed",
              `account ${account.name} (${account.accountId}), ${profile.region}: the agreement for ${profile.modelId} is in ERROR (${
                a.agreementMessage ?? "no reason given"
              }); re-run enable with --force-invoke`,
            ),
          )
        : undefined;
    ctx.progress.task({ ...task, state: status === "failed" ? "failed" : "done", detail: a.agreement });
    return {
      ...base,
      status,
      agreement: a.agreement,
      availability: { authorized: a.authorized, entitled: a.entitled, regionAvailable: a.regionAvailable },
      proof: READ_ONLY,
      ...(error && { error }),
    };
  } catch (err) {
    const failure = noteFailure(ctx, err, { ...where, roleArn: account.firstUseRoleArn, roleLabel: "first-use role" });
    ctx.progress.task({ ...task, state: "failed", detail: failure.kind });
    // Interrupted before its read: nothing is known, as for an account not started.
    const status = failure.kind === "interrupted" ? "not-enabled" : "failed";
    return { ...base, status, agreement: "UNKNOWN", proof: READ_ONLY, error: failureReport(failure) };
  }
}

/** Catalog drift as a failure to report (and log), or undefined when the policy grants every destination. */
async function routingFailure(session: RoleSession, account: AccountTarget, profile: ProfileTarget, ctx: StepContext) {
  try {
    await checkRouting(session, account, profile, ctx);
    return undefined;
  } catch (err) {
    if (!(err instanceof EnablementFailure) || err.kind !== "catalog-drift") throw err;
    ctx.log.error(err.message);
    return err;
  }
}
