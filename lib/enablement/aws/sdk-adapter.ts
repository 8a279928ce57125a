import {
  BedrockClient,
  CreateFoundationModelAgreementCommand,
  GetFoundationModelAvailabilityCommand,
  GetInferenceProfileCommand,
  GetUseCaseForModelAccessCommand,
  ListFoundationModelAgreementOffersCommand,
  ListFoundationModelsCommand,
  PutUseCaseForModelAccessCommand,
} from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { AGREEMENT_STATUSES, type AgreementStatus } from "../../domain/agreement";
import {
  AwsCallError,
  type AgreementOffer,
  type AwsOperation,
  type ConverseReply,
  type ConverseRequest,
  type EnablementAws,
  type ModelAvailability,
  type RoleSession,
} from "./port";
import { linkedSignal } from "../../core/abort";
import { maskAccessKeyId } from "../../core/redact";
import { isRecord } from "../../core/validation";
import { EndpointBreaker, type Endpoint } from "./breaker";
import { EndpointHandler } from "./endpoint-handler";
import { DEFAULT_TIMEOUTS } from "./retry";
import { createMessage } from "./messages-api";
import { isTransient } from "./errors";

/** The AWS SDKs' default attempts per call in "standard" retry mode (SDKs and Tools Reference Guide, Retry behavior). */
const SDK_DEFAULT_MAX_ATTEMPTS = 3;

export interface SdkEnablementAwsOptions {
  /** Region of the STS client that assumes the roles. */
  readonly stsRegion: string;
  /** Attempts per call, with the SDK's own backoff. @default - the SDK's: AWS_MAX_ATTEMPTS, the shared config's max_attempts, or 3 */
  readonly maxAttempts?: number;
  /** "adaptive" also rate-limits the client when AWS throttles. @default - the SDK's: AWS_RETRY_MODE, the shared config's retry_mode, or "standard" */
  readonly retryMode?: "standard" | "adaptive";
  /** Assumed sessions last this long; the first-use role allows at most 3600. @default 3600 */
  readonly durationSeconds?: number;
  /** A connection not established within this fails the attempt (retried as transient). @default 5000 */
  readonly connectionTimeoutMs?: number;
  /** A response with no data for this long fails the attempt: a frozen endpoint never hangs the run. @default 30000 */
  readonly requestTimeoutMs?: number;
  /** One call, the SDK's attempts included, is abandoned after this long (transient `CallTimeout`). @default 120000 */
  readonly callTimeoutMs?: number;
  /**
   * The run's: when it aborts, every call in flight is abandoned (code `InterruptedInFlight`: sent, not answered) and
   * every later call fails without being sent (`Interrupted`). @default - calls end only by their own timeouts
   */
  readonly signal?: AbortSignal;
  /**
   * Counts every attempt's timeouts and connection failures per endpoint (service + Region); an endpoint it gives up on
   * fails the calls to it at once (`EndpointDown`). @default - a breaker of this adapter's own
   */
  readonly breaker?: EndpointBreaker;
}

interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
}

/**
 * Sessions are renewed this long before they expire, the margin the SDK clients give any credentials.
 *
 * Renewed here, not by the SDK's `fromTemporaryCredentials` (@aws-sdk/credential-providers 3.1175.0), which cannot keep
 * what assumeRole() does:
 * - it sends AssumeRole with no abort signal, so neither the call's deadline (`CallTimeout`) nor the run's interruption
 *   (`InterruptedInFlight`) could abandon one in flight;
 * - it sends it through an STS client of its own per session, from @aws-sdk/nested-clients (the SDK's internal copy of
 *   STS): not this adapter's client, not closed by destroy(), and out of reach of the tests' @aws-sdk/client-sts mocks;
 * - it caches nothing: each SDK client memoizes its credentials apart, so the Bedrock and Bedrock Runtime clients of
 *   each Region and the Messages API would each assume the role, where they now share one AssumeRole per renewal (the
 *   SDK's shared memoization, @smithy/core's memoizeIdentityProvider, is marked internal);
 * - an answer without credentials fails as its own "Invalid response from STS.assumeRole", and one without a
 *   SessionToken passes.
 */
const RENEW_BEFORE_MS = 5 * 60_000;

interface SessionState {
  credentials: Credentials;
  readonly provider: () => Promise<Credentials>;
  readonly bedrock: Map<string, BedrockClient>;
  readonly runtime: Map<string, BedrockRuntimeClient>;
}

/**
 * EnablementAws on the AWS SDK v3. Source credentials come from the SDK's default chain; endpoints from
 * its standard settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_BEDROCK,
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME, or `endpoint_url` in the profile; AWS_ENDPOINT_URL_BEDROCK_MANTLE for the Messages
 * API, which has no SDK client: messages-api.ts), which is how the local sandbox
 * redirects the calls. Assumed credentials never leave this file.
 */
export class SdkEnablementAws implements EnablementAws {
  private readonly sts: STSClient;
  private readonly sessions = new WeakMap<RoleSession, SessionState>();
  private readonly clients: { destroy(): void }[] = [];
  /** The Messages API has no SDK client: its requests share one handler per Region, closed with the clients. */
  private readonly messagesHandlers = new Map<string, NodeHttpHandler>();
  private readonly breaker: EndpointBreaker;

  constructor(private readonly options: SdkEnablementAwsOptions) {
    this.breaker = options.breaker ?? new EndpointBreaker();
    this.sts = this.track(
      new STSClient({
        region: options.stsRegion,
        requestHandler: this.handler({ service: "sts", region: options.stsRegion }),
        ...this.retrySettings(),
      }),
    );
  }

  async assumeRole(roleArn: string, sessionName: string): Promise<RoleSession> {
    const credentials = await this.assume(roleArn, sessionName);
    let renewing: Promise<Credentials> | undefined;
    const session: RoleSession = Object.freeze({
      roleArn,
      sessionName,
      maskedAccessKeyId: maskAccessKeyId(credentials.accessKeyId),
      ...(credentials.expiration && { expiration: credentials.expiration }),
    });
    const state: SessionState = {
      credentials,
      // The SDK asks again shortly before `expiration`: a long wait for an agreement outlives the first
      // session, so the role is assumed again (same name) instead of failing on expired credentials.
      provider: async () => {
        if (!state.credentials.expiration || state.credentials.expiration.getTime() - Date.now() > RENEW_BEFORE_MS)
          return state.credentials;
        // Concurrent calls share one renewal.
        renewing ??= this.assume(roleArn, sessionName).finally(() => (renewing = undefined));
        state.credentials = await renewing;
        return state.credentials;
      },
      bedrock: new Map(),
      runtime: new Map(),
    };
    this.sessions.set(session, state);
    return session;
  }

  private async assume(roleArn: string, sessionName: string): Promise<Credentials> {
    const out = await this.call("assumeRole", (options) =>
      this.sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: this.options.durationSeconds ?? 3600 }),
        options,
      ),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
      throw unexpected("assumeRole", `AssumeRole ${roleArn}: expected Credentials with AccessKeyId, SecretAccessKey and SessionToken`);
    }
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  }

  async getUseCase(session: RoleSession, region: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.call("getUseCase", (options) =>
        this.bedrock(session, region).send(new GetUseCaseForModelAccessCommand({}), options),
      );
      if (!out.formData) throw unexpected("getUseCase", "GetUseCaseForModelAccess: expected formData in the response");
      return out.formData;
    } catch (err) {
      // Never submitted: the one "not found" that is an answer, not a failure.
      if (err instanceof AwsCallError && err.code === "ResourceNotFoundException") return undefined;
      throw err;
    }
  }

  async putUseCase(session: RoleSession, region: string, formData: Uint8Array): Promise<void> {
    await this.call("putUseCase", (options) =>
      this.bedrock(session, region).send(new PutUseCaseForModelAccessCommand({ formData }), options),
    );
  }

  async getAvailability(session: RoleSession, region: string, modelId: string): Promise<ModelAvailability> {
    const out = await this.call("getAvailability", (options) =>
      this.bedrock(session, region).send(new GetFoundationModelAvailabilityCommand({ modelId }), options),
    );
    const status = out.agreementAvailability?.status;
    if (!isAgreementStatus(status)) {
      throw unexpected(
        "getAvailability",
        `GetFoundationModelAvailability ${modelId} in ${region}: expected agreementAvailability.status to be one of ${AGREEMENT_STATUSES.join(
          ", ",
        )} (got ${JSON.stringify(status)})`,
      );
    }
    return {
      modelId,
      agreement: status,
      ...(out.agreementAvailability?.errorMessage && { agreementMessage: out.agreementAvailability.errorMessage }),
      authorized: out.authorizationStatus === "AUTHORIZED",
      entitled: out.entitlementAvailability === "AVAILABLE",
      regionAvailable: out.regionAvailability === "AVAILABLE",
    };
  }

  async converse(session: RoleSession, region: string, request: ConverseRequest): Promise<ConverseReply> {
    const out = await this.call("converse", (options) =>
      this.runtime(session, region).send(
        new ConverseCommand({
          modelId: request.modelId,
          messages: [{ role: "user", content: [{ text: request.prompt }] }],
          inferenceConfig: { maxTokens: request.maxTokens },
        }),
        options,
      ),
    );
    const content = out.output?.message?.content;
    if (!content) throw unexpected("converse", `Converse ${request.modelId} in ${region}: expected output.message.content`);
    const text = content.flatMap((block) => (block.text === undefined ? [] : [block.text])).join("");
    return { text, ...(out.metrics?.latencyMs !== undefined && { latencyMs: out.metrics.latencyMs }) };
  }

  async converseStream(session: RoleSession, region: string, request: ConverseRequest): Promise<ConverseReply> {
    return this.call("converseStream", async (options) => {
      const out = await this.runtime(session, region).send(
        new ConverseStreamCommand({
          modelId: request.modelId,
          messages: [{ role: "user", content: [{ text: request.prompt }] }],
          inferenceConfig: { maxTokens: request.maxTokens },
        }),
        options,
      );
      if (!out.stream) throw unexpected("converseStream", `ConverseStream ${request.modelId} in ${region}: expected a stream`);
      let text = "";
      let latencyMs: number | undefined;
      for await (const event of out.stream) {
        text += event.contentBlockDelta?.delta?.text ?? "";
        latencyMs = event.metadata?.metrics?.latencyMs ?? latencyMs;
      }
      return { text, ...(latencyMs !== undefined && { latencyMs }) };
    });
  }

  async createMessage(session: RoleSession, region: string, request: ConverseRequest): Promise<ConverseReply> {
    const state = this.state(session);
    // No SDK client, so no SDK attempts: the same number of attempts as the SDK clients make, within the call's deadline.
    const attempts = this.options.maxAttempts ?? SDK_DEFAULT_MAX_ATTEMPTS;
    return this.call("createMessage", async ({ abortSignal }) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await createMessage({ region, credentials: state.provider, request, handler: this.messagesHandler(region), abortSignal });
        } catch (err) {
          // A network error is an Error of Node's, not yet an AwsCallError: classified as the other calls' are.
          if (attempt >= attempts || abortSignal.aborted || !isTransient(toCallError("createMessage", err))) throw err;
        }
      }
    });
  }

  async listAgreementOffers(session: RoleSession, region: string, modelId: string): Promise<AgreementOffer[]> {
    const out = await this.call("listAgreementOffers", (options) =>
      this.bedrock(session, region).send(new ListFoundationModelAgreementOffersCommand({ modelId }), options),
    );
    return (out.offers ?? []).flatMap((offer) =>
      offer.offerToken ? [{ offerToken: offer.offerToken, ...(offer.offerId && { offerId: offer.offerId }) }] : [],
    );
  }

  async createAgreement(session: RoleSession, region: string, modelId: string, offerToken: string): Promise<void> {
    await this.call("createAgreement", (options) =>
      this.bedrock(session, region).send(new CreateFoundationModelAgreementCommand({ modelId, offerToken }), options),
    );
  }

  async getInferenceProfile(session: RoleSession, region: string, profileId: string): Promise<readonly string[]> {
    const out = await this.call("getInferenceProfile", (options) =>
      this.bedrock(session, region).send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: profileId }), options),
    );
    const arns = (out.models ?? []).flatMap((model) => (model.modelArn ? [model.modelArn] : []));
    if (arns.length === 0)
      throw unexpected("getInferenceProfile", `GetInferenceProfile ${profileId} in ${region}: expected models[].modelArn`);
    return arns;
  }

  async listFoundationModels(session: RoleSession, region: string, provider: string): Promise<readonly string[]> {
    const out = await this.call("listFoundationModels", (options) =>
      this.bedrock(session, region).send(new ListFoundationModelsCommand({ byProvider: provider }), options),
    );
    if (!out.modelSummaries) throw unexpected("listFoundationModels", `ListFoundationModels in ${region}: expected modelSummaries`);
    return out.modelSummaries.flatMap((model) => (model.modelId ? [model.modelId] : []));
  }

  /** Closes every client's connections. */
  destroy(): void {
    for (const client of this.clients.splice(0)) client.destroy();
  }

  private bedrock(session: RoleSession, region: string): BedrockClient {
    const state = this.state(session);
    return this.client(state.bedrock, region, () => new BedrockClient(this.clientConfig(state, "bedrock", region)));
  }

  private runtime(session: RoleSession, region: string): BedrockRuntimeClient {
    const state = this.state(session);
    // The runtime client defaults to HTTP/2, which only bidirectional streams need; HTTP/1.1 serves
    // Converse against AWS and against plain-HTTP emulators (the sandbox) alike.
    return this.client(state.runtime, region, () => new BedrockRuntimeClient(this.clientConfig(state, "bedrock-runtime", region)));
  }

  /** One client per session and Region, made on first use and closed by destroy(). */
  private client<C extends { destroy(): void }>(clients: Map<string, C>, region: string, make: () => C): C {
    let client = clients.get(region);
    if (!client) {
      client = this.track(make());
      clients.set(region, client);
    }
    return client;
  }

  private clientConfig(state: SessionState, service: "bedrock" | "bedrock-runtime", region: string) {
    return { region, credentials: state.provider, requestHandler: this.handler({ service, region }), ...this.retrySettings() };
  }

  private state(session: RoleSession): SessionState {
    const state = this.sessions.get(session);
    if (!state) throw new Error(`no credentials for ${session.roleArn}: the session was not created by this SdkEnablementAws`);
    return state;
  }

  /** HTTP/1.1 with timeouts, for every client, each attempt counted by the endpoint's breaker. */
  private handler(endpoint: Endpoint): NodeHttpHandler {
    const timeouts = {
      connectionTimeout: this.options.connectionTimeoutMs ?? DEFAULT_TIMEOUTS.connectionTimeoutMs,
      socketTimeout: this.options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs,
    };
    return new EndpointHandler(timeouts, this.breaker, endpoint);
  }

  private messagesHandler(region: string): NodeHttpHandler {
    let handler = this.messagesHandlers.get(region);
    if (!handler) {
      handler = this.track(this.handler({ service: "bedrock-mantle", region }));
      this.messagesHandlers.set(region, handler);
    }
    return handler;
  }

  /**
   * Unset unless given, so the SDK resolves them as every AWS SDK does (AWS_RETRY_MODE, AWS_MAX_ATTEMPTS, the
   * shared config file), defaulting to "standard" with 3 attempts. AWS recommends standard; adaptive "can delay
   * initial request" and is "appropriate only for specialized use-cases" (AWS SDKs and Tools Reference Guide,
   * Retry behavior: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
   */
  private retrySettings(): { maxAttempts?: number; retryMode?: string } {
    return {
      ...(this.options.maxAttempts !== undefined && { maxAttempts: this.options.maxAttempts }),
      ...(this.options.retryMode !== undefined && { retryMode: this.options.retryMode }),
    };
  }

  private track<T extends { destroy(): void }>(client: T): T {
    this.clients.push(client);
    return client;
  }

  /**
   * Sends with the call's deadline and the run's signal: a call still unanswered at the deadline (the SDK's retries
   * included) fails as transient `CallTimeout`; one in flight when the run is interrupted is abandoned at once
   * (`InterruptedInFlight`), and none is sent after that (`Interrupted`).
   */
  private async call<T>(operation: AwsOperation, send: (options: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> {
    const run = this.options.signal;
    if (run?.aborted) throw new AwsCallError(operation, "Interrupted", "not sent: the run was interrupted");
    const timeoutMs = this.options.callTimeoutMs ?? DEFAULT_TIMEOUTS.callTimeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const { signal: abortSignal, dispose } = linkedSignal(deadline, run);
    try {
      return await send({ abortSignal });
    } catch (err) {
      if (run?.aborted && !isAnswer(err)) {
        throw new AwsCallError(operation, "InterruptedInFlight", "sent and not answered: the run was interrupted while it was in flight");
      }
      if (deadline.aborted && !(err instanceof AwsCallError) && !isEndpointDown(err)) {
        throw new AwsCallError(operation, "CallTimeout", `no answer within ${timeoutMs / 1000} s, retries included (--call-timeout)`);
      }
      throw toCallError(operation, err);
    } finally {
      dispose();
    }
  }
}

/** An answer from AWS (an error response it sent), as opposed to an attempt that got none. */
function isAnswer(err: unknown): boolean {
  if (err instanceof AwsCallError) return err.httpStatus !== undefined;
  const metadata: unknown = err instanceof Error ? Reflect.get(err, "$metadata") : undefined;
  return isRecord(metadata) && typeof metadata.httpStatusCode === "number";
}

function isEndpointDown(err: unknown): boolean {
  return err instanceof Error && err.name === "EndpointDown";
}

function isAgreementStatus(value: unknown): value is AgreementStatus {
  return (AGREEMENT_STATUSES as readonly unknown[]).includes(value);
}

function unexpected(operation: AwsOperation, message: string): AwsCallError {
  return new AwsCallError(operation, "UnexpectedResponse", message);
}

/** SDK service exceptions carry the service's error code as `name` and the HTTP status in `$metadata`. */
function toCallError(operation: AwsOperation, err: unknown): AwsCallError {
  if (err instanceof AwsCallError) return err;
  if (!(err instanceof Error)) return new AwsCallError(operation, "UnknownError", String(err));
  const network = networkErrorCode(err);
  if (network) return new AwsCallError(operation, network, err.message);
  const metadata: unknown = Reflect.get(err, "$metadata");
  const status = isRecord(metadata) && typeof metadata.httpStatusCode === "number" ? metadata.httpStatusCode : undefined;
  return new AwsCallError(operation, err.name, err.message, status);
}

/**
 * Node's network errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ...) carry their reason as `code`; when the SDK
 * wraps one ("AWS SDK error wrapper for Error: connect ECONNREFUSED ..."), the reason is in its cause or message.
 */
function networkErrorCode(err: Error): string | undefined {
  const isCode = (value: unknown): value is string => typeof value === "string" && /^E[A-Z_]{3,}$/.test(value);
  const code: unknown = Reflect.get(err, "code");
  if (isCode(code)) return code;
  const cause: unknown = Reflect.get(err, "cause");
  const causeCode: unknown = cause !== null && typeof cause === "object" ? Reflect.get(cause, "code") : undefined;
  if (isCode(causeCode)) return causeCode;
  return /^AWS SDK error wrapper for .*\b(E(?:CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|AI_AGAIN|CONNABORTED))\b/.exec(err.message)?.[1];
}
