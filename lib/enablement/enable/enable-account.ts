import type { AccountReport, UseCaseReport } from "../../contracts/report";
import type { StepContext } from "../context";
import type { EnableOptions } from "../options";
import { accountGroup, profileTask } from "../progress/tasks";
import { runScheduling, type RunScheduling } from "../scheduler/run-scheduling";
import { enterAccount, profileSessions } from "../steps/enter-account";
import { ensureUseCase } from "../steps/use-case";
import type { AccountTarget } from "../targets";
import { enableProfile } from "./enable-profile";
import type { AccountRun, ProfileOptions } from "./account-run";
import { NO_PROOF_ROLE_NOTE } from "./proof-notes";

export interface AccountOptions extends ProfileOptions, Pick<EnableOptions, "updateUseCase" | "accountConcurrency"> {
  /** The run submitted the organization's use-case form. */
  readonly formJustSubmitted: boolean;
  /**
   * The run's call limiter and agreement scheduler, shared by every account. @default - the account's own: its calls
   * limited to `accountConcurrency`, nothing else
   */
  readonly scheduling?: RunScheduling;
}

/**
 * Steps 2 and 3 for every profile of one account, concurrently. Its calls go through the run's limiter (at most
 * `accountConcurrency` into this account), and its agreements are polled by the run's scheduler, so waiting holds
 * no call slot. Never throws: an account that cannot be entered fails alone.
 */
export async function enableAccount(account: AccountTarget, options: AccountOptions, parent: StepContext): Promise<AccountReport> {
  const scheduling =
    options.scheduling ?? runScheduling({ concurrency: Number.POSITIVE_INFINITY, accountConcurrency: options.accountConcurrency }, parent);
  const ctx: StepContext = { ...parent, aws: scheduling.calls.aws(parent.aws, "work") };
  const pollContext: StepContext = { ...parent, aws: scheduling.calls.aws(parent.aws, "poll") };
  const group = accountGroup(account);
  for (const profile of account.profiles) ctx.progress.task({ group, task: profileTask(profile), state: "pending" });

  const entered = await enterAccount(account, ctx);
  if ("failed" in entered) return entered.failed;
  // Opt-in Regions need the account's own form before the first use there.
  const useCaseForms: UseCaseReport[] = [];
  for (const form of account.optInForms) {
    useCaseForms.push(await ensureUseCase(form, { mode: options.dryRun ? "dry-run" : "enable", update: options.updateUseCase }, ctx));
  }
  const submitted = useCaseForms.some((f) => f.status === "submitted" || f.status === "updated");

  if (!account.proofRole) ctx.log.info(`${account.name}: ${NO_PROOF_ROLE_NOTE}; skipping the runtime-role proof`);
  const run: AccountRun = {
    account,
    options,
    sessions: profileSessions(account, entered.session, ctx),
    agreements: scheduling.agreements,
    pollContext,
    formJustSubmitted: options.formJustSubmitted || submitted,
    underWay: new Set<string>(),
  };
  const profiles = await Promise.all(account.profiles.map((profile) => enableProfile(run, profile, ctx)));
  return {
    name: account.name,
    accountId: account.accountId,
    firstUseRoleArn: account.firstUseRoleArn,
    profiles,
    ...(useCaseForms.length > 0 && { useCaseForms }),
  };
}
