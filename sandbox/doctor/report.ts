import type { Check } from "./checks";
import { TARGET_COMMANDS, type Target } from "./requirements";

/** A check `target` cannot run without, that failed. */
const blocks = (check: Check, target: Target): boolean => !check.ok && !check.advisory && check.neededBy.includes(target);

/** A failed check `target` runs despite: worth a warning. */
const warns = (check: Check, target: Target): boolean => !check.ok && check.advisory === true && check.neededBy.includes(target);

/** Whether everything `target` needs is there. */
export const ready = (checks: readonly Check[], target: Target): boolean => !checks.some((c) => blocks(c, target));

/**
 * One line per check: `ok`, `FAIL` (the target needs it), `warn` (the target runs, untested) or `note` (only other
 * commands need it), what was found, and for a failure what to install or run, and which commands need it.
 */
export function checkLine(check: Check, target: Target): string {
  const status = check.ok ? "ok  " : blocks(check, target) ? "FAIL" : warns(check, target) ? "warn" : "note";
  const fix = check.ok || !check.fix ? "" : ` → ${check.fix}`;
  const neededBy = check.ok || check.advisory ? "" : ` (needed by ${check.neededBy.map((t) => TARGET_COMMANDS[t]).join(", ")})`;
  return `${status} ${check.name} ${check.found}${fix}${neededBy}`;
}

export function renderTable(checks: readonly Check[], target: Target): string {
  const warned = checks.some((c) => warns(c, target)) ? "; the warn lines say what is not tested" : "";
  const verdict = ready(checks, target)
    ? `${TARGET_COMMANDS[target]} has what it needs${warned}`
    : `${TARGET_COMMANDS[target]} needs what the FAIL lines say`;
  return `${checks.map((c) => checkLine(c, target)).join("\n")}\n${verdict}\n`;
}

/** For the start of a command: one line when all is well (and a line per warning), else the lines of what it lacks. */
export function renderCompact(checks: readonly Check[], target: Target): string[] {
  const failing = checks.filter((c) => blocks(c, target) || warns(c, target));
  if (!ready(checks, target)) return [...failing.map((c) => checkLine(c, target)), "(npm run doctor checks them all)"];
  const needed = checks.filter((c) => c.neededBy.includes(target) && !warns(c, target));
  return [
    `prerequisites ok (npm run doctor shows details): ${needed.map((c) => (c.version ? `${c.name} ${c.version}` : c.name)).join(", ")}`,
    ...failing.map((c) => checkLine(c, target)),
  ];
}

export function renderJson(checks: readonly Check[], target: Target): string {
  return `${JSON.stringify({ target: TARGET_COMMANDS[target], ready: ready(checks, target), checks }, null, 2)}\n`;
}
