import type { IncomingHttpHeaders } from "node:http";
import type { CallerIdentity } from "../aws/principal";
import type { EmulatorDeps } from "../deps";
import type { CallerAccess } from "../iam/caller-access";
import type { HttpReply } from "../protocol/http";

export interface OperationRequest {
  readonly caller: CallerIdentity;
  readonly access: CallerAccess;
  /** The region of the request's SigV4 credential scope. */
  readonly region: string;
  /** URI labels, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly headers: IncomingHttpHeaders;
}

export type OperationHandler = (request: OperationRequest, deps: EmulatorDeps) => Promise<HttpReply>;

/** One operation: botocore's `http.method` and `http.requestUri` for the REST-JSON services. */
export interface Route {
  readonly operation: string;
  readonly method: string;
  /** `/model/{modelId}/converse`: each `{label}` matches one path segment. */
  readonly path: string;
  /**
   * The SigV4 signing name (credential scope service) the route answers to; unset: any. A request on the path signed
   * for another service is no operation (bedrock-runtime's `/anthropic` Messages API is not emulated).
   */
  readonly service?: string;
  /** How errors are written: AWS's REST-JSON (`x-amzn-ErrorType`, `{message}`), the default, or Anthropic's. */
  readonly errors?: "aws" | "anthropic";
  readonly handler: OperationHandler;
}
