import type { Report } from "../../contracts/report";
import type { EnableOptions } from "../options";
import { eachAccount, finishReport, stepContext, type RunContext } from "../run-context";
import { ensureUseCase } from "../steps/use-case";
import type { AccountTarget, EnablementTargets, ProfileTarget } from "../targets";
import { accessOf } from "../../domain/catalog/profile-access";
import type { Logger } from "../../core/logger";
import { inspectAccount } from "./inspect-account";
import { CallLimiter } from "../scheduler/call-limiter";

export interface StatusOptions extends Pick<EnableOptions, "concurrency" | "accountConcurrency"> {
  /**
   * Ask each Messages API profile with one 8-token request as the runtime role. bedrock-mantle has nothing to read
   * (docs/models.md §2b), so without this they are left out of the report, and the log says so. @default false
   */
  readonly proveMessages?: boolean;
}

/**
 * Read-only: the form and every profile's agreement, as they are. Every account at once, its calls through one limiter
 * (at most `concurrency` in flight across the run, `accountConcurrency` into one account); nothing waits.
 */
export async function runStatus(targets: EnablementTargets, options: StatusOptions, run: RunContext): Promise<Report> {
  const startedAt = new Date(run.clock.now()).toISOString();
  const ctx = stepContext(run, "status");
  const calls = new CallLimiter({ concurrency: options.concurrency, accountConcurrency: options.accountConcurrency }, ctx.signal);
  const limited = { ...ctx, aws: calls.aws(ctx.aws) };
  const useCase = await ensureUseCase(targets.useCase, { mode: "status" }, limited);
  const checked = options.proveMessages ? targets.accounts : withoutMessagesProfiles(targets.accounts, ctx.log);
  const accounts = await eachAccount(
    checked,
    async (account) => {
      const report = await inspectAccount(account, { ...options, calls }, ctx);
      // An account whose first-use role could not be assumed has failed once already: its forms are not read.
      if (report.error) return report;
      const useCaseForms = [];
      for (const form of account.optInForms) useCaseForms.push(await ensureUseCase(form, { mode: "status" }, limited));
      return useCaseForms.length > 0 ? { ...report, useCaseForms } : report;
    },
    ctx.signal,
  );
  return finishReport({ command: "status", dryRun: false, strategy: "invoke", runId: run.runId, startedAt, useCase, accounts }, run);
}

/** Whether status can read the profile's state without a call: not on bedrock-mantle, which has nothing to read. */
const readable = (p: ProfileTarget): boolean => accessOf(p.kind).onControlPlane;

/** The accounts with their Messages API profiles left out (accounts left with none are dropped), said once in the log. */
function withoutMessagesProfiles(accounts: readonly AccountTarget[], log: Logger): AccountTarget[] {
  const left = accounts.flatMap((a) => a.profiles.filter((p) => !readable(p)).map((p) => `${a.name} ${p.region} ${p.invocationId}`));
  if (left.length > 0)
    log.info(
      `not checked: ${left.length} Messages API profile(s) (${left.join(", ")}): bedrock-mantle has no API to read their state; --prove-messages asks each with one 8-token request as the runtime role`,
    );
  return accounts.flatMap((a) => {
    const profiles = a.profiles.filter(readable);
    return profiles.length > 0 ? [{ ...a, profiles }] : [];
  });
}
