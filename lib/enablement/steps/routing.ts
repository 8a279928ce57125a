import { regionsOfModelArns } from "../../domain/catalog/lock";
import { accessOf } from "../../domain/catalog/profile-access";
import { EnablementFailure } from "../aws/errors";
import type { RoleSession } from "../aws/port";
import { retrying, type StepContext } from "../context";
import type { AccountTarget, ProfileTarget } from "../targets";

/**
 * Catalog drift, before anything is invoked: the regions AWS routes the profile to today
 * (GetInferenceProfile) must all be granted by the deployed invoke policy, else some requests fail with
 * AccessDenied in the regions AWS added. In-region invocation has no profile; a global profile is granted
 * through the region-less foundation-model ARN, which covers every destination; the Messages API routes nowhere else.
 */
export async function checkRouting(session: RoleSession, account: AccountTarget, profile: ProfileTarget, ctx: StepContext): Promise<void> {
  if (!accessOf(profile.kind).checksRouting) return;
  const { region, invocationId } = profile;
  const arns = await retrying(ctx, `GetInferenceProfile ${invocationId} in ${region}`, () =>
    ctx.aws.getInferenceProfile(session, region, invocationId),
  );
  const missing = regionsOfModelArns(arns).filter((r) => !profile.grantedRegions.includes(r));
  if (missing.length === 0) return;
  throw new EnablementFailure(
    "catalog-drift",
    `account ${account.name} (${account.accountId}), ${region}: ${invocationId} now routes to ${missing.join(", ")}, which the deployed invoke policy does not grant (it grants ${profile.grantedRegions.join(", ")}); requests served there would fail with AccessDenied, so it was not invoked. Fix: bedrock-access catalog refresh, review the lock file's diff, cdktf deploy, then re-run.`,
  );
}
