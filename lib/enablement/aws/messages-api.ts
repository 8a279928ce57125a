import { maskSecrets } from "../../core/redact";
import { Sha256 } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/core/protocols";
import type { NodeHttpHandler } from "@smithy/node-http-handler";
import { SignatureV4 } from "@smithy/signature-v4";
import { isRecord } from "../../core/validation";
import { AwsCallError, type ConverseReply, type ConverseRequest } from "./port";

/**
 * The Anthropic Messages API on bedrock-mantle, signed with SigV4. No AWS SDK has this service (botocore 1.43 and
 * @aws-sdk/client-bedrock* 3.1164 were checked, docs/models.md §3), so the request is built here from its public
 * description:
 * - `POST https://bedrock-mantle.{region}.api.aws/anthropic/v1/messages` (Bedrock User Guide, "Messages API"; Anthropic,
 *   "Claude in Amazon Bedrock");
 * - SigV4 with the signing name `bedrock-mantle` (Anthropic's TypeScript SDK, packages/bedrock-sdk/src/mantle-client.ts);
 * - header `anthropic-version: 2023-06-01`, as every AWS and Anthropic example sends it;
 * - body `model`, `max_tokens`, `messages`, and no `temperature`: "Starting with Opus 4.7, temperature, top_p and top_k
 *   are no longer supported" (the Opus 4.7 model card).
 * The reply is Anthropic's Message object (`content[].text`); an error is Anthropic's `{type:"error", error:{type,
 * message}}`. Whether bedrock-mantle also sends AWS's `x-amzn-ErrorType` is not documented: when it does, that code is
 * used, so the failure classification of the other calls applies unchanged.
 */
const MESSAGES_API_PATH = "/anthropic/v1/messages";
const MESSAGES_API_SIGNING_NAME = "bedrock-mantle";
const ANTHROPIC_VERSION = "2023-06-01";

/** Anthropic's error types (Anthropic API reference, "Errors") as the AWS codes the rest of enablement classifies. */
const CODE_OF_ERROR_TYPE: Readonly<Record<string, string>> = {
  invalid_request_error: "ValidationException",
  authentication_error: "UnrecognizedClientException",
  permission_error: "AccessDeniedException",
  not_found_error: "ResourceNotFoundException",
  request_too_large: "ValidationException",
  rate_limit_error: "ThrottlingException",
  api_error: "InternalServerException",
  overloaded_error: "ServiceUnavailableException",
};

interface MessagesApiCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * Where requests go: `AWS_ENDPOINT_URL_BEDROCK_MANTLE` (named after the AWS SDKs' service-specific endpoint variables,
 * which no SDK defines for bedrock-mantle: our convention), else `AWS_ENDPOINT_URL`, else AWS's endpoint. Empty means
 * unset. The shared config file's `endpoint_url` and `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` are not read here.
 * @internal its tests read it
 */
export function messagesApiEndpoint(region: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.AWS_ENDPOINT_URL_BEDROCK_MANTLE || env.AWS_ENDPOINT_URL || undefined;
  return (configured ?? `https://bedrock-mantle.${region}.api.aws`).replace(/\/+$/, "");
}

export interface MessagesApiCall {
  readonly region: string;
  readonly credentials: () => Promise<MessagesApiCredentials>;
  readonly request: ConverseRequest;
  readonly handler: NodeHttpHandler;
  readonly abortSignal: AbortSignal;
  /** @default messagesApiEndpoint(region) */
  readonly endpoint?: string;
}

/** One signed Messages API request; an answer other than a Message is thrown as an AwsCallError (operation createMessage). */
export async function createMessage(call: MessagesApiCall): Promise<ConverseReply> {
  const url = new URL(`${call.endpoint ?? messagesApiEndpoint(call.region)}${MESSAGES_API_PATH}`);
  const body = JSON.stringify({
    model: call.request.modelId,
    max_tokens: call.request.maxTokens,
    messages: [{ role: "user", content: call.request.prompt }],
  });
  const request = new HttpRequest({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port && { port: Number(url.port) }),
    path: url.pathname,
    headers: { host: url.host, "content-type": "application/json", "anthropic-version": ANTHROPIC_VERSION },
    body,
  });

  const signer = new SignatureV4({
    service: MESSAGES_API_SIGNING_NAME,
    region: call.region,
    credentials: call.credentials,
    sha256: Sha256,
  });
  const started = Date.now();
  const signed = await signer.sign(request);
  const { response } = await call.handler.handle(HttpRequest.clone(signed), { abortSignal: call.abortSignal });
  const text = await readBody(response.body);
  const latencyMs = Date.now() - started;
  const parsed = parseJson(text);
  if (response.statusCode !== 200) throw errorOf(response.statusCode, response.headers, parsed, text);
  const content = isRecord(parsed) && Array.isArray(parsed.content) ? parsed.content : undefined;
  if (!content || parsed?.type !== "message")
    throw new AwsCallError("createMessage", "UnexpectedResponse", `Messages API ${call.request.modelId}: expected a Message with content`);
  const answer = content.flatMap((block: unknown) => (isRecord(block) && typeof block.text === "string" ? [block.text] : [])).join("");
  return { text: answer, latencyMs };
}

function errorOf(status: number, headers: Record<string, string>, parsed: unknown, text: string): AwsCallError {
  const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
  const type = typeof error?.type === "string" ? error.type : undefined;
  const message = typeof error?.message === "string" ? error.message : maskSecrets(text).slice(0, 500) || `HTTP ${status}`;
  const header = Object.entries(headers).find(([name]) => name.toLowerCase() === "x-amzn-errortype")?.[1];
  const code = header?.split(":")[0] || (type && CODE_OF_ERROR_TYPE[type]) || codeOfStatus(status);
  return new AwsCallError("createMessage", code, message, status);
}

/** An answer with neither Anthropic's error type nor AWS's error header: its HTTP status, as AWS's REST services use them. */
function codeOfStatus(status: number): string {
  if (status === 401) return "UnrecognizedClientException";
  if (status === 403) return "AccessDeniedException";
  if (status === 404) return "ResourceNotFoundException";
  if (status === 429) return "ThrottlingException";
  if (status >= 500) return "InternalServerException";
  return status === 400 ? "ValidationException" : `HTTP${status}`;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(body: unknown): Promise<string> {
  if (typeof body === "string") return body;
  if (!isAsyncIterable(body)) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}
