import { NodeHttpHandler, type NodeHttpHandlerOptions } from "@smithy/node-http-handler";
import { linkedSignal } from "../../core/abort";
import type { Endpoint, EndpointBreaker } from "./breaker";

type HttpRequest = Parameters<NodeHttpHandler["handle"]>[0];
type HttpHandlerOptions = NonNullable<Parameters<NodeHttpHandler["handle"]>[1]>;

/**
 * The SDK clients' HTTP handler (HTTP/1.1, with the connection and idle timeouts), with every attempt reported to the
 * endpoint's breaker: an attempt at an endpoint that is down fails at once, and one in flight when it goes down is
 * aborted. The SDK's retries go through here too, so each of them counts.
 */
export class EndpointHandler extends NodeHttpHandler {
  constructor(
    options: NodeHttpHandlerOptions,
    private readonly breaker: EndpointBreaker,
    private readonly endpoint: Endpoint,
  ) {
    super(options);
  }

  override async handle(request: HttpRequest, options: HttpHandlerOptions = {}): ReturnType<NodeHttpHandler["handle"]> {
    const attempt = this.breaker.attempt(this.endpoint, origin(request));
    // The SDK hands on the signal given to `send` (the adapter's own AbortSignal); another kind cannot be linked.
    const call = options.abortSignal instanceof AbortSignal ? options.abortSignal : undefined;
    const { signal, dispose } = linkedSignal(call, attempt.signal);
    try {
      const out = await super.handle(request, { ...options, abortSignal: signal });
      attempt.answered();
      return out;
    } catch (err) {
      // Aborted because the endpoint went down meanwhile: the call fails with that, not with an abort.
      if (attempt.signal.aborted) throw attempt.signal.reason;
      attempt.failed(err);
      throw err;
    } finally {
      dispose();
    }
  }
}

/** `https://bedrock-runtime.us-east-1.amazonaws.com`: where the attempt went, for the message. */
function origin(request: HttpRequest): string {
  return `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}`;
}
