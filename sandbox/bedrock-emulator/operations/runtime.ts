import { createHash } from "node:crypto";
import type { EmulatorDeps } from "../deps";
import { admitInvocation, requireUseCaseForm } from "../gates";
import { resolveInvocationTarget, type InvocationTarget } from "../model-target";
import { ServiceError, validation } from "../protocol/errors";
import { isJsonObject, parseJsonObject } from "../protocol/http";
import { estimateTokens, replyTo } from "./replies";
import type { OperationHandler, OperationRequest } from "./types";

const INVOKE = "bedrock:InvokeModel";

/**
 * The gates every invocation passes, in AWS's order: IAM on the profile and on every foundation-model
 * ARN the profile may route to (with bedrock:InferenceProfileArn set), the use-case form, then the
 * Marketplace agreement.
 */
async function authorizeInvocation(req: OperationRequest, deps: EmulatorDeps, action: string): Promise<InvocationTarget> {
  const target = resolveInvocationTarget(req.params.modelId, {
    region: req.region,
    account: req.caller.account,
    isUnavailable: (m, r) => deps.faults.isUnavailable(m, r),
  });
  const profileArn = target.profile?.arn;
  if (profileArn) await req.access.require({ action, resource: profileArn, context: { "aws:RequestedRegion": req.region } });
  for (const d of target.destinations) {
    await req.access.require({
      action,
      resource: d.foundationModelArn,
      context: { "aws:RequestedRegion": d.region || "unspecified", ...(profileArn ? { "bedrock:InferenceProfileArn": profileArn } : {}) },
    });
  }
  await requireUseCaseForm(deps, req.caller.account, target.model);
  await admitInvocation(deps, req.access, target.model, req.region);
  return target;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isJsonObject(value) ? value : undefined;
}

function conversationText(messages: unknown[], textOf: (content: unknown) => string): { lastUser: string; all: string } {
  let lastUser = "";
  let all = "";
  for (const m of messages) {
    const message = asRecord(m);
    const text = textOf(message?.content);
    all += text;
    if (message?.role === "user") lastUser = text;
  }
  return { lastUser, all };
}

function requireConversation(messages: unknown): unknown[] {
  const list = Array.isArray(messages) ? messages : [];
  if (list.length === 0 || asRecord(list[0])?.role !== "user") {
    throw validation("A conversation must start with a user message. Try again with a conversation that starts with a user message.");
  }
  for (const m of list) {
    const role = asRecord(m)?.role;
    if (role !== "user" && role !== "assistant") throw validation(`Invalid message role: ${String(role)}. Expected user or assistant.`);
  }
  return list;
}

const converseText = (content: unknown): string =>
  (Array.isArray(content) ? content : [])
    .map((block) => asRecord(block)?.text)
    .filter((t): t is string => typeof t === "string")
    .join("");

/** Converse: POST /model/{modelId}/converse. */
export const converse: OperationHandler = async (req, deps) => {
  const started = deps.now();
  const body = parseJsonObject(req.body);
  const messages = requireConversation(body.messages);
  const target = await authorizeInvocation(req, deps, INVOKE);
  const system = (Array.isArray(body.system) ? body.system : [])
    .map((b) => asRecord(b)?.text)
    .filter((t) => typeof t === "string")
    .join("");
  const { lastUser, all } = conversationText(messages, converseText);
  const text = replyTo(lastUser, target.model);
  const inputTokens = estimateTokens(system + all);
  const outputTokens = estimateTokens(text);
  return {
    status: 200,
    json: {
      output: { message: { role: "assistant", content: [{ text }] } },
      stopReason: "end_turn",
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
      metrics: { latencyMs: Math.max(1, deps.now() - started) },
    },
  };
};

const anthropicText = (content: unknown): string =>
  typeof content === "string"
    ? content
    : (Array.isArray(content) ? content : [])
        .map((block) => asRecord(block))
        .filter((b) => b?.type === "text" && typeof b.text === "string")
        .map((b) => String(b?.text))
        .join("");

function malformed(detail: string): ServiceError {
  return validation(`Malformed input request: ${detail}, please reformat your input and try again.`);
}

/** InvokeModel with an Anthropic Messages body: POST /model/{modelId}/invoke. */
export const invokeModel: OperationHandler = async (req, deps) => {
  const started = deps.now();
  const body = parseJsonObject(req.body);
  if (body.anthropic_version === undefined) throw malformed("#: required key [anthropic_version] not found");
  if (body.anthropic_version !== "bedrock-2023-05-31") throw malformed("#/anthropic_version: bedrock-2023-05-31 is the supported version");
  if (body.max_tokens === undefined) throw malformed("#: required key [max_tokens] not found");
  if (!Number.isInteger(body.max_tokens) || Number(body.max_tokens) < 1) throw malformed("#/max_tokens: expected an integer of at least 1");
  if (body.messages === undefined) throw malformed("#: required key [messages] not found");
  const messages = requireConversation(body.messages);
  const target = await authorizeInvocation(req, deps, INVOKE);
  const { lastUser, all } = conversationText(messages, anthropicText);
  const text = replyTo(lastUser, target.model);
  const inputTokens = estimateTokens(anthropicText(body.system) + all);
  const outputTokens = estimateTokens(text);
  const latency = Math.max(1, deps.now() - started);
  const response = {
    id: `msg_bdrk_${createHash("sha256").update(req.body).digest("hex").slice(0, 24)}`,
    type: "message",
    role: "assistant",
    model: target.model.anthropicModel,
    content: [{ type: "text", text }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: inputTokens, output_tokens: outputTokens },
  };
  return {
    status: 200,
    raw: Buffer.from(JSON.stringify(response)),
    contentType: "application/json",
    headers: {
      "X-Amzn-Bedrock-Input-Token-Count": String(inputTokens),
      "X-Amzn-Bedrock-Output-Token-Count": String(outputTokens),
      "X-Amzn-Bedrock-Invocation-Latency": String(latency),
    },
  };
};

/** Event-stream operations are real but not emulated: say so instead of pretending. */
export const streamingNotEmulated: OperationHandler = async () => {
  throw new ServiceError(
    "UnknownOperationException",
    "Streaming operations (ConverseStream, InvokeModelWithResponseStream) are not emulated.",
  );
};
