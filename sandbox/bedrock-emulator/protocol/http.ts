import { randomUUID } from "node:crypto";
import type { Writable } from "node:stream";
import { ServiceError } from "./errors";
import { EVENT_STREAM_CONTENT_TYPE } from "./event-stream";
import type { EmulatorRequest, EmulatorResponse } from "./listener";

const MAX_BODY_BYTES = 8 * 1024 * 1024;

export async function readBody(req: EmulatorRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new ServiceError("ValidationException", `Request body exceeds ${MAX_BODY_BYTES} bytes.`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export interface HttpReply {
  readonly status: number;
  /** JSON body; omitted for empty-bodied responses (PutUseCaseForModelAccess answers 201 with none). */
  readonly json?: unknown;
  /** Raw body (InvokeModel returns the model's bytes as they are). */
  readonly raw?: Buffer;
  /**
   * Event-stream messages (`protocol/event-stream.ts`), written one by one with no Content-Length:
   * the body of ConverseStream and InvokeModelWithResponseStream. Errors found before the stream
   * starts are thrown as ServiceErrors instead, and answered as plain HTTP errors.
   */
  readonly events?: readonly Buffer[];
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export function send(res: EmulatorResponse, reply: HttpReply): void {
  if (reply.events) return sendEvents(res, reply, reply.events);
  const body = reply.raw ?? (reply.json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(reply.json)));
  res.statusCode = reply.status;
  res.setHeader("x-amzn-RequestId", randomUUID());
  if (body.length > 0 || reply.contentType) res.setHeader("Content-Type", reply.contentType ?? "application/json");
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.setHeader("Content-Length", body.length);
  res.end(body);
}

function sendEvents(res: EmulatorResponse, reply: HttpReply, events: readonly Buffer[]): void {
  res.statusCode = reply.status;
  res.setHeader("x-amzn-RequestId", randomUUID());
  res.setHeader("Content-Type", reply.contentType ?? EVENT_STREAM_CONTENT_TYPE);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  // Both the HTTP/1.1 and the HTTP/2 response are Writables: one write per message (chunked on HTTP/1.1).
  const body: Writable = res;
  for (const event of events) body.write(event);
  body.end();
}

export function sendError(res: EmulatorResponse, error: ServiceError): void {
  send(res, { status: error.status, json: { message: error.message }, headers: { "x-amzn-ErrorType": error.code } });
}

/** Parses a JSON request body; an empty body reads as `{}` like the SDKs' empty input structures. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ServiceError("SerializationException", "Unable to parse the request body as JSON.");
  }
  if (!isJsonObject(parsed)) throw new ServiceError("SerializationException", "Expected a JSON object as the request body.");
  return parsed;
}

/** A JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
