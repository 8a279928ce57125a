import type { ProofReport } from "../../contracts/report";
import type { ConverseReply, RoleSession } from "../aws/port";
import { retrying, type StepContext } from "../context";
import type { ProfileTarget } from "../targets";
import { FIRST_USE_INFERENCE, FIRST_USE_PROMPT } from "./first-use";

/** One Messages API request with the first-use prompt, through the given session. */
export function callMessagesApi(session: RoleSession, profile: ProfileTarget, ctx: StepContext): Promise<ConverseReply> {
  return retrying(ctx, `Messages API ${profile.invocationId} in ${profile.region}`, () =>
    ctx.aws.createMessage(session, profile.region, { modelId: profile.invocationId, prompt: FIRST_USE_PROMPT, ...FIRST_USE_INFERENCE }),
  );
}

/**
 * The runtime role's proof: one Messages API request. Streaming needs no second call: bedrock-mantle authorizes every
 * inference with `bedrock-mantle:CreateInference` (the Service Authorization Reference lists no streaming action).
 */
export async function proveMessages(session: RoleSession, profile: ProfileTarget, ctx: StepContext): Promise<ProofReport> {
  const reply = await callMessagesApi(session, profile, ctx);
  return { status: "passed", roleArn: session.roleArn, ...(reply.latencyMs !== undefined && { latencyMs: reply.latencyMs }) };
}
