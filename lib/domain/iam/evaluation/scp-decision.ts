/**
 * What `evaluateScps` is asked and what it answers, typed so a caller can say which policy, statement and level
 * decided: "policy p-123 (DenyOutsideEU) statement DenyRegions denies bedrock:InvokeModel on arn:… at OU ou-abc".
 */
import type { RequestContextInput } from "./request-context";
import type { ScpDocument } from "./scp-document";

export interface ScpRequest {
  /** `service:Action`, no wildcards, e.g. `bedrock:InvokeModel`. */
  readonly action: string;
  /** The resource ARN, or `*` for actions without resource-level permissions. */
  readonly resource: string;
  /** The account of the calling principal; the chain's account level must be this account. */
  readonly principalAccount: string;
  /** Condition keys (`aws:RequestedRegion`, `aws:PrincipalArn`, …); `undefined` or left out: not in the request. */
  readonly context: RequestContextInput;
}

export interface ScpPolicy {
  /** `p-…`, or `p-FullAWSAccess`. */
  readonly id: string;
  readonly name: string;
  readonly document: ScpDocument;
}

export interface ScpLevel {
  /** `r-…` for the root, `ou-…` for an OU, the 12-digit id for the account. */
  readonly id: string;
  /** The SCPs attached directly to this root, OU or account. */
  readonly policies: readonly ScpPolicy[];
}

export interface ScpChain {
  readonly root: ScpLevel;
  /** From the one under the root down to the account's parent; empty when the account sits in the root. */
  readonly ous: readonly ScpLevel[];
  readonly account: ScpLevel;
  /** The account is the organization's management account, which SCPs do not affect. */
  readonly isManagementAccount: boolean;
}

export type LevelKind = "root" | "ou" | "account";

export interface LevelRef {
  readonly kind: LevelKind;
  readonly id: string;
}

export interface StatementRef {
  readonly level: LevelRef;
  readonly policyId: string;
  readonly policyName: string;
  /** The statement's Sid, when it has one. */
  readonly sid?: string;
  /** The statement's position in the policy's Statement list. */
  readonly index: number;
}

export type NonEmpty<T> = readonly [T, ...T[]];

export type ScpDecision =
  /** SCPs do not apply to the management account. */
  | { readonly outcome: "allowed"; readonly reason: "management-account" }
  /** Every level has an Allow that covers the request, and no Deny does; `allowedBy` has one per level, root first. */
  | { readonly outcome: "allowed"; readonly reason: "allowed-at-every-level"; readonly allowedBy: NonEmpty<StatementRef> }
  /** Deny statements that cover the request, root first; the first decides. */
  | { readonly outcome: "denied"; readonly reason: "explicit-deny"; readonly deniedBy: NonEmpty<StatementRef> }
  /** No explicit Deny, but these levels (root first) have no Allow that covers the request. */
  | { readonly outcome: "denied"; readonly reason: "no-allow-at-level"; readonly levelsWithoutAllow: NonEmpty<LevelRef> };
