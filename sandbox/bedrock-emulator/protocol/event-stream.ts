import { crc32 } from "node:zlib";

/**
 * AWS's event-stream framing (`application/vnd.amazon.eventstream`), the body of ConverseStream and
 * InvokeModelWithResponseStream. One message:
 *
 *   total length (uint32) | headers length (uint32) | prelude CRC32 (of the 8 bytes before it)
 *   | headers | payload | message CRC32 (of everything before it)
 *
 * A header is name length (uint8), name, value type (uint8), value. Only string values (type 7: uint16
 * length, then UTF-8) are written: all Bedrock puts in its headers.
 */
export const EVENT_STREAM_CONTENT_TYPE = "application/vnd.amazon.eventstream";

const PRELUDE_BYTES = 12;
const CRC_BYTES = 4;
const STRING_HEADER = 7;
/** The format's limits: 128 KiB of headers, 16 MiB per message. */
const MAX_HEADERS_BYTES = 128 * 1024;
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

function encodeStringHeader(name: string, value: string): Buffer {
  const nameBytes = Buffer.from(name, "utf8");
  const valueBytes = Buffer.from(value, "utf8");
  if (nameBytes.length === 0 || nameBytes.length > 0xff) throw new RangeError(`event-stream header name must be 1-255 bytes: ${name}`);
  if (valueBytes.length > 0xffff) throw new RangeError(`event-stream header ${name} exceeds 65535 bytes`);
  const out = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
  let at = out.writeUInt8(nameBytes.length, 0);
  at += nameBytes.copy(out, at);
  at = out.writeUInt8(STRING_HEADER, at);
  at = out.writeUInt16BE(valueBytes.length, at);
  valueBytes.copy(out, at);
  return out;
}

/** One event-stream message with string headers, in the order given. */
function encodeEventStreamMessage(headers: ReadonlyArray<readonly [string, string]>, payload: Uint8Array): Buffer {
  const headerBytes = Buffer.concat(headers.map(([name, value]) => encodeStringHeader(name, value)));
  if (headerBytes.length > MAX_HEADERS_BYTES) throw new RangeError(`event-stream headers exceed ${MAX_HEADERS_BYTES} bytes`);
  const total = PRELUDE_BYTES + headerBytes.length + payload.length + CRC_BYTES;
  if (total > MAX_MESSAGE_BYTES) throw new RangeError(`event-stream message exceeds ${MAX_MESSAGE_BYTES} bytes`);
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, PRELUDE_BYTES);
  message.set(payload, PRELUDE_BYTES + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - CRC_BYTES)), total - CRC_BYTES);
  return message;
}

/** A modeled event: `:event-type` names the union member (`chunk`, `messageStart`, ...), the payload is its JSON. */
export function encodeJsonEvent(eventType: string, payload: unknown): Buffer {
  return encodeEventStreamMessage(
    [
      [":event-type", eventType],
      [":content-type", "application/json"],
      [":message-type", "event"],
    ],
    Buffer.from(JSON.stringify(payload), "utf8"),
  );
}
