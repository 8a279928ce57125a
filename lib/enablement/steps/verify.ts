import type { ModelAvailability, RoleSession } from "../aws/port";
import { stopIfInterrupted, type StepContext } from "../context";
import { EnablementFailure } from "../aws/errors";
import { pollDelay } from "../aws/retry";
import { checkAvailability, invoke, invokeStreaming } from "./first-use";
import type { AccountTarget, ProfileTarget } from "../targets";
import type { ProofReport } from "../../contracts/report";
import type { EnableOptions } from "../options";

/**
 * Step 3a: polls GetFoundationModelAvailability until the agreement is AVAILABLE, 1 s after the first check,
 * then backing off to --poll-interval. PENDING can last minutes; ERROR and the deadline end the wait with a
 * failure that says what to do.
 */
export async function waitForAgreement(
  session: RoleSession,
  account: AccountTarget,
  profile: ProfileTarget,
  options: Pick<EnableOptions, "waitTimeoutMs" | "pollIntervalMs">,
  ctx: StepContext,
  onStatus: (availability: ModelAvailability) => void = () => undefined,
): Promise<ModelAvailability> {
  const { region, modelId } = profile;
  const where = `account ${account.name} (${account.accountId}), ${region}`;
  const started = ctx.clock.now();
  for (let attempt = 0; ; attempt++) {
    const availability = await checkAvailability(session, profile, ctx);
    onStatus(availability);
    if (availability.agreement === "AVAILABLE") return availability;
    if (availability.agreement === "ERROR") {
      throw new EnablementFailure(
        "agreement-failed",
        `${where}: the AWS Marketplace agreement for ${modelId} failed (${
          availability.agreementMessage ?? "no reason given"
        }). Fix: check the account can buy from AWS Marketplace (payment method, no SCP denying aws-marketplace:*), then re-run with --force-invoke.`,
      );
    }
    const waited = ctx.clock.now() - started;
    if (waited >= options.waitTimeoutMs) {
      throw new EnablementFailure(
        "agreement-timeout",
        `${where}: the agreement for ${modelId} is still ${availability.agreement} after ${Math.round(
          waited / 1000,
        )} s. It can take several minutes: re-run enable later (it re-checks without invoking again) or raise --wait-timeout.`,
      );
    }
    await ctx.clock.sleep(Math.max(1, Math.min(pollDelay(attempt, options.pollIntervalMs), options.waitTimeoutMs - waited)), ctx.signal);
    stopIfInterrupted(ctx, `the agreement for ${modelId} became AVAILABLE`);
  }
}

/** Step 3b: one invocation with a runtime role, which holds no Marketplace permissions. */
export async function proveRuntimeRole(session: RoleSession, profile: ProfileTarget, ctx: StepContext): Promise<ProofReport> {
  const reply = await invoke(session, profile, ctx);
  const streamed = await invokeStreaming(session, profile, ctx);
  return {
    status: "passed",
    roleArn: session.roleArn,
    ...(reply.latencyMs !== undefined && { latencyMs: reply.latencyMs }),
    ...(streamed.latencyMs !== undefined && { streamLatencyMs: streamed.latencyMs }),
  };
}
