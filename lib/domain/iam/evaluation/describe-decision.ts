/** An SCP decision as one sentence, for a person reading preflight's output. */
import type { LevelRef, ScpDecision, ScpRequest, StatementRef } from "./scp-decision";

export function describeLevel(level: LevelRef): string {
  return level.kind === "ou" ? `OU ${level.id}` : `${level.kind} ${level.id}`;
}

export function describeStatement(ref: StatementRef): string {
  return `policy ${ref.policyId} (${ref.policyName}) statement ${ref.sid ?? `#${ref.index}`}`;
}

/** e.g. "policy p-123 (DenyOutsideEU) statement DenyRegions denies bedrock:InvokeModel on arn:… at OU ou-abc". */
export function describeScpDecision(request: ScpRequest, decision: ScpDecision): string {
  const what = `${request.action} on ${request.resource}`;
  switch (decision.reason) {
    case "management-account":
      return `SCPs allow ${what}: account ${request.principalAccount} is the management account, which SCPs do not affect`;
    case "allowed-at-every-level":
      return `SCPs allow ${what}: ${decision.allowedBy.map((ref) => `${describeStatement(ref)} at ${describeLevel(ref.level)}`).join(", ")}`;
    case "explicit-deny": {
      const [first] = decision.deniedBy;
      return `${describeStatement(first)} denies ${what} at ${describeLevel(first.level)}`;
    }
    case "no-allow-at-level":
      return `no SCP at ${decision.levelsWithoutAllow.map(describeLevel).join(", ")} allows ${what} (implicit deny)`;
  }
}
