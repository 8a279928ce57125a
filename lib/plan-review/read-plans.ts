import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parsePlanJson, PlanInputError, type StackPlan } from "./plan-json";

/** `plans/runtime-ci-prod.json` → `runtime-ci-prod`. */
export const stackNameOf = (file: string): string => basename(file).replace(/(\.plan)?\.json$/, "");

/**
 * Reads plan JSON files (`terraform show -json`), one per stack, named `<stack>.json`, from files and
 * directories. Reads every file before failing, and then names every problem.
 */
export function readStackPlans(paths: readonly string[]): StackPlan[] {
  const problems: string[] = [];
  const plans: StackPlan[] = [];
  for (const file of paths.flatMap((path) => expand(path, problems))) {
    try {
      plans.push({ stack: stackNameOf(file), source: file, plan: parsePlanJson(readFileSync(file, "utf8"), file) });
    } catch (err) {
      if (err instanceof PlanInputError) problems.push(...err.problems.map((p) => `${file}: ${p}`));
      else problems.push(`${file}: cannot read it (${(err as Error).message})`);
    }
  }
  const seen = new Map<string, string>();
  for (const plan of plans) {
    const other = seen.get(plan.stack);
    if (other) problems.push(`${plan.source}: stack ${plan.stack} is also in ${other}; expected each stack once`);
    seen.set(plan.stack, plan.source);
  }
  if (problems.length > 0) throw new PlanInputError(paths.join(", "), problems);
  return plans;
}

function expand(path: string, problems: string[]): string[] {
  try {
    if (!statSync(path).isDirectory()) return [path];
  } catch (err) {
    problems.push(`${path}: cannot read it (${(err as Error).message}); expected the directory npm run plan writes, or <stack>.json files`);
    return [];
  }
  const files = readdirSync(path)
    .filter((name) => name.endsWith(".json"))
    .sort();
  if (files.length === 0) problems.push(`${path}: no <stack>.json plan files in it (run npm run plan first)`);
  return files.map((name) => join(path, name));
}
