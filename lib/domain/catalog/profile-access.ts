import type { ProfileKind } from "./catalog";

/** The endpoint a profile is called on. */
type Endpoint = "bedrock-runtime" | "bedrock-mantle";
/** How it is called: Converse/InvokeModel on bedrock-runtime, or the Anthropic Messages API on bedrock-mantle. */
export type Protocol = "converse" | "messages-api";

/** How a profile kind is reached, and what follows from it for IAM, enable, status and preflight. */
export interface ProfileAccess {
  readonly endpoint: Endpoint;
  readonly protocol: Protocol;
  /**
   * Bedrock's control plane is known to know it: ListFoundationModels lists its id and GetFoundationModelAvailability
   * reads its Marketplace agreement. AWS documents neither for bedrock-mantle (docs/models.md §2b): only a call tells.
   */
  readonly onControlPlane: boolean;
  /**
   * First use is known to need the Marketplace agreement. AWS does not say whether bedrock-mantle creates one
   * (docs/models.md §4, question 5), so a Marketplace denial there may not matter.
   */
  readonly needsAgreement: boolean;
  /**
   * GetInferenceProfile names where it routes, and the invoke policy grants each destination: enable and status check
   * that AWS routes nowhere else. Not for in-region invocation (no profile), global profiles (the region-less ARN covers
   * every destination) or the Messages API.
   */
  readonly checksRouting: boolean;
  /** A config that names no profiles for a model gets this kind: the geography profiles. */
  readonly byDefault: boolean;
  /** How tables, logs and progress name a profile: what CI calls, the Messages API marked as such. */
  readonly label: (invocationId: string) => string;
}

const CONVERSE = {
  endpoint: "bedrock-runtime",
  protocol: "converse",
  onControlPlane: true,
  needsAgreement: true,
  label: (invocationId: string) => invocationId,
} as const;
const GEOGRAPHY_PROFILE: ProfileAccess = { ...CONVERSE, checksRouting: true, byDefault: true };
const GLOBAL_PROFILE: ProfileAccess = { ...CONVERSE, checksRouting: false, byDefault: true };
const IN_REGION: ProfileAccess = { ...CONVERSE, checksRouting: false, byDefault: false };
const MESSAGES_API: ProfileAccess = {
  endpoint: "bedrock-mantle",
  protocol: "messages-api",
  onControlPlane: false,
  needsAgreement: false,
  checksRouting: false,
  byDefault: false,
  label: (invocationId) => `${invocationId} (Messages API)`,
};

/** How a profile of `kind` is reached: what callers ask instead of testing the kind. */
export function accessOf(kind: ProfileKind): ProfileAccess {
  if (kind === "messages") return MESSAGES_API;
  if (kind === "in-region") return IN_REGION;
  return kind === "global" ? GLOBAL_PROFILE : GEOGRAPHY_PROFILE;
}
