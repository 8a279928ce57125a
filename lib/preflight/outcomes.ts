import type {
  CheckOutcome,
  Finding,
  PreflightCheck,
  PreflightProfile,
  PreflightResult,
  ProfileChecks,
} from "../contracts/preflight-report";
import { accessOf } from "../domain/catalog/profile-access";
import type { PreflightAccountTarget, PreflightProfileTarget } from "./targets";

type ProfileKey = Pick<PreflightProfile, "accountId" | "region" | "invocationId" | "modelId">;

/** Whether a finding concerns a profile: same account, and the same Region, profile and model where it names them. */
export function findingApplies(finding: Finding, profile: ProfileKey): boolean {
  return (
    finding.accountId === profile.accountId &&
    (finding.region === undefined || finding.region === profile.region) &&
    (finding.invocationId === undefined || finding.invocationId === profile.invocationId) &&
    (finding.check !== "model-offered" || finding.resource === undefined || finding.resource === profile.modelId)
  );
}

/** What was not checked for an account, and why: SCPs not enabled is "passed" (nothing can deny), not skipped. */
export type Skipped = ReadonlySet<PreflightCheck>;

function outcome(check: PreflightCheck, findings: readonly Finding[], skipped: Skipped): CheckOutcome {
  const mine = findings.filter((f) => f.check === check);
  if (mine.some((f) => f.severity === "blocking")) return "blocked";
  if (mine.length > 0) return "warning";
  return skipped.has(check) ? "skipped" : "passed";
}

export function profileRow(
  account: PreflightAccountTarget,
  profile: PreflightProfileTarget,
  findings: readonly Finding[],
  skipped: Skipped,
): PreflightProfile {
  const key = { accountId: account.accountId, region: profile.sourceRegion, invocationId: profile.invocationId, modelId: profile.modelId };
  const mine = findings.filter((f) => findingApplies(f, key));
  const checks: ProfileChecks = {
    scp: outcome("scp", mine, skipped),
    optInRegion: outcome("opt-in-region", mine, skipped),
    // Not asked for the Messages API: AWS does not say whether ListFoundationModels lists bedrock-mantle's ids.
    modelOffered: accessOf(profile.kind).onControlPlane ? outcome("model-offered", mine, skipped) : "skipped",
    assumeRole: outcome("assume-role", mine, skipped),
  };
  return {
    accountName: account.name,
    accountId: account.accountId,
    region: profile.sourceRegion,
    modelId: profile.modelId,
    kind: profile.kind,
    invocationId: profile.invocationId,
    checks,
  };
}

function isBlocked(row: PreflightProfile): boolean {
  return Object.values(row.checks).includes("blocked");
}

export function summarize(rows: readonly PreflightProfile[], findings: readonly Finding[]): PreflightResult["summary"] {
  return {
    accounts: new Set(rows.map((r) => r.accountId)).size,
    profiles: rows.length,
    blockedProfiles: rows.filter(isBlocked).length,
    blocking: findings.filter((f) => f.severity === "blocking").length,
    warnings: findings.filter((f) => f.severity === "warning").length,
  };
}
