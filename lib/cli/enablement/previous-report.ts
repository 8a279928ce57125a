import { existsSync, readFileSync } from "node:fs";
import { reportSchema, type Report } from "../../contracts/report";
import { errorMessage, InputError } from "../../core/errors";
import type { Logger } from "../../core/logger";
import { describeIssue } from "../../core/validation";

/**
 * The report of an earlier enable run: `--previous-report` when given (it must be a valid report), else
 * the file at `--report` before this run replaces it (read when it is a valid report, ignored with a
 * warning when not). It records which profiles still need their runtime-role proof.
 */
export function readPreviousReport(
  explicit: string | undefined,
  reportFile: string | undefined,
  log: Logger,
): { path: string; report: Report } | undefined {
  const path = explicit ?? reportFile;
  if (!path || (!explicit && !existsSync(path))) return undefined;
  let problem: string;
  try {
    const input: unknown = JSON.parse(readFileSync(path, "utf8"));
    const parsed = reportSchema.safeParse(input);
    if (parsed.success) return { path, report: parsed.data };
    problem = parsed.error.issues
      .slice(0, 3)
      .map((issue) => describeIssue(issue, input))
      .join("; ");
  } catch (err) {
    problem = errorMessage(err);
  }
  if (explicit) throw new InputError("invalid flags", [`--previous-report: ${path} is not an enable report (${problem})`]);
  log.warn(`${path}: not read as the previous report (${problem}); profiles it may have left unproven are not re-proved`);
  return undefined;
}
