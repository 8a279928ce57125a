import type { AccountReport } from "../../contracts/report";
import type { RoleSession } from "../aws/port";
import { EnablementFailure } from "../aws/errors";
import { retrying, type StepContext } from "../context";
import { noteFailure } from "./failures";
import { accountGroup, profileTask } from "../progress/tasks";
import { everyProfileAlike, failureReport } from "../report/build";
import type { AccountTarget } from "../targets";

/**
 * Assumes the account's first-use role; when that fails, gives the account's report instead: every
 * profile failed with the same, classified error, or, when the run was interrupted before the role was
 * assumed, every profile not enabled (nothing was started in the account).
 */
export async function enterAccount(
  account: AccountTarget,
  ctx: StepContext,
): Promise<{ session: RoleSession } | { failed: AccountReport }> {
  try {
    return { session: await assume(account.firstUseRoleArn, ctx) };
  } catch (err) {
    const failure = noteFailure(ctx, err, {
      roleArn: account.firstUseRoleArn,
      roleLabel: "first-use role",
      accountName: account.name,
      accountId: account.accountId,
    });
    const error = failureReport(failure);
    const group = accountGroup(account);
    for (const profile of account.profiles) ctx.progress.task({ group, task: profileTask(profile), state: "failed", detail: failure.kind });
    if (failure.kind === "interrupted") return { failed: notStarted(account) };
    const failed = everyProfileAlike(
      account,
      { status: "failed", proof: { status: "skipped", note: "the first-use role could not be assumed" }, error },
      error,
    );
    return { failed };
  }
}

/** The report of an account the run was interrupted before: every profile not enabled, nothing done. */
export function notStarted(account: AccountTarget): AccountReport {
  const error = failureReport(
    new EnablementFailure("interrupted", `${account.name}: interrupted before this account started; re-run to finish`),
  );
  return everyProfileAlike(account, { status: "not-enabled", proof: { status: "skipped", note: "interrupted" }, error });
}

/** The sessions an account's profiles are enabled or read with. */
export interface ProfileSessions {
  readonly firstUse: RoleSession;
  /** The runtime role's session, assumed once, when first asked for; undefined when the account has no pipeline-assumable runtime role. */
  readonly proof?: () => Promise<RoleSession>;
}

/** The account's sessions: the first-use role's, entered already, and the runtime role's, assumed when first needed. */
export function profileSessions(account: AccountTarget, firstUse: RoleSession, ctx: StepContext): ProfileSessions {
  const proofRole = account.proofRole;
  if (!proofRole) return { firstUse };
  let proof: Promise<RoleSession> | undefined;
  return { firstUse, proof: () => (proof ??= assume(proofRole.arn, ctx)) };
}

export async function assume(roleArn: string, ctx: StepContext): Promise<RoleSession> {
  const session = await retrying(ctx, `assume ${roleArn}`, () => ctx.aws.assumeRole(roleArn, ctx.sessionName));
  ctx.log.debug(`assumed ${roleArn} (access key ${session.maskedAccessKeyId}) as ${ctx.sessionName}`);
  return session;
}
