import type { ErrorCode, ServiceError } from "./errors";
import { send } from "./http";
import type { EmulatorResponse } from "./listener";

/**
 * Anthropic's error types and their HTTP statuses (Anthropic API reference, "Errors": https://docs.claude.com/en/api/errors):
 * 400 invalid_request_error, 401 authentication_error, 403 permission_error, 404 not_found_error,
 * 429 rate_limit_error, 500 api_error, 529 overloaded_error.
 */
export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error";

const STATUS: Readonly<Record<AnthropicErrorType, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

/**
 * The Anthropic type of each error the emulator raises. ServiceUnavailableException (bedrock-runtime's 503) becomes
 * overloaded_error (529): Anthropic's answer for a service that cannot take the request now, retried by its SDKs.
 */
const TYPE_OF_CODE: Readonly<Record<ErrorCode, AnthropicErrorType>> = {
  AccessDeniedException: "permission_error",
  ValidationException: "invalid_request_error",
  ResourceNotFoundException: "not_found_error",
  ConflictException: "invalid_request_error",
  ThrottlingException: "rate_limit_error",
  ServiceUnavailableException: "overloaded_error",
  InternalServerException: "api_error",
  UnknownOperationException: "not_found_error",
  MissingAuthenticationTokenException: "authentication_error",
  IncompleteSignatureException: "authentication_error",
  SerializationException: "invalid_request_error",
};

export function anthropicErrorType(code: ErrorCode): AnthropicErrorType {
  return TYPE_OF_CODE[code];
}

export function anthropicErrorStatus(code: ErrorCode): number {
  return STATUS[TYPE_OF_CODE[code]];
}

/**
 * An error of the Messages API on bedrock-mantle: Anthropic's body `{"type":"error","error":{"type","message"}}` with
 * Anthropic's status, and AWS's code in `x-amzn-ErrorType` as bedrock-runtime would send it. Which of the two shapes
 * bedrock-mantle uses is not documented: the emulator sends both (an assumption, see the README).
 */
export function sendAnthropicError(res: EmulatorResponse, error: ServiceError): void {
  send(res, {
    status: anthropicErrorStatus(error.code),
    json: { type: "error", error: { type: anthropicErrorType(error.code), message: error.message } },
    headers: { "x-amzn-ErrorType": error.code },
  });
}
