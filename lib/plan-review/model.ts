import type { Finding } from "./findings";
import type { PolicyDiff } from "./policy-diff";

/** What the summary says about a set of plans: the renderers' only input. */
export type ChangeAction = "create" | "update" | "delete" | "replace" | "forget";

/** A non-policy attribute an update changes; scalar values are shown, others only named. */
export interface AttributeChange {
  readonly name: string;
  readonly before?: string;
  readonly after?: string;
}

export interface ResourceSummary {
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** The IAM name (role, policy) when the resource has one. */
  readonly iamName?: string;
  /** Which roles it concerns: `attaches bedrock-invoke to role bedrock-runtime`, `inline policy of role …`, `attached to roles …`. */
  readonly relation?: string;
  readonly policies: readonly PolicyDiff[];
  readonly attributes: readonly AttributeChange[];
  readonly findings: readonly Finding[];
}

export interface Counts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

export interface StackSummary {
  readonly stack: string;
  /** From the provider's `allowed_account_ids`. */
  readonly accountId?: string;
  readonly counts: Counts;
  readonly resources: readonly ResourceSummary[];
  readonly findings: readonly Finding[];
  /** Terraform reported the plan as errored (incomplete). */
  readonly errored: boolean;
  /**
   * Not planned: reviewed from the stack's synthesized configuration, every resource a create (a new account, whose
   * plan-reader role the deploy from main creates; `bedrock_access` in the plan file). `reason` says why.
   */
  readonly synthesized?: { readonly reason: string };
  /** Only the base synthesis has the stack: its plan is a destroy plan. */
  readonly removed?: boolean;
}

/** How the renderers mark a stack reviewed from its synthesized configuration. */
export const SYNTHESIZED_NOTE = "new account: reviewed from its synthesized configuration, not planned against AWS";

/** What `plan` chose to plan, merged over the plans directories' selection files (one per shard). */
export interface PlanSelectionSummary {
  /** The base synthesis the head was compared with; absent when every stack was planned. */
  readonly base?: string;
  /** Changed or new since the base (every stack without a base). */
  readonly planned: readonly string[];
  /** Only in the base: each has a destroy plan. */
  readonly removed: readonly string[];
  /** The same in base and head: not planned. */
  readonly unchanged: readonly string[];
  /** A drift run (`plan --detect-drift`): the stacks whose plan has changes. */
  readonly drifted?: readonly string[];
  /** Shards (`i/n`) whose plans directory was not given: their stacks are not reviewed. */
  readonly missingShards: readonly string[];
  /** Stacks a selection planned that have no plan file (their plan failed): not reviewed. */
  readonly missingPlans: readonly string[];
}

/** How the renderers mark a removed stack's plan. */
export const REMOVED_NOTE = "removed: only in the base, a destroy plan";

export interface PlanSummary {
  readonly stacks: readonly StackSummary[];
  readonly totals: Counts;
  readonly findings: readonly Finding[];
  /** Absent for plans directories without a selection file (written before `plan` wrote one). */
  readonly selection?: PlanSelectionSummary;
}

export interface SummaryOptions {
  /** The one role allowed to hold Marketplace permissions: `<iam.namePrefix>first-use`. */
  readonly firstUseRoleName: string;
  /**
   * The configured accounts (management + runtime): a trust to a principal in any other account is a finding.
   * @default - not checked (no config)
   */
  readonly organizationAccounts?: readonly string[];
  /** Principals outside those accounts the config allows on purpose (`externalPrincipals`). @default [] */
  readonly externalPrincipals?: readonly string[];
  /** Principals the first-use role may trust (the pipeline principals). @default - any principal in the configured accounts */
  readonly firstUseTrustedPrincipals?: readonly string[];
}
