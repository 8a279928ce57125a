import type { AgreementStatus } from "../../lib/domain/agreement";
import type { Clock } from "../../lib/enablement/clock";
import { isOptInRegion } from "../../lib/domain/opt-in-regions";
import { maskAccessKeyId } from "../../lib/core/redact";
import { foundationModelArn } from "../../lib/domain/arn";
import { isSourceRegion, ModelCatalog, parseProfileId, PROFILE_KINDS, type ProfileKind } from "../../lib/domain/catalog/catalog";
import { CLAUDE_MODELS } from "../../lib/domain/catalog/models";
import { MANAGEMENT_ID } from "../helpers/fixtures";
import { AwsCallError, type AwsOperation, type ConverseRequest, type EnablementAws, type RoleSession } from "../../lib/enablement/aws/port";

export const SECRET_MARK = "DO-NOT-PRINT";

/** `ASIA` + 16: the shape STS gives temporary key ids. */
export const accessKeyId = (n: number): string => `ASIA${"TESTKEY".padEnd(12, "X")}${String(n).padStart(4, "0")}`;

/** What STS hands out for a session; the fake keeps it to itself, as SdkEnablementAws does. */
export interface FakeCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** The arguments of each call, by name. */
export interface CallInputs {
  assumeRole: { roleArn: string; sessionName: string };
  getUseCase: Record<string, never>;
  putUseCase: { formData: Uint8Array };
  getAvailability: { modelId: string };
  converse: ConverseRequest;
  converseStream: ConverseRequest;
  createMessage: ConverseRequest;
  listAgreementOffers: { modelId: string };
  createAgreement: { modelId: string; offerToken: string };
  getInferenceProfile: { profileId: string };
  listFoundationModels: { provider: string };
}

/** One call as the fake saw it: the operation, its arguments, and for Bedrock calls the caller's role and region. */
export type RecordedCall = {
  [Op in AwsOperation]: { operation: Op; input: CallInputs[Op]; roleArn?: string; region?: string; at?: number };
}[AwsOperation];

type Scriptable = Exclude<AwsOperation, "assumeRole">;
type Result<Op extends AwsOperation> = Awaited<ReturnType<EnablementAws[Op]>>;
type Answer<Op extends AwsOperation> = { readonly value: Result<Op> } | { readonly error: AwsCallError };

/**
 * Answers that take the place of the simulated Organization for one operation, in the manner of
 * aws-sdk-client-mock: the `…Once` answers in order, then the standing one; with neither, the Organization answers.
 */
export class Script<Op extends AwsOperation> {
  private readonly queue: Answer<Op>[] = [];
  private standing?: Answer<Op>;

  resolvesOnce(value: Result<Op>): this {
    this.queue.push({ value });
    return this;
  }

  rejectsOnce(error: AwsCallError): this {
    this.queue.push({ error });
    return this;
  }

  resolves(value: Result<Op>): this {
    this.standing = { value };
    return this;
  }

  rejects(error: AwsCallError): this {
    this.standing = { error };
    return this;
  }

  next(): Answer<Op> | undefined {
    return this.queue.shift() ?? this.standing;
  }
}

/**
 * An Organization behind the enablement's AWS port: sessions with masked key ids, one agreement per
 * (account, region, model), the first Converse by a role with Marketplace permissions starts it, and it
 * turns AVAILABLE after `pendingPolls` availability checks. Failures are AwsCallError with the code,
 * message and HTTP status SdkEnablementAws makes of the SDK's exceptions. Every call is recorded, and
 * `on(operation)` scripts answers ahead of the Organization's.
 */
export class FakeOrg implements EnablementAws {
  form: Uint8Array | undefined;
  readonly agreements = new Map<string, AgreementStatus>();
  readonly deniedRoles = new Set<string>();
  /** Roles that may subscribe (the first-use roles). */
  readonly marketplaceRoles = new Set<string>();
  pendingPolls = 1;
  /** In-flight Bedrock calls per account, and the most seen at once. */
  readonly inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();
  /** In-flight Bedrock calls across every account, and the most seen at once. */
  inFlightOverall = 0;
  maxInFlightOverall = 0;
  /**
   * Time, when set: every Bedrock call takes `callLatencyMs` on `clock`, and an agreement is PENDING for `pendingMs`
   * after the call that created it (instead of for `pendingPolls` availability checks).
   */
  timing?: { readonly clock: Clock; readonly callLatencyMs: number; readonly pendingMs: number | ((account: string) => number) };
  /** When each agreement was created, on `timing.clock`. */
  private readonly createdAt = new Map<string, number>();
  /** First and last Bedrock call of each account, on one global sequence: overlapping windows ran concurrently. */
  readonly windows = new Map<string, { start: number; end: number }>();
  converseLatencyMs = 420;
  /**
   * Whether a Messages API call on bedrock-mantle needs the Marketplace agreement, which the first call by a role that
   * may subscribe creates ("first-call"), or nothing ("none"): AWS does not say (docs/models.md §4 question 5).
   */
  messagesAgreement: "first-call" | "none" = "first-call";
  /** Roles whose policy lacks bedrock-mantle:CreateInference. */
  readonly noMessagesRoles = new Set<string>();
  /** Roles whose policy lacks bedrock:InvokeModelWithResponseStream: Converse works, ConverseStream is denied. */
  readonly noStreamingRoles = new Set<string>();
  /** Regions AWS has added to a profile's routing (profile id → regions), which deployed policies do not grant yet. */
  readonly extraDestinations = new Map<string, string[]>();
  history: RecordedCall[] = [];
  private seq = 0;
  private keys = 0;
  private readonly polls = new Map<string, number>();
  private readonly credentials = new WeakMap<RoleSession, FakeCredentials>();
  private readonly scripts = new Map<Scriptable, Script<Scriptable>>();

  static key(account: string, region: string, modelId: string): string {
    return `${account}|${region}|${modelId}`;
  }

  /** Scripted answers for one operation, ahead of the Organization's own. */
  on<Op extends Scriptable>(operation: Op): Script<Op> {
    const script = this.scripts.get(operation) ?? new Script<Op>();
    this.scripts.set(operation, script);
    return script as Script<Op>;
  }

  /** The arguments of every call of one operation, in order. */
  calls<Op extends AwsOperation>(operation: Op): CallInputs[Op][] {
    return this.history.flatMap((call) => (call.operation === operation ? [call.input as CallInputs[Op]] : []));
  }

  resetHistory(): void {
    this.history = [];
  }

  /** The session's credentials, which never leave the fake through the port. */
  credentialsOf(session: RoleSession): FakeCredentials {
    const credentials = this.credentials.get(session);
    if (!credentials) throw new Error(`no credentials for ${session.roleArn}: the session was not created by this FakeOrg`);
    return credentials;
  }

  async assumeRole(roleArn: string, sessionName: string): Promise<RoleSession> {
    this.history.push({ operation: "assumeRole", input: { roleArn, sessionName } });
    if (this.deniedRoles.has(roleArn)) {
      throw new AwsCallError(
        "assumeRole",
        "AccessDenied",
        `User: arn:aws:sts::${MANAGEMENT_ID}:assumed-role/platform-pipeline/x is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    }
    const n = ++this.keys;
    const credentials: FakeCredentials = {
      accessKeyId: accessKeyId(n),
      secretAccessKey: `secret-${n}-${SECRET_MARK}-abcdefghijklmnopqrstuvwxyz`,
      sessionToken: `token-${n}-${SECRET_MARK}-zyxwvutsrqponmlkjihgfedcba`,
      expiration: new Date(Date.UTC(2025, 0, 2, 4, 4, 5)),
    };
    const session: RoleSession = Object.freeze({
      roleArn,
      sessionName,
      maskedAccessKeyId: maskAccessKeyId(credentials.accessKeyId),
      expiration: credentials.expiration,
    });
    this.credentials.set(session, credentials);
    return session;
  }

  /** Each account's own form in an opt-in Region (`account|region`): the Organization's form does not reach there. */
  readonly optInForms = new Map<string, Uint8Array>();

  getUseCase(session: RoleSession, region: string) {
    return this.answer("getUseCase", session, region, {}, async () =>
      isOptInRegion(region) ? this.optInForms.get(`${accountOf(session)}|${region}`) : this.form,
    );
  }

  putUseCase(session: RoleSession, region: string, formData: Uint8Array) {
    return this.answer("putUseCase", session, region, { formData }, async () => {
      if (isOptInRegion(region)) this.optInForms.set(`${accountOf(session)}|${region}`, formData);
      else this.form = formData;
    });
  }

  getAvailability(session: RoleSession, region: string, modelId: string) {
    return this.answer("getAvailability", session, region, { modelId }, async () => {
      const key = FakeOrg.key(accountOf(session), region, modelId);
      let status = this.agreements.get(key) ?? "NOT_AVAILABLE";
      if (status === "PENDING" && this.timing) {
        const { pendingMs } = this.timing;
        const pending = typeof pendingMs === "number" ? pendingMs : pendingMs(accountOf(session));
        if (this.timing.clock.now() >= (this.createdAt.get(key) ?? 0) + pending) this.agreements.set(key, (status = "AVAILABLE"));
      } else if (status === "PENDING") {
        const polls = (this.polls.get(key) ?? 0) + 1;
        this.polls.set(key, polls);
        if (polls > this.pendingPolls) this.agreements.set(key, (status = "AVAILABLE"));
      }
      return { modelId, agreement: status, authorized: true, entitled: this.form !== undefined, regionAvailable: true };
    });
  }

  converse(session: RoleSession, region: string, request: ConverseRequest) {
    return this.answer("converse", session, region, { ...request }, async () => {
      const modelId = parseProfileId(request.modelId)?.modelId ?? request.modelId;
      const key = FakeOrg.key(accountOf(session), region, modelId);
      if ((this.agreements.get(key) ?? "NOT_AVAILABLE") === "NOT_AVAILABLE") {
        if (!this.marketplaceRoles.has(session.roleArn)) {
          throw marketplaceDenied("converse");
        }
        this.agreements.set(key, "PENDING");
        this.createdAt.set(key, this.timing?.clock.now() ?? 0);
      }
      return { text: "OK", latencyMs: this.converseLatencyMs };
    });
  }

  converseStream(session: RoleSession, region: string, request: ConverseRequest) {
    return this.answer("converseStream", session, region, { ...request }, async () => {
      if (this.noStreamingRoles.has(session.roleArn)) {
        throw new AwsCallError(
          "converseStream",
          "AccessDeniedException",
          `User: ${session.roleArn} is not authorized to perform: bedrock:InvokeModelWithResponseStream because no identity-based policy allows the bedrock:InvokeModelWithResponseStream action`,
          403,
        );
      }
      return { text: "OK", latencyMs: this.converseLatencyMs };
    });
  }

  createMessage(session: RoleSession, region: string, request: ConverseRequest) {
    return this.answer("createMessage", session, region, { ...request }, async () => {
      if (this.noMessagesRoles.has(session.roleArn)) {
        throw new AwsCallError(
          "createMessage",
          "AccessDeniedException",
          `User: ${session.roleArn} is not authorized to perform: bedrock-mantle:CreateInference on resource: arn:aws:bedrock-mantle:${region}:${accountOf(session)}:project/default because no identity-based policy allows the bedrock-mantle:CreateInference action`,
          403,
        );
      }
      const key = FakeOrg.key(accountOf(session), region, `mantle:${request.modelId}`);
      if (this.messagesAgreement === "first-call" && !this.agreements.has(key)) {
        if (!this.marketplaceRoles.has(session.roleArn)) {
          throw marketplaceDenied("createMessage", 403);
        }
        this.agreements.set(key, "AVAILABLE");
      }
      return { text: "OK", latencyMs: this.converseLatencyMs };
    });
  }

  listAgreementOffers(session: RoleSession, region: string, modelId: string) {
    return this.answer("listAgreementOffers", session, region, { modelId }, async () => [
      { offerId: "offer-1", offerToken: `offer-token-${modelId}` },
    ]);
  }

  createAgreement(session: RoleSession, region: string, modelId: string, offerToken: string) {
    return this.answer("createAgreement", session, region, { modelId, offerToken }, async () => {
      const key = FakeOrg.key(accountOf(session), region, modelId);
      if (this.agreements.has(key)) throw new AwsCallError("createAgreement", "ConflictException", "Agreement already exists");
      this.agreements.set(key, "PENDING");
      this.createdAt.set(key, this.timing?.clock.now() ?? 0);
    });
  }

  /** The catalog's destinations of the profile from that region, plus any `extraDestinations`. */
  getInferenceProfile(session: RoleSession, region: string, profileId: string) {
    return this.answer("getInferenceProfile", session, region, { profileId }, async () => {
      const dot = profileId.indexOf(".");
      const modelId = profileId.slice(dot + 1);
      const resolved = ModelCatalog.builtIn.resolve(modelId, profileId.slice(0, dot) as ProfileKind, region, accountOf(session));
      if (!resolved)
        throw new AwsCallError("getInferenceProfile", "ResourceNotFoundException", `Inference profile ${profileId} not found.`, 404);
      const regions = [...resolved.destinationRegions, ...(this.extraDestinations.get(profileId) ?? [])];
      return regions.map((r) => foundationModelArn(modelId, r));
    });
  }

  /** The catalog's models that can be called from the region (preflight's ListFoundationModels check). */
  listFoundationModels(session: RoleSession, region: string, provider: string) {
    return this.answer("listFoundationModels", session, region, { provider }, async (): Promise<readonly string[]> =>
      provider === "Anthropic"
        ? CLAUDE_MODELS.filter((model) => PROFILE_KINDS.some((kind) => isSourceRegion(model, kind, region))).map((model) => model.id)
        : [],
    );
  }

  /** Records the call, then gives the scripted answer if there is one, else the Organization's, in flight in the caller's account. */
  private answer<Op extends Scriptable>(
    operation: Op,
    session: RoleSession,
    region: string,
    input: CallInputs[Op],
    simulate: () => Promise<Result<Op>>,
  ): Promise<Result<Op>> {
    this.credentialsOf(session);
    this.history.push({ operation, input, roleArn: session.roleArn, region, at: this.timing?.clock.now() } as RecordedCall);
    const scripted = (this.scripts.get(operation) as Script<Op> | undefined)?.next();
    return this.inAccount(session, async (): Promise<Result<Op>> => {
      if (!scripted) return simulate();
      if ("error" in scripted) throw scripted.error;
      return scripted.value;
    });
  }

  /**
   * Counts the call as in flight in the caller's account while it runs, yielding once so that calls overlap (and,
   * with `timing`, taking its latency on the clock before it answers).
   */
  private async inAccount<T>(session: RoleSession, fn: () => Promise<T>): Promise<T> {
    const account = accountOf(session);
    const window = this.windows.get(account) ?? { start: ++this.seq, end: 0 };
    this.windows.set(account, window);
    const now = (this.inFlight.get(account) ?? 0) + 1;
    this.inFlight.set(account, now);
    this.maxInFlight.set(account, Math.max(now, this.maxInFlight.get(account) ?? 0));
    this.maxInFlightOverall = Math.max(this.maxInFlightOverall, ++this.inFlightOverall);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.timing) await this.timing.clock.sleep(this.timing.callLatencyMs);
      return await fn();
    } finally {
      this.inFlight.set(account, (this.inFlight.get(account) ?? 1) - 1);
      this.inFlightOverall -= 1;
      window.end = ++this.seq;
    }
  }
}

const accountOf = (session: RoleSession): string => session.roleArn.split(":")[4];

/** What Bedrock answers a first invocation by a role that may not subscribe (the emulator's README, Errors). */
const marketplaceDenied = (operation: "converse" | "createMessage", httpStatus?: number) =>
  new AwsCallError(
    operation,
    "AccessDeniedException",
    "Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.",
    httpStatus,
  );
