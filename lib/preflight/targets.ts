import type { ResolvedProfile } from "../domain/catalog/catalog";

/** One profile to check: where it is called from, and every ARN an invocation is authorized against. */
export type PreflightProfileTarget = Pick<
  ResolvedProfile,
  "modelId" | "kind" | "sourceRegion" | "invocationId" | "inferenceProfileArn" | "foundationModelArns" | "mantleProjectArn"
>;

/** One runtime account: the roles the pipeline uses there, and the profiles enable will act on. */
export interface PreflightAccountTarget {
  readonly name: string;
  readonly accountId: string;
  /** Invokes each model first (creating the Marketplace agreement) and reads availability. */
  readonly firstUseRoleArn: string;
  /** The runtime role enable proves invocation with, when the pipeline may assume one. */
  readonly proofRoleArn?: string;
  readonly profiles: readonly PreflightProfileTarget[];
}

/** What preflight checks; the CLI builds it from the config and the stack outputs, as enable's targets are. */
export interface PreflightTargets {
  /** SCPs do not affect the management account. */
  readonly managementAccountId: string;
  /** Who runs enable (managementAccount.pipelinePrincipals): their account's SCPs apply to their sts:AssumeRole calls. */
  readonly pipelinePrincipals: readonly string[];
  /** The Region of the pipeline's STS client: aws:RequestedRegion of its AssumeRole calls. */
  readonly stsRegion: string;
  readonly accounts: readonly PreflightAccountTarget[];
}
