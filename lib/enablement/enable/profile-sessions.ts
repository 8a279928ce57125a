import type { RoleSession } from "../aws/port";
import type { StepContext } from "../context";
import type { AgreementScheduler } from "../scheduler/agreements";
import type { FirstUseOptions } from "../steps/first-use";

export interface ProfileOptions extends FirstUseOptions {
  /** `profileKey`s a previous run left unproven: proved here even when already enabled. @default - none */
  readonly proofsDue?: ReadonlySet<string>;
  /** The run's scheduler, which polls every agreement under way. */
  readonly agreements: AgreementScheduler;
  /** The account's step context whose calls go at poll priority: the scheduler's reads of its agreements. */
  readonly pollContext: StepContext;
}

export interface ProfileSessions {
  readonly firstUse: RoleSession;
  /** The runtime role's session, assumed on first use; undefined when the account has no pipeline-assumable runtime role. */
  readonly proof?: () => Promise<RoleSession>;
}
