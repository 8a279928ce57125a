import type { StepContext } from "../context";
import type { AgreementScheduler } from "../scheduler/agreements";
import type { ProfileSessions } from "../steps/enter-account";
import type { EnableOptions } from "../options";
import type { AccountTarget } from "../targets";

/** The options a profile is enabled with. */
export type ProfileOptions = Pick<EnableOptions, "strategy" | "forceInvoke" | "dryRun" | "waitTimeoutMs" | "pollIntervalMs" | "proofsDue">;

/** One account's part of an enable run: what its profiles share while they are enabled at once. */
export interface AccountRun {
  readonly account: AccountTarget;
  readonly options: ProfileOptions;
  readonly sessions: ProfileSessions;
  /** The run's scheduler, which polls every agreement under way. */
  readonly agreements: AgreementScheduler;
  /** The account's step context whose calls go at poll priority: the scheduler's reads of its agreements. */
  readonly pollContext: StepContext;
  /** This run submitted a use-case form the account's first uses need: "form missing" is then propagation, worth waiting for. */
  readonly formJustSubmitted: boolean;
  /**
   * `region|modelId` of the agreements this run found missing or under way, or started, in the account: a sibling
   * profile that then sees AVAILABLE was enabled by this run too, and gets its proof.
   */
  readonly underWay: Set<string>;
}

/** The key of `underWay`: one agreement of the account, for a base model in a region. */
export const underWayKey = (profile: { readonly region: string; readonly modelId: string }): string =>
  `${profile.region}|${profile.modelId}`;
