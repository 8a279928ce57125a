/** How preflight's output names an SCP level and statement. */
import type { LevelRef, StatementRef } from "./scp-decision";

export function describeLevel(level: LevelRef): string {
  return level.kind === "ou" ? `OU ${level.id}` : `${level.kind} ${level.id}`;
}

export function describeStatement(ref: StatementRef): string {
  return `policy ${ref.policyId} (${ref.policyName}) statement ${ref.sid ?? `#${ref.index}`}`;
}
