import { accessOf, type Protocol } from "../../domain/catalog/profile-access";
import type { AccountReport, ProfileReport } from "../../contracts/report";
import type { StepContext } from "../context";
import { accountGroup, profileTask } from "../progress/tasks";
import { CallLimiter } from "../scheduler/call-limiter";
import { enterAccount, profileSessions, type ProfileSessions } from "../steps/enter-account";
import type { AccountTarget, ProfileTarget } from "../targets";
import { inspectConverseProfile } from "./inspect-converse";
import { inspectMessagesProfile } from "./inspect-messages";

type Inspect = (account: AccountTarget, profile: ProfileTarget, sessions: ProfileSessions, ctx: StepContext) => Promise<ProfileReport>;
const INSPECT: Readonly<Record<Protocol, Inspect>> = { converse: inspectConverseProfile, "messages-api": inspectMessagesProfile };

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
  const sessions = profileSessions(account, entered.session, ctx);
  const profiles = await Promise.all(
    account.profiles.map((profile) => INSPECT[accessOf(profile.kind).protocol](account, profile, sessions, ctx)),
  );
  return { name: account.name, accountId: account.accountId, firstUseRoleArn: account.firstUseRoleArn, profiles };
}
