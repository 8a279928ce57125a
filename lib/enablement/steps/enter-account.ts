import type { AccountReport } from "../../contracts/report";
import type { RoleSession } from "../aws/port";
import { logFailure, retrying, type StepContext } from "../context";
import { accountGroup, profileTask } from "../progress/tasks";
import { everyProfileAlike, failureReport } from "../report/build";
import type { AccountTarget } from "../targets";

/**
 * Assumes the account's first-use role; when that fails, gives the account's report instead: every
 * profile failed with the same, classified error.
 */
export async function enterAccount(
  account: AccountTarget,
  ctx: StepContext,
): Promise<{ session: RoleSession } | { failed: AccountReport }> {
  try {
    return { session: await assume(account.firstUseRoleArn, ctx) };
  } catch (err) {
    const failure = logFailure(ctx, err, {
      roleArn: account.firstUseRoleArn,
      roleLabel: "first-use role",
      accountName: account.name,
      accountId: account.accountId,
    });
    const error = failureReport(failure);
    const group = accountGroup(account);
    for (const profile of account.profiles) ctx.progress.task({ group, task: profileTask(profile), state: "failed", detail: failure.kind });
    const failed = everyProfileAlike(
      account,
      { status: "failed", proof: { status: "skipped", note: "the first-use role could not be assumed" }, error },
      error,
    );
    return { failed };
  }
}

export async function assume(roleArn: string, ctx: StepContext): Promise<RoleSession> {
  const session = await retrying(ctx, `assume ${roleArn}`, () => ctx.aws.assumeRole(roleArn, ctx.sessionName));
  ctx.log.debug(`assumed ${roleArn} (access key ${session.maskedAccessKeyId}) as ${ctx.sessionName}`);
  return session;
}
