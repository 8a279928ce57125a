import { readdirSync } from "node:fs";
import { basename } from "node:path";
import { InputError } from "../core/errors";
import { readJsonFiles } from "../core/json-files";
import { NOT_PLAN_JSON, planFromJson, type StackPlan } from "./plan-json";

/** `plans/runtime-ci-prod.json` → `runtime-ci-prod`. */
const stackNameOf = (file: string): string => basename(file).replace(/(\.plan)?\.json$/, "");

const holdsJsonFiles = (directory: string): boolean => readdirSync(directory).some((name) => name.endsWith(".json"));

export interface ReadPlansOptions {
  /** Directories that may hold no plan: their selection file says `plan` planned nothing there. @default none */
  readonly nothingPlannedIn?: (directory: string) => boolean;
}

/**
 * Reads plan JSON files (`terraform show -json`), one per stack, named `<stack>.json`, from files and
 * directories. Reads every file before failing, and then names every problem.
 */
export function readStackPlans(paths: readonly string[], { nothingPlannedIn }: ReadPlansOptions = {}): StackPlan[] {
  const plans: StackPlan[] = [];
  const options = {
    expected: "expected the directory npm run plan writes, or <stack>.json files",
    emptyDirectory: "no <stack>.json plan files in it (run npm run plan first)",
    notJson: NOT_PLAN_JSON,
    pathsFirst: true,
  };
  const read = nothingPlannedIn ? paths.filter((path) => !nothingPlannedIn(path) || holdsJsonFiles(path)) : paths;
  const problems = readJsonFiles(read, options, ({ file, json }, problems) => {
    try {
      plans.push({ stack: stackNameOf(file), source: file, plan: planFromJson(json, file) });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.problems.map((p) => `${file}: ${p}`));
    }
  });
  const seen = new Map<string, string>();
  for (const plan of plans) {
    const other = seen.get(plan.stack);
    if (other) problems.push(`${plan.source}: stack ${plan.stack} is also in ${other}; expected each stack once`);
    seen.set(plan.stack, plan.source);
  }
  if (problems.length > 0) throw new InputError(`${paths.join(", ")}: cannot read the plan`, problems);
  return plans;
}
