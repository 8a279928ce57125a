import { resolve } from "node:path";
import type { PlanSelectionSummary } from "../model";
import type { StackPlan } from "../plan-json";
import { readStackPlans } from "../read-plans";
import { checkSelections, mergeSelections } from "./merge-selections";
import { readPlanSelections } from "./read-selections";

export interface PlanRun {
  readonly plans: readonly StackPlan[];
  /** Absent when the directories have no selection file (plans written before `plan` wrote one). */
  readonly selection?: PlanSelectionSummary;
}

/** The plans of one `plan` run (its shards' directories, or plan files) and, merged, what it selected. */
export function readPlanRun(paths: readonly string[]): PlanRun {
  const files = readPlanSelections(paths);
  checkSelections(files);
  const nothingPlanned = new Set(
    files.filter(({ selection }) => selection.planned.length + selection.removed.length === 0).map((f) => f.directory),
  );
  const plans = readStackPlans(paths, { nothingPlannedIn: (path) => nothingPlanned.has(resolve(path)) });
  const selection = mergeSelections(files, plans);
  return { plans, ...(selection && { selection }) };
}
