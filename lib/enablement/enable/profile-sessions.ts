import type { RoleSession } from "../aws/port";
import type { FirstUseOptions } from "../steps/first-use";

export interface ProfileOptions extends FirstUseOptions {
  /** `profileKey`s a previous run left unproven: proved here even when already enabled. @default - none */
  readonly proofsDue?: ReadonlySet<string>;
}

export interface ProfileSessions {
  readonly firstUse: RoleSession;
  /** The runtime role's session, assumed on first use; undefined when the account has no pipeline-assumable runtime role. */
  readonly proof?: () => Promise<RoleSession>;
}
