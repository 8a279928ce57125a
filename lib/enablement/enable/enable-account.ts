import type { AccountReport, UseCaseReport } from "../../contracts/report";
import { limitedAws } from "../aws/limited";
import type { StepContext } from "../context";
import type { EnableOptions } from "../options";
import { accountGroup, profileTask } from "../progress/tasks";
import { assume, enterAccount } from "../steps/enter-account";
import { ensureUseCase } from "../steps/use-case";
import type { AccountTarget } from "../targets";
import { enableProfile } from "./enable-profile";
import type { ProfileOptions, ProfileSessions } from "./profile-sessions";
import { NO_PROOF_ROLE_NOTE } from "./proof-notes";

export interface AccountOptions extends ProfileOptions, Pick<EnableOptions, "updateUseCase"> {
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
  // Opt-in Regions need the account's own form before the first use there.
  const useCaseForms: UseCaseReport[] = [];
  for (const form of account.optInForms) {
    useCaseForms.push(await ensureUseCase(form, { mode: options.dryRun ? "dry-run" : "enable", update: options.updateUseCase }, ctx));
  }
  const submitted = useCaseForms.some((f) => f.status === "submitted" || f.status === "updated");

  const proofRole = account.proofRole;
  if (!proofRole) ctx.log.info(`${account.name}: ${NO_PROOF_ROLE_NOTE}; skipping the runtime-role proof`);
  const sessions: ProfileSessions = { firstUse, ...(proofRole && { proof: once(() => assume(proofRole.arn, ctx)) }) };
  const profileOptions = { ...options, formJustSubmitted: options.formJustSubmitted || submitted, underWay: new Set<string>() };
  const profiles = await Promise.all(account.profiles.map((profile) => enableProfile(account, profile, sessions, profileOptions, ctx)));
  return {
    name: account.name,
    accountId: account.accountId,
    firstUseRoleArn: account.firstUseRoleArn,
    profiles,
    ...(useCaseForms.length > 0 && { useCaseForms }),
  };
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}
