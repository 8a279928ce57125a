import type { IncomingHttpHeaders } from "node:http";
import { ServiceError } from "./errors";

/** What the emulator takes from a SigV4-signed request. Signatures are not verified (moto does not either). */
export interface SignedCredentials {
  readonly accessKeyId: string;
  readonly sessionToken?: string;
  /** The region of the credential scope: the region the client believes it is calling. */
  readonly region: string;
  readonly service: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/** The credential scope's service (signing name) of a SigV4 `Authorization` header, or undefined: for routing only. */
export function signingService(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (!authorization?.startsWith("AWS4-HMAC-SHA256 ")) return undefined;
  return CREDENTIAL.exec(authorization)?.[4];
}

export function parseSigV4(headers: IncomingHttpHeaders): SignedCredentials {
  const authorization = headers.authorization;
  if (!authorization) throw new ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token");
  if (!authorization.startsWith("AWS4-HMAC-SHA256 ")) {
    throw new ServiceError("IncompleteSignatureException", "Only AWS4-HMAC-SHA256 (SigV4) signed requests are supported.");
  }
  const match = CREDENTIAL.exec(authorization);
  if (!match) {
    throw new ServiceError(
      "IncompleteSignatureException",
      "Authorization header requires 'Credential' parameter of the form AKID/DATE/REGION/SERVICE/aws4_request.",
    );
  }
  const [, accessKeyId, , region, service] = match;
  const token = headers["x-amz-security-token"];
  const sessionToken = Array.isArray(token) ? token[0] : token;
  return { accessKeyId, region, service, ...(sessionToken ? { sessionToken } : {}) };
}
