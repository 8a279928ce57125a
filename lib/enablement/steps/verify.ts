import type { ModelAvailability, RoleSession } from "../aws/port";
import type { StepContext } from "../context";
import type { AgreementScheduler } from "../scheduler/agreements";
import { checkAvailability, invoke, invokeStreaming } from "./first-use";
import type { AccountTarget, ProfileTarget } from "../targets";
import type { ProofReport } from "../../contracts/report";
import type { EnableOptions } from "../options";

/**
 * Step 3a: waits until the agreement is AVAILABLE. The run's scheduler reads it (GetFoundationModelAvailability with
 * `pollContext`, whose calls go at poll priority) 1 s after this wait starts, then backing off to --poll-interval, once
 * for every profile waiting on the same agreement. PENDING can last minutes; ERROR and the deadline end the wait with
 * a failure that says what to do. The wait holds no call slot.
 */
export function waitForAgreement(
  agreements: AgreementScheduler,
  session: RoleSession,
  account: AccountTarget,
  profile: ProfileTarget,
  options: Pick<EnableOptions, "waitTimeoutMs" | "pollIntervalMs">,
  pollContext: StepContext,
  onStatus: (availability: ModelAvailability) => void = () => undefined,
): Promise<ModelAvailability> {
  return agreements.wait({
    key: agreementKey(account, profile),
    poll: () => checkAvailability(session, profile, pollContext),
    timeoutMs: options.waitTimeoutMs,
    intervalMs: options.pollIntervalMs,
    where: `account ${account.name} (${account.accountId}), ${profile.region}`,
    modelId: profile.modelId,
    onStatus,
  });
}

/** One Marketplace agreement as GetFoundationModelAvailability reads it: the account's, for a base model in a region. */
const agreementKey = (account: AccountTarget, profile: ProfileTarget): string =>
  `${account.accountId}|${profile.region}|${profile.modelId}`;

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
