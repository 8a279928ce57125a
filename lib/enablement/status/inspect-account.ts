import { assume, enterAccount } from "../steps/enter-account";
import { inspectMessagesProfile } from "./inspect-messages";
import type { StepContext } from "../context";
import { noteFailure } from "../steps/failures";
import { checkAvailability } from "../steps/first-use";
import { EnablementFailure } from "../aws/errors";
import { CallLimiter } from "../scheduler/call-limiter";
import type { RoleSession } from "../aws/port";
import { checkRouting } from "../steps/routing";
import { profileIdentity, type AccountTarget, type ProfileTarget } from "../targets";
import { accountGroup, profileTask } from "../progress/tasks";
import type { AccountReport, ProfileReport, ProfileStatus } from "../../contracts/report";
import { failureReport } from "../report/build";

const STATUS_OF = {
  AVAILABLE: "already-enabled",
  PENDING: "pending",
  NOT_AVAILABLE: "not-enabled",
  ERROR: "failed",
} as const satisfies Record<string, ProfileStatus>;
const READ_ONLY = { status: "skipped", note: "status is read-only" } as const;

/**
 * Status: reads each profile's agreement availability with the first-use role; a Messages API profile, which has
 * nothing to read, is asked once through the runtime role. Changes nothing.
 */
export async function inspectAccount(
  account: AccountTarget,
  options: {
    readonly accountConcurrency: number;
    /** The run's call limiter, shared by every account. @default - the account's own, limited to `accountConcurrency` */
    readonly calls?: CallLimiter;
  },
  parent: StepContext,
): Promise<AccountReport> {
  const calls =
    options.calls ??
    new CallLimiter({ concurrency: Number.POSITIVE_INFINITY, accountConcurrency: options.accountConcurrency }, parent.signal);
  const ctx: StepContext = { ...parent, aws: calls.aws(parent.aws) };
  const group = accountGroup(account);
  for (const profile of account.profiles) ctx.progress.task({ group, task: profileTask(profile), state: "pending" });
  const entered = await enterAccount(account, ctx);
  if ("failed" in entered) return entered.failed;
  const { session } = entered;
  const proofRole = account.proofRole;
  let proofSession: Promise<RoleSession> | undefined;
  const proof = proofRole && (() => (proofSession ??= assume(proofRole.arn, ctx)));

  const profiles = await Promise.all(
    account.profiles.map(async (profile): Promise<ProfileReport> => {
      if (profile.kind === "messages") return inspectMessagesProfile(account, profile, proof, ctx);
      const base = { ...profileIdentity(profile), action: "none" as const };
      const where = { accountName: account.name, accountId: account.accountId, region: profile.region, modelId: profile.modelId };
      const task = { group, task: profileTask(profile) };
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
    }),
  );
  return { name: account.name, accountId: account.accountId, firstUseRoleArn: account.firstUseRoleArn, profiles };
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
