import { profileLabel } from "../report/profile-label";
import type { AccountTarget, ProfileTarget } from "../targets";
import type { ProgressEvents } from "./events";

/** How progress names an account (a group of tasks) and a profile (one task) of it. */
export const accountGroup = (account: AccountTarget): string => `${account.name} (${account.accountId})`;
export const profileTask = (profile: ProfileTarget): string => `${profile.region} ${profileLabel(profile)}`;

/** Reports one profile's progress: `update("running", "checking availability")`. */
export function profileProgress(account: AccountTarget, profile: ProfileTarget, progress: ProgressEvents) {
  return (state: "running" | "done" | "skipped" | "failed", detail: string): void =>
    progress.task({ group: accountGroup(account), task: profileTask(profile), state, detail });
}
