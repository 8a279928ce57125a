import type { RoleSession } from "../aws/port";
import { retrying, type StepContext } from "../context";
import { classifyError } from "../aws/errors";
import type { FirstUseOptions } from "../steps/first-use";
import { limitedAws } from "../aws/limited";
import type { AccountTarget } from "../targets";
import { accountGroup, enableProfile, NO_PROOF_ROLE_NOTE, profileTask, type ProfileSessions } from "./enable-profile";
import { failureReport, type AccountReport } from "../../contracts/report";

export interface AccountOptions extends FirstUseOptions {
  /** AWS calls in flight in this account. */
  readonly accountConcurrency: number;
}

/**
 * Steps 2 and 3 for every profile of one account, concurrently, with the account's calls limited
 * separately from other accounts'. Never throws: an account that cannot be entered fails alone.
 */
export async function enableAccount(account: AccountTarget, options: AccountOptions, parent: StepContext): Promise<AccountReport> {
  const ctx: StepContext = { ...parent, aws: limitedAws(parent.aws, options.accountConcurrency) };
  const group = accountGroup(account);
  for (const profile of account.profiles) ctx.progress.task({ group, task: profileTask(profile), state: "pending" });

  const entered = await enterAccount(account, ctx);
  if ("failed" in entered) return entered.failed;
  const firstUse = entered.session;

  const proofRole = account.proofRole;
  if (!proofRole) ctx.log.info(`${account.name}: ${NO_PROOF_ROLE_NOTE}; skipping the runtime-role proof`);
  const sessions: ProfileSessions = { firstUse, ...(proofRole && { proof: once(() => assume(proofRole.arn, ctx)) }) };
  const profiles = await Promise.all(account.profiles.map((profile) => enableProfile(account, profile, sessions, options, ctx)));
  return { name: account.name, accountId: account.accountId, firstUseRoleArn: account.firstUseRoleArn, profiles };
}

/**
 * Assumes the account's first-use role; when that fails, gives the account's report instead: every
 * profile failed with the same, classified error.
 */
export async function enterAccount(
  account: AccountTarget,
  ctx: StepContext
): Promise<{ session: RoleSession } | { failed: AccountReport }> {
  try {
    return { session: await assume(account.firstUseRoleArn, ctx) };
  } catch (err) {
    const failure = classifyError(err, {
      roleArn: account.firstUseRoleArn,
      roleLabel: "first-use role",
      accountName: account.name,
      accountId: account.accountId,
    });
    ctx.log.error(failure.message);
    const error = failureReport(failure);
    const group = accountGroup(account);
    for (const profile of account.profiles) ctx.progress.task({ group, task: profileTask(profile), state: "failed", detail: failure.kind });
    const failed: AccountReport = {
      name: account.name,
      accountId: account.accountId,
      firstUseRoleArn: account.firstUseRoleArn,
      error,
      profiles: account.profiles.map((p) => ({
        region: p.region,
        modelId: p.modelId,
        kind: p.kind,
        invocationId: p.invocationId,
        status: "failed",
        action: "none",
        agreement: "UNKNOWN",
        proof: { status: "skipped", note: "the first-use role could not be assumed" },
        error,
      })),
    };
    return { failed };
  }
}

async function assume(roleArn: string, ctx: StepContext): Promise<RoleSession> {
  const session = await retrying(ctx, `assume ${roleArn}`, () => ctx.aws.assumeRole(roleArn, ctx.sessionName));
  ctx.log.debug(`assumed ${roleArn} as ${ctx.sessionName} (access key ${session.maskedAccessKeyId})`);
  return session;
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}
