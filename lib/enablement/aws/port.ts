import type { AgreementStatus } from "../../domain/agreement";

/**
 * The only way enablement talks to AWS. The step logic depends on this interface, never on SDK clients:
 * `SdkEnablementAws` (sdk-adapter.ts) implements it, and tests drive that implementation with mocked clients.
 */

/** An assumed role. Its credentials stay inside the implementation: nothing here is secret. */
export interface RoleSession {
  readonly roleArn: string;
  readonly sessionName: string;
  /** The session's access key id, masked (ASIA…WXYZ): safe to log. */
  readonly maskedAccessKeyId: string;
  readonly expiration?: Date;
}

/** What GetFoundationModelAvailability says about one base model in one region, for the caller's account. */
export interface ModelAvailability {
  readonly modelId: string;
  readonly agreement: AgreementStatus;
  /** Why the agreement is in ERROR, when AWS says. */
  readonly agreementMessage?: string;
  readonly authorized: boolean;
  readonly entitled: boolean;
  readonly regionAvailable: boolean;
}

export interface ConverseRequest {
  /** Inference profile id, the base model id for in-region invocation, or bedrock-mantle's id for the Messages API. */
  readonly modelId: string;
  readonly prompt: string;
  readonly maxTokens: number;
}

export interface ConverseReply {
  readonly text: string;
  /** As reported by Bedrock, when it does. */
  readonly latencyMs?: number;
}

export interface AgreementOffer {
  readonly offerId?: string;
  readonly offerToken: string;
}

export interface EnablementAws {
  /** STS AssumeRole with the caller's default credentials. */
  assumeRole(roleArn: string, sessionName: string): Promise<RoleSession>;
  /** The submitted use-case form as stored by AWS, or undefined when none was ever submitted. */
  getUseCase(session: RoleSession, region: string): Promise<Uint8Array | undefined>;
  /** `formData` is the form's JSON bytes; the SDK base64-encodes them on the wire. */
  putUseCase(session: RoleSession, region: string, formData: Uint8Array): Promise<void>;
  getAvailability(session: RoleSession, region: string, modelId: string): Promise<ModelAvailability>;
  converse(session: RoleSession, region: string, request: ConverseRequest): Promise<ConverseReply>;
  /** ConverseStream, read to the end: needs bedrock:InvokeModelWithResponseStream, which streaming clients use. */
  converseStream(session: RoleSession, region: string, request: ConverseRequest): Promise<ConverseReply>;
  /** One Anthropic Messages API request on bedrock-mantle (`modelId` is bedrock-mantle's id): needs bedrock-mantle:CreateInference. */
  createMessage(session: RoleSession, region: string, request: ConverseRequest): Promise<ConverseReply>;
  listAgreementOffers(session: RoleSession, region: string, modelId: string): Promise<AgreementOffer[]>;
  createAgreement(session: RoleSession, region: string, modelId: string, offerToken: string): Promise<void>;
  /** The foundation-model ARNs a system-defined inference profile routes to today (GetInferenceProfile `models[].modelArn`). */
  getInferenceProfile(session: RoleSession, region: string, profileId: string): Promise<readonly string[]>;
  /** The ids of the models Bedrock offers in `region` from `provider` (ListFoundationModels `byProvider`): preflight's check. */
  listFoundationModels(session: RoleSession, region: string, provider: string): Promise<readonly string[]>;
}

export type AwsOperation = keyof EnablementAws;

/** A failed AWS call, reduced to what the step logic needs to classify it. */
export class AwsCallError extends Error {
  constructor(
    readonly operation: AwsOperation,
    /** The service's error code (AccessDeniedException, AccessDenied, ThrottlingException, ...) or the client error's name. */
    readonly code: string,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = "AwsCallError";
  }
}
