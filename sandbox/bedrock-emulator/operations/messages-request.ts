import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";
import { validation } from "../protocol/errors";
import { isJsonObject, parseJsonObject } from "../protocol/http";

/**
 * The Anthropic Messages API request the emulator accepts on bedrock-mantle (Anthropic API reference, "Messages"; AWS
 * Bedrock User Guide, "Messages API"): the fields below, text content only. Other Messages API fields (tools, top_p,
 * thinking, ...) are refused as extra inputs: the emulator would otherwise ignore them silently.
 */
const textBlock = z.object({ type: z.literal("text"), text: z.string() });
const TEXT_ONLY = { error: "expected a string or an array of text content blocks (only text blocks are emulated)" };

const messagesBodySchema = z.strictObject({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z
    .array(z.object({ role: z.enum(["user", "assistant"]), content: z.union([z.string(), z.array(textBlock).min(1)], TEXT_ONLY) }))
    .min(1),
  system: z.union([z.string(), z.array(textBlock)], TEXT_ONLY).optional(),
  temperature: z.number().min(0).max(1).optional(),
  stop_sequences: z.array(z.string()).optional(),
  metadata: z.object({ user_id: z.string().nullable().optional() }).optional(),
  stream: z.boolean().optional(),
});

export type MessagesRequest = z.infer<typeof messagesBodySchema>;
export type MessageContent = MessagesRequest["messages"][number]["content"];

const ACCEPTED_FIELDS = Object.keys(messagesBodySchema.shape).join(", ");

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (Array.isArray(value) && typeof key === "number") value = value[key];
    else if (isJsonObject(value) && typeof key === "string") value = value[key];
    else return undefined;
  }
  return value;
}

/** Anthropic's style: `field.path: what is wrong`, one issue (the first), "Field required" for a missing field. */
function describe(issue: z.core.$ZodIssue, data: unknown): string {
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    return `${issue.keys.join(", ")}: Extra inputs are not permitted (the Bedrock emulator accepts ${ACCEPTED_FIELDS})`;
  }
  if ((issue.code === "invalid_type" || issue.code === "invalid_union") && valueAt(data, issue.path) === undefined) {
    return `${path}: Field required`;
  }
  return `${path}: ${issue.message}`;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The `anthropic-version` header, then the body: a ValidationException (invalid_request_error) naming the field.
 * The header is required (AWS's Messages API page: "All requests require an API version … Set `anthropic-version:
 * 2023-06-01` as an HTTP header"): any date-shaped version is accepted, as Anthropic's SDKs send their own.
 */
export function parseMessagesRequest(headers: IncomingHttpHeaders, body: Buffer): MessagesRequest {
  const version = header(headers, "anthropic-version");
  if (version === undefined || version === "") throw validation("anthropic-version: header is required");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) throw validation(`anthropic-version: '${version}' is not a valid version`);
  const data = parseJsonObject(body);
  const parsed = messagesBodySchema.safeParse(data);
  if (!parsed.success) throw validation(describe(parsed.error.issues[0], data));
  if (parsed.data.stream === true) {
    throw validation("stream: streaming responses are not emulated by the Bedrock emulator on bedrock-mantle; send stream: false");
  }
  return parsed.data;
}

/** The text of a message's content: the string, or its text blocks joined. */
export function contentText(content: MessageContent | undefined): string {
  if (content === undefined) return "";
  return typeof content === "string" ? content : content.map((block) => block.text).join("");
}
