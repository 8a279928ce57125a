import type { EmulatorDeps } from "../deps";
import { admitInvocation, refuseNewLegacyUse, requireUseCaseForm } from "../gates";
import { resolveInvocationTarget, targetContext, type InvocationTarget } from "../model-target";
import { ServiceError, validation } from "../protocol/errors";
import { encodeJsonEvent } from "../protocol/event-stream";
import { isJsonObject, parseJsonObject } from "../protocol/http";
import { anthropicMessageId, estimateTokens, replyTo } from "./replies";
import type { OperationHandler, OperationRequest } from "./types";

const INVOKE = "bedrock:InvokeModel";
/** ConverseStream and InvokeModelWithResponseStream authorize as this action, not as bedrock:InvokeModel. */
const INVOKE_WITH_RESPONSE_STREAM = "bedrock:InvokeModelWithResponseStream";

/**
 * The gates every invocation passes, in AWS's order: IAM on the profile and on every foundation-model
 * ARN the profile may route to (with bedrock:InferenceProfileArn set), the use-case form, then the
 * Marketplace agreement.
 */
async function authorizeInvocation(req: OperationRequest, deps: EmulatorDeps, action: string): Promise<InvocationTarget> {
  const target = resolveInvocationTarget(req.params.modelId, targetContext(req.region, req.caller.account, deps));
  const profileArn = target.profile?.arn;
  if (profileArn) await req.access.require({ action, resource: profileArn, context: { "aws:RequestedRegion": req.region } });
  for (const d of target.destinations) {
    await req.access.require({
      action,
      resource: d.foundationModelArn,
      context: { "aws:RequestedRegion": d.region || "unspecified", ...(profileArn ? { "bedrock:InferenceProfileArn": profileArn } : {}) },
    });
  }
  await requireUseCaseForm(deps, req.caller.account, target.model, req.region);
  refuseNewLegacyUse(deps, req.caller.account, target.model, req.region);
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

/** What the emulated model answers, after the gates: shared by each operation and its streaming twin. */
interface ModelReply {
  readonly target: InvocationTarget;
  readonly text: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** A Converse body (messages, system), the gates for `action`, and the reply. */
async function answerConverse(req: OperationRequest, deps: EmulatorDeps, action: string): Promise<ModelReply> {
  const body = parseJsonObject(req.body);
  const messages = requireConversation(body.messages);
  const target = await authorizeInvocation(req, deps, action);
  const system = (Array.isArray(body.system) ? body.system : [])
    .map((b) => asRecord(b)?.text)
    .filter((t) => typeof t === "string")
    .join("");
  const { lastUser, all } = conversationText(messages, converseText);
  const text = replyTo(lastUser, target.model);
  return { target, text, inputTokens: estimateTokens(system + all), outputTokens: estimateTokens(text) };
}

const converseUsage = (r: ModelReply) => ({
  inputTokens: r.inputTokens,
  outputTokens: r.outputTokens,
  totalTokens: r.inputTokens + r.outputTokens,
});

/** Converse: POST /model/{modelId}/converse. */
export const converse: OperationHandler = async (req, deps) => {
  const started = deps.now();
  const reply = await answerConverse(req, deps, INVOKE);
  return {
    status: 200,
    json: {
      output: { message: { role: "assistant", content: [{ text: reply.text }] } },
      stopReason: "end_turn",
      usage: converseUsage(reply),
      metrics: { latencyMs: Math.max(1, deps.now() - started) },
    },
  };
};

/** The reply cut into streamed deltas: a word and the spaces after it each. */
function textDeltas(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [text];
}

/**
 * ConverseStream: POST /model/{modelId}/converse-stream, authorized as bedrock:InvokeModelWithResponseStream.
 * Streams ConverseStreamOutput events: messageStart, contentBlockDelta (one a word), contentBlockStop,
 * messageStop, metadata. A text block has no contentBlockStart (Bedrock sends one for tool use only).
 */
export const converseStream: OperationHandler = async (req, deps) => {
  const started = deps.now();
  const reply = await answerConverse(req, deps, INVOKE_WITH_RESPONSE_STREAM);
  return {
    status: 200,
    events: [
      encodeJsonEvent("messageStart", { role: "assistant" }),
      ...textDeltas(reply.text).map((text) => encodeJsonEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text } })),
      encodeJsonEvent("contentBlockStop", { contentBlockIndex: 0 }),
      encodeJsonEvent("messageStop", { stopReason: "end_turn" }),
      encodeJsonEvent("metadata", { usage: converseUsage(reply), metrics: { latencyMs: Math.max(1, deps.now() - started) } }),
    ],
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

interface AnthropicReply extends ModelReply {
  readonly id: string;
}

/** An Anthropic Messages body (as Bedrock checks it), the gates for `action`, and the reply. */
async function answerAnthropic(req: OperationRequest, deps: EmulatorDeps, action: string): Promise<AnthropicReply> {
  const body = parseJsonObject(req.body);
  if (body.anthropic_version === undefined) throw malformed("#: required key [anthropic_version] not found");
  if (body.anthropic_version !== "bedrock-2023-05-31") throw malformed("#/anthropic_version: bedrock-2023-05-31 is the supported version");
  if (body.max_tokens === undefined) throw malformed("#: required key [max_tokens] not found");
  if (!Number.isInteger(body.max_tokens) || Number(body.max_tokens) < 1) throw malformed("#/max_tokens: expected an integer of at least 1");
  if (body.messages === undefined) throw malformed("#: required key [messages] not found");
  const messages = requireConversation(body.messages);
  const target = await authorizeInvocation(req, deps, action);
  const { lastUser, all } = conversationText(messages, anthropicText);
  const text = replyTo(lastUser, target.model);
  return {
    id: anthropicMessageId(req.body),
    target,
    text,
    inputTokens: estimateTokens(anthropicText(body.system) + all),
    outputTokens: estimateTokens(text),
  };
}

/** InvokeModel with an Anthropic Messages body: POST /model/{modelId}/invoke. */
export const invokeModel: OperationHandler = async (req, deps) => {
  const started = deps.now();
  const reply = await answerAnthropic(req, deps, INVOKE);
  const latency = Math.max(1, deps.now() - started);
  const response = {
    id: reply.id,
    type: "message",
    role: "assistant",
    model: reply.target.model.anthropicModel,
    content: [{ type: "text", text: reply.text }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: reply.inputTokens, output_tokens: reply.outputTokens },
  };
  return {
    status: 200,
    raw: Buffer.from(JSON.stringify(response)),
    contentType: "application/json",
    headers: {
      "X-Amzn-Bedrock-Input-Token-Count": String(reply.inputTokens),
      "X-Amzn-Bedrock-Output-Token-Count": String(reply.outputTokens),
      "X-Amzn-Bedrock-Invocation-Latency": String(latency),
    },
  };
};

/**
 * InvokeModelWithResponseStream with an Anthropic Messages body: POST /model/{modelId}/invoke-with-response-stream,
 * authorized as bedrock:InvokeModelWithResponseStream. Each `chunk` event's `bytes` is one of Anthropic's
 * streaming events: message_start, content_block_start, content_block_delta (one a word),
 * content_block_stop, message_delta, message_stop (with Bedrock's `amazon-bedrock-invocationMetrics`).
 */
export const invokeModelWithResponseStream: OperationHandler = async (req, deps) => {
  const started = deps.now();
  const reply = await answerAnthropic(req, deps, INVOKE_WITH_RESPONSE_STREAM);
  const latency = Math.max(1, deps.now() - started);
  const messages = [
    {
      type: "message_start",
      message: {
        id: reply.id,
        type: "message",
        role: "assistant",
        model: reply.target.model.anthropicModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: reply.inputTokens, output_tokens: 1 },
      },
    },
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    ...textDeltas(reply.text).map((text) => ({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } })),
    { type: "content_block_stop", index: 0 },
    { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: reply.outputTokens } },
    {
      type: "message_stop",
      "amazon-bedrock-invocationMetrics": {
        inputTokenCount: reply.inputTokens,
        outputTokenCount: reply.outputTokens,
        invocationLatency: latency,
        firstByteLatency: latency,
      },
    },
  ];
  return {
    status: 200,
    headers: { "X-Amzn-Bedrock-Content-Type": "application/json" },
    events: messages.map((m) => encodeJsonEvent("chunk", { bytes: Buffer.from(JSON.stringify(m), "utf8").toString("base64") })),
  };
};
