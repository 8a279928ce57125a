import { validation } from "../protocol/errors";

/** Botocore-style constraint messages: "1 validation error detected: Value at 'x' failed to satisfy constraint: ...". */
export function constraintError(field: string, constraint: string) {
  return validation(`1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`);
}

export function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") throw constraintError(field, "Member must not be null");
  return value;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes a REST-JSON blob member (base64 on the wire). */
export function decodeBlob(value: string, field: string): Buffer {
  if (!BASE64.test(value)) throw validation(`Value at '${field}' is not valid base64-encoded binary data.`);
  return Buffer.from(value, "base64");
}
