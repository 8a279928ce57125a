import type { FailureKind } from "../../contracts/report";
import { AwsCallError, type AwsOperation } from "./port";
import { errorMessage as messageOf } from "../../core/errors";
import { isOptInRegion } from "../../domain/opt-in-regions";

/** Where a call failed, so the message can name the role, the account and the model. */
export interface FailureContext {
  readonly roleArn?: string;
  /** "first-use role", "runtime role", "use-case submitter role". */
  readonly roleLabel?: string;
  readonly accountName?: string;
  readonly accountId?: string;
  readonly region?: string;
  readonly modelId?: string;
  readonly invocationId?: string;
}

/** A classified failure: `message` says what happened, where, and how to fix it. */
export class EnablementFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** The AWS error code behind it, when there is one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = "EnablementFailure";
  }
}

const TRANSIENT_CODES = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "ServiceUnavailableException",
  "ServiceUnavailable",
  "ModelNotReadyException",
  "ModelTimeoutException",
  "InternalServerException",
  "InternalFailure",
  "InternalServerError",
  "RequestTimeout",
  "TimeoutError",
  // Our own per-call deadline (sdk-adapter.ts).
  "CallTimeout",
  // Network errors: a dropped connection, a refused or timed-out one, a DNS hiccup.
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ECONNABORTED",
]);
const ACCESS_DENIED_CODES = new Set(["AccessDeniedException", "AccessDenied"]);
const CREDENTIAL_CODES = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "SignatureDoesNotMatch",
  "CredentialsProviderError",
]);

const FORM_MISSING = /FTUFormNotFilled|use case details|use[- ]case form/i;
const AGREEMENT_BEING_CREATED =
  /MPAgreementBeingCreated|subscription for this model is still being processed|agreement is (still )?being created/i;
const MARKETPLACE_DENIED = /aws-marketplace:(ViewSubscriptions|Subscribe)|AWS Marketplace actions/i;

const codeOf = (err: unknown): string | undefined => (err instanceof AwsCallError ? err.code : undefined);

/** Throttling, 5xx and model warm-up: worth retrying with backoff. */
export function isTransient(err: unknown): boolean {
  if (err instanceof EnablementFailure) return err.kind === "transient";
  if (!(err instanceof AwsCallError)) return false;
  return TRANSIENT_CODES.has(err.code) || (err.httpStatus !== undefined && (err.httpStatus >= 500 || err.httpStatus === 429));
}

export function isAgreementBeingCreated(err: unknown): boolean {
  return codeOf(err) === "MPAgreementBeingCreated" || AGREEMENT_BEING_CREATED.test(messageOf(err));
}

export function isUseCaseFormMissing(err: unknown): boolean {
  return codeOf(err) === "FTUFormNotFilled" || (err instanceof AwsCallError && FORM_MISSING.test(err.message));
}

/** Denied by IAM, an SCP or the Marketplace gate: the call was answered, and the answer was no. */
export function isAccessDenied(err: unknown): boolean {
  return err instanceof AwsCallError && ACCESS_DENIED_CODES.has(err.code);
}

/** Denied `action` by IAM or an SCP: AWS's "is not authorized to perform: ACTION" text names it. */
export function isActionDenied(err: unknown, action: string): boolean {
  return isAccessDenied(err) && err instanceof AwsCallError && err.message.includes(`not authorized to perform: ${action}`);
}

/** Denied because no AWS Marketplace agreement exists and the caller may not create one. */
export function isMarketplaceDenied(err: unknown): boolean {
  return isAccessDenied(err) && err instanceof AwsCallError && MARKETPLACE_DENIED.test(err.message);
}

/** CreateFoundationModelAgreement when the agreement exists: the outcome we wanted. */
export function isAgreementAlreadyExists(err: unknown): boolean {
  return err instanceof AwsCallError && (err.code === "ConflictException" || /already exists/i.test(err.message));
}

function where(ctx: FailureContext): string {
  const account = ctx.accountName ? `${ctx.accountName} (${ctx.accountId ?? "?"})` : ctx.accountId;
  return [account && `account ${account}`, ctx.region].filter(Boolean).join(", ");
}

function role(ctx: FailureContext): string {
  return `${ctx.roleLabel ?? "role"} ${ctx.roleArn ?? "(unknown)"}`;
}

/** Turns any error from a step into an EnablementFailure with an actionable message. */
export function classifyError(err: unknown, ctx: FailureContext): EnablementFailure {
  if (err instanceof EnablementFailure) return err;
  if (!(err instanceof AwsCallError)) return new EnablementFailure("unexpected", `${where(ctx)}: ${messageOf(err)}`);
  const { code, operation } = err;
  const aws = `${code}: ${err.message}`;
  const model = ctx.invocationId ?? ctx.modelId ?? "the model";
  const fail = (kind: FailureKind, message: string) => new EnablementFailure(kind, message, code);

  if (code === "Interrupted" || code === "InterruptedInFlight") return interrupted(err, ctx, model);
  if (code === "EndpointDown") {
    return fail(
      "endpoint-down",
      `${where(ctx)}: ${operation} failed at once: ${err.message}. Fix: re-run when it answers again (check the network, a proxy or VPC endpoint, AWS_ENDPOINT_URL_*).`,
    );
  }
  if (CREDENTIAL_CODES.has(code)) {
    return fail(
      "credentials",
      `${where(
        ctx,
      )}: the credentials were rejected (${aws}). Fix: refresh the pipeline's AWS credentials (aws sso login, AWS_PROFILE, environment variables, or the CI's web identity) and re-run.`,
    );
  }
  if (operation === "assumeRole" && ACCESS_DENIED_CODES.has(code)) {
    return fail(
      "assume-role-denied",
      `cannot assume ${role(ctx)} in ${where(
        ctx,
      )} (${aws}). Fix: run as one of managementAccount.pipelinePrincipals (the role trusts only those), allow them sts:AssumeRole on this role (and check no SCP denies it), and run cdktf deploy if the role does not exist yet.`,
    );
  }
  if (isAgreementBeingCreated(err)) {
    return fail(
      "agreement-being-created",
      `${where(
        ctx,
      )}: the AWS Marketplace agreement for ${model} is still being created (${aws}). Wait a few minutes and re-run; enable re-checks it until --wait-timeout.`,
    );
  }
  if (isUseCaseFormMissing(err)) {
    // AWS: the form is needed again in opt-in Regions, where the management account's form may not reach (docs/models.md §5).
    const fix =
      ctx.region && isOptInRegion(ctx.region)
        ? `${ctx.region} is an opt-in Region, which needs the account's own form: let enable submit it there through the account's first-use role (the role needs bedrock:PutUseCaseForModelAccess in ${ctx.region}: cdktf deploy grants it), wait up to 15 minutes, then re-run.`
        : "let enable submit it from the management account (step 1; member accounts of the Organization inherit it, which can take up to 15 minutes), then re-run.";
    return fail(
      "use-case-form-missing",
      `${where(ctx)}: the Anthropic use-case form is not in effect for this account (${aws}). Fix: ${fix}`,
    );
  }
  if (ACCESS_DENIED_CODES.has(code) && MARKETPLACE_DENIED.test(err.message)) {
    return fail(
      "marketplace-denied",
      `${role(ctx)} in ${where(
        ctx,
      )} may not create the AWS Marketplace agreement for ${model} (${aws}). Fix: give it aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (firstUseMarketplaceAccess: true for this account, then cdktf deploy) and make sure no SCP denies aws-marketplace:* to it.`,
    );
  }
  if (ACCESS_DENIED_CODES.has(code) && (operation === "converse" || operation === "converseStream")) {
    return fail(
      "invoke-denied",
      `${role(ctx)} in ${where(
        ctx,
      )} may not invoke ${model} (${aws}). Fix: the invoke policy must allow bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on the profile and on the foundation model in every destination region (if AWS added one: bedrock-access catalog refresh, then cdktf deploy); check that no SCP denies Bedrock in a destination region.`,
    );
  }
  if (ACCESS_DENIED_CODES.has(code) && operation === "createMessage") {
    return fail(
      "invoke-denied",
      `${role(ctx)} in ${where(
        ctx,
      )} may not call ${model} through the Messages API on bedrock-mantle (${aws}). Fix: the invoke policy must allow bedrock-mantle:CreateInference on the account's default project in this region (the model's messages profile in the config, then cdktf deploy); check that no SCP denies bedrock-mantle:CreateInference. If the message says the model is not available for this account, AWS grants some models per account: see docs/models.md §2b.`,
    );
  }
  if (ACCESS_DENIED_CODES.has(code)) {
    return fail(
      "access-denied",
      `${role(ctx)} in ${where(
        ctx,
      )} was denied ${operation} (${aws}). Fix: check its policies and the SCPs that apply to the account, then cdktf deploy.`,
    );
  }
  if (code === "ValidationException" || code === "ResourceNotFoundException") {
    return fail(
      "model-not-offered",
      `${where(
        ctx,
      )}: ${model} is not offered or not callable here (${aws}). Fix: check the model id, and remove this profile kind or region for the model in the config if AWS does not serve it there.`,
    );
  }
  if (code === "ServiceQuotaExceededException") {
    return fail(
      "quota",
      `${where(
        ctx,
      )}: the account's Bedrock quota for ${model} is exhausted or zero (${aws}). Fix: request a quota increase in Service Quotas for this account and region.`,
    );
  }
  if (isTransient(err)) {
    return fail(
      "transient",
      `${where(
        ctx,
      )}: ${operation} kept failing after retries (${aws}). AWS is throttling or unavailable: re-run later or lower --account-concurrency.`,
    );
  }
  return fail("unexpected", `${where(ctx)}: ${operation} failed (${aws}).`);
}

/** The calls that may create an agreement: a first use whose answer was lost may have done it. */
const FIRST_USE_OPERATIONS: ReadonlySet<AwsOperation> = new Set(["converse", "createAgreement", "createMessage"]);

/**
 * A call the interruption ended: not sent, or sent and not answered. A first use (the first-use role's invocation or
 * agreement) sent and not answered may have created the agreement: its state is unknown until the next run reads it.
 */
function interrupted(err: AwsCallError, ctx: FailureContext, model: string): EnablementFailure {
  const firstUse = err.code === "InterruptedInFlight" && ctx.roleLabel === "first-use role" && FIRST_USE_OPERATIONS.has(err.operation);
  const message = firstUse
    ? `unknown: the first use of ${model} (${err.operation}) was sent and not answered before the run was interrupted, so it may have created the agreement; the next run reads the agreement before invoking`
    : `${where(ctx)}: interrupted ${err.code === "Interrupted" ? "before" : "while"} ${err.operation}${
        err.code === "Interrupted" ? " was sent" : " was in flight"
      }; re-run the command to finish (it continues from the state AWS reports)`;
  return new EnablementFailure("interrupted", firstUse ? `${where(ctx)}: ${message}` : message, err.code);
}
