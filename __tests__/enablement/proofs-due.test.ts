import type { ProfileReport, Report } from "../../lib/contracts/report";
import { NO_PROOF_ROLE_NOTE } from "../../lib/enablement/enable/proof-notes";
import { profileKey, proofsDue } from "../../lib/enablement/enable/proofs-due";
import { CI_ID, firstUseRole, runtimeRole, SONNET } from "../helpers/fixtures";

const profile = (invocationId: string, status: ProfileReport["status"], proof: ProfileReport["proof"]): ProfileReport => ({
  region: "us-east-1",
  modelId: SONNET,
  kind: "us",
  invocationId,
  status,
  action: "none",
  agreement: "AVAILABLE",
  proof,
});

function report(profiles: ProfileReport[], overrides: Partial<Report> = {}): Report {
  return {
    version: 1,
    command: "enable",
    dryRun: false,
    strategy: "invoke",
    runId: "r",
    startedAt: "2026-11-27T00:00:00.000Z",
    finishedAt: "2026-11-27T00:00:01.000Z",
    useCase: { accountId: "111111111111", roleArn: "r", region: "us-east-1", status: "unchanged", differences: [] },
    accounts: [{ name: "ci", accountId: CI_ID, firstUseRoleArn: firstUseRole(CI_ID), profiles }],
    summary: { accounts: 1, profiles: profiles.length, byStatus: {} as Report["summary"]["byStatus"] },
    exitCode: 1,
    ...overrides,
  };
}

describe("the profiles a previous run left unproven", () => {
  const previous = report([
    profile("proved", "enabled", { status: "passed", roleArn: runtimeRole(CI_ID) }),
    profile("was-enabled-before", "already-enabled", { status: "skipped", note: "already enabled" }),
    profile("no-role", "enabled", { status: "skipped", note: NO_PROOF_ROLE_NOTE }),
    profile("stopped-before-proof", "enabled", {
      status: "skipped",
      note: "interrupted before the runtime-role proof; re-run to prove it",
    }),
    profile("pending", "pending", { status: "skipped", note: "not enabled" }),
    profile("proof-failed", "failed", { status: "failed", roleArn: runtimeRole(CI_ID) }),
  ]);

  it("are those stopped before the proof, pending, or failed; not the proved, the already enabled, or those without a role", () => {
    expect([...proofsDue(previous)].sort()).toEqual(
      ["pending", "proof-failed", "stopped-before-proof"].map((id) => profileKey(CI_ID, "us-east-1", id)).sort(),
    );
  });

  it("are none after a dry run or a status run, which prove nothing", () => {
    expect(proofsDue({ ...previous, dryRun: true }).size).toBe(0);
    expect(proofsDue({ ...previous, command: "status" }).size).toBe(0);
  });
});
