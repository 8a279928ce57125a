import type { RegionOptStatus } from "../../domain/opt-in-regions";

/**
 * The only way preflight talks to AWS. Organizations and Account Management are read with the caller's own
 * credentials (the pipeline: the management account or a delegated administrator); Bedrock as the roles the
 * pipeline assumes. Every call here only reads. `SdkPreflightAws` (sdk-adapter.ts) implements the first two;
 * the CLI passes in `RoleAccess`, built on the enablement's AWS adapter.
 */

export interface OrganizationRoot {
  readonly id: string;
  /** The SERVICE_CONTROL_POLICY type is ENABLED on the root (ListRoots `PolicyTypes`): only then do SCPs apply. */
  readonly scpsEnabled: boolean;
}

export interface OrganizationParent {
  readonly id: string;
  readonly type: "ROOT" | "ORGANIZATIONAL_UNIT";
}

export interface PolicySummary {
  readonly id: string;
  readonly name: string;
}

export interface PolicyContent extends PolicySummary {
  /** The policy document as AWS stores it: JSON text. */
  readonly content: string;
}

/** AWS Organizations, read-only. */
export interface OrganizationsReader {
  /** ListRoots: the Organization's root. Throws `PreflightCallError` AWSOrganizationsNotInUseException outside an Organization. */
  root(): Promise<OrganizationRoot>;
  /** ListParents: the OU or root an account or OU sits in. */
  parentOf(childId: string): Promise<OrganizationParent>;
  /** ListPoliciesForTarget with Filter SERVICE_CONTROL_POLICY, every page: the SCPs attached directly to a root, OU or account. */
  scpsAttachedTo(targetId: string): Promise<readonly PolicySummary[]>;
  /** DescribePolicy. */
  policy(policyId: string): Promise<PolicyContent>;
}

/** AWS Account Management, read-only. */
export interface RegionOptIn {
  /**
   * GetRegionOptStatus of `region` in `accountId`; undefined: the caller's own account (the management account must
   * leave AccountId out: it "can't specify its own AccountId", API_GetRegionOptStatus).
   */
  regionOptStatus(accountId: string | undefined, region: string): Promise<RegionOptStatus>;
}

export interface PreflightAws extends OrganizationsReader, RegionOptIn {}

/** A role the pipeline assumed, as preflight uses it. */
export interface AssumedRole {
  /** ListFoundationModels with byProvider=Anthropic in `region`: the model ids Bedrock offers there. */
  anthropicModelIds(region: string): Promise<readonly string[]>;
  /** GetUseCaseForModelAccess in `region`: whether the account has a form in effect there (false on ResourceNotFound). */
  useCaseFormSubmitted(region: string): Promise<boolean>;
}

/** sts:AssumeRole with the pipeline's credentials. */
export interface RoleAccess {
  assume(roleArn: string): Promise<AssumedRole>;
}

/** A failed call: the service's error code (AccessDeniedException, AWSOrganizationsNotInUseException, ...) and message. */
export class PreflightCallError extends Error {
  constructor(
    readonly operation: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PreflightCallError";
  }
}
