/**
 * Service errors as Bedrock sends them: REST-JSON with the code in `x-amzn-ErrorType`, the text in
 * `{"message": ...}` and the status code botocore's model gives each error shape.
 */
export type ErrorCode =
  | "AccessDeniedException"
  | "ValidationException"
  | "ResourceNotFoundException"
  | "ConflictException"
  | "ThrottlingException"
  | "ServiceUnavailableException"
  | "InternalServerException"
  | "UnknownOperationException"
  | "MissingAuthenticationTokenException"
  | "IncompleteSignatureException"
  | "SerializationException";

const STATUS: Readonly<Record<ErrorCode, number>> = {
  AccessDeniedException: 403,
  ValidationException: 400,
  ResourceNotFoundException: 404,
  ConflictException: 400,
  ThrottlingException: 429,
  ServiceUnavailableException: 503,
  InternalServerException: 500,
  UnknownOperationException: 404,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  SerializationException: 400,
};

export class ServiceError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
    this.status = STATUS[code];
  }
}

export const accessDenied = (message: string) => new ServiceError("AccessDeniedException", message);
export const validation = (message: string) => new ServiceError("ValidationException", message);
export const notFound = (message: string) => new ServiceError("ResourceNotFoundException", message);
export const conflict = (message: string) => new ServiceError("ConflictException", message);

/** What Bedrock answers for a model or profile id it does not serve to this caller in this region. */
export const invalidModelIdentifier = () => validation("The provided model identifier is invalid.");
