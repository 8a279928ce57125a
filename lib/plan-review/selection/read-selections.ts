import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { PLAN_SELECTION_FILE, planSelectionSchema, type PlanSelection } from "../../contracts/plan-selection";
import { InputError } from "../../core/errors";
import { readJsonFile } from "../../core/json-files";
import { describeIssue } from "../../core/validation";

/** One plans directory's selection file, as `plan` wrote it. */
export interface SelectionFile {
  /** The file, for messages. */
  readonly file: string;
  /** The plans directory holding it, resolved: a plan read from it has `dirname(resolve(source))` equal to it. */
  readonly directory: string;
  readonly selection: PlanSelection;
}

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // readStackPlans names the path it cannot read
  }
};

/**
 * The selection file of every directory among `paths` (plan files given directly have none). Either every
 * directory has one or none does: a directory without one could be any run's, and the summary could not say
 * what it leaves out. Reads them all before failing, and then names every problem.
 */
export function readPlanSelections(paths: readonly string[]): SelectionFile[] {
  const found: SelectionFile[] = [];
  const without: string[] = [];
  const problems: string[] = [];
  for (const path of paths.filter(isDirectory)) {
    const file = join(path, PLAN_SELECTION_FILE);
    if (!existsSync(file)) {
      without.push(path);
      continue;
    }
    const read = readJsonFile(
      file,
      (parserMessage) => `not JSON (${parserMessage}); expected the ${PLAN_SELECTION_FILE} npm run plan writes`,
      problems,
    );
    if (!read) continue;
    const { json } = read;
    const parsed = planSelectionSchema.safeParse(json);
    if (parsed.success) found.push({ file, directory: resolve(path), selection: parsed.data });
    else for (const issue of parsed.error.issues) problems.push(describeIssue(issue, json, `${file}: `));
  }
  if (found.length > 0 || problems.length > 0)
    for (const path of without)
      problems.push(`${path}: no ${PLAN_SELECTION_FILE}, unlike the other plans directories; expected the directories of one plan run`);
  if (problems.length > 0) throw new InputError(`${paths.join(", ")}: cannot read what plan selected`, problems);
  return found;
}
