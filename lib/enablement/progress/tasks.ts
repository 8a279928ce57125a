import { profileLabel } from "../report/profile-label";
import type { AccountTarget, ProfileTarget } from "../targets";

/** How progress names an account (a group of tasks) and a profile (one task) of it. */
export const accountGroup = (account: AccountTarget): string => `${account.name} (${account.accountId})`;
export const profileTask = (profile: ProfileTarget): string => `${profile.region} ${profileLabel(profile)}`;
