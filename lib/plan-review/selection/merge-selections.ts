import { dirname, resolve } from "node:path";
import { InputError } from "../../core/errors";
import type { PlanSelectionSummary } from "../model";
import type { StackPlan } from "../plan-json";
import type { SelectionFile } from "./read-selections";

const shardOf = ({ selection }: SelectionFile) => selection.shard ?? { index: 1, count: 1 };
const named = (files: readonly SelectionFile[]) => files.map((f) => f.file).join(", ");
const sorted = (names: Iterable<string>) => [...names].sort((a, b) => a.localeCompare(b));

/** What the files disagree on: the base, the shard count, a shard given twice, a drift run mixed with a plan. */
function runProblems(files: readonly SelectionFile[]): string[] {
  const problems: string[] = [];
  const bases = new Set(files.map((f) => f.selection.base ?? "(none: every stack planned)"));
  if (bases.size > 1)
    problems.push(
      `different bases: ${files.map((f) => `${f.file} has ${f.selection.base ?? "none"}`).join(", ")}; expected one plan run's shards`,
    );
  const counts = new Set(files.map((f) => shardOf(f).count));
  if (counts.size > 1)
    problems.push(`shard counts disagree: ${files.map((f) => `${f.file} is shard ${shardOf(f).index}/${shardOf(f).count}`).join(", ")}`);
  for (const f of files)
    if (shardOf(f).index > shardOf(f).count) problems.push(`${f.file}: shard ${shardOf(f).index}/${shardOf(f).count} does not exist`);
  for (const index of new Set(files.map((f) => shardOf(f).index))) {
    const same = files.filter((f) => shardOf(f).index === index);
    if (same.length > 1) problems.push(`shard ${index} is given twice: ${named(same)}`);
  }
  const drift = files.filter((f) => f.selection.drifted !== undefined);
  if (drift.length > 0 && drift.length < files.length)
    problems.push(`${named(drift)} from a drift run (--detect-drift), ${named(files.filter((f) => !drift.includes(f)))} not`);
  return problems;
}

/** Each stack belongs to one shard and one list: planned (or removed) in one file, never also unchanged. */
function claimProblems(files: readonly SelectionFile[]): string[] {
  const problems: string[] = [];
  const plannedIn = new Map<string, string>();
  for (const { file, selection } of files) {
    for (const stack of [...selection.planned, ...selection.removed]) {
      const other = plannedIn.get(stack);
      if (other !== undefined) problems.push(`${file}: stack ${stack} is also planned in ${other}; expected each stack in one shard`);
      plannedIn.set(stack, file);
    }
    for (const stack of selection.drifted ?? [])
      if (!selection.planned.includes(stack)) problems.push(`${file}: drifted stack ${stack} is not among its planned stacks`);
  }
  for (const { file, selection } of files)
    for (const stack of selection.unchanged) {
      const planned = plannedIn.get(stack);
      if (planned !== undefined) problems.push(`${file}: stack ${stack} is unchanged, but ${planned} planned it`);
    }
  return problems;
}

/** The selection files' disagreements (a shard's, the base, a stack claimed twice): bad input, named by file. */
export function checkSelections(files: readonly SelectionFile[]): void {
  const problems = [...runProblems(files), ...claimProblems(files)];
  if (problems.length > 0) throw new InputError(`${named(files)}: the plans directories are not one plan run's shards`, problems);
}

/**
 * Merges the selection files of a plan run's shards (checkSelections passed) into what the summary says about the
 * run, checking them against the plans read from their directories: a plan the selection does not list is bad input;
 * a shard or a plan that is missing is reported (the review would otherwise look whole), not refused. Undefined
 * without selection files.
 */
export function mergeSelections(files: readonly SelectionFile[], plans: readonly StackPlan[]): PlanSelectionSummary | undefined {
  const [first] = files;
  if (first === undefined) return undefined;
  const problems: string[] = [];
  const planFiles = new Map<string, Set<string>>();
  for (const plan of plans) {
    const directory = dirname(resolve(plan.source));
    planFiles.set(directory, (planFiles.get(directory) ?? new Set()).add(plan.stack));
  }
  const missingPlans: string[] = [];
  for (const { file, directory, selection } of files) {
    const selected = new Set([...selection.planned, ...selection.removed]);
    const present = planFiles.get(directory) ?? new Set<string>();
    for (const stack of present)
      if (!selected.has(stack))
        problems.push(`${file}: the directory has a plan of ${stack}, which it does not list as planned or removed`);
    for (const stack of selected) if (!present.has(stack)) missingPlans.push(stack);
  }
  if (problems.length > 0) throw new InputError(`${named(files)}: the plans do not match what plan selected`, problems);

  const count = shardOf(first).count;
  const given = new Set(files.map((f) => shardOf(f).index));
  const union = (list: (f: SelectionFile) => readonly string[] | undefined) => sorted(new Set(files.flatMap((f) => list(f) ?? [])));
  return {
    ...(first.selection.base !== undefined && { base: first.selection.base }),
    planned: union((f) => f.selection.planned),
    removed: union((f) => f.selection.removed),
    unchanged: union((f) => f.selection.unchanged),
    ...(first.selection.drifted !== undefined && { drifted: union((f) => f.selection.drifted) }),
    missingShards: Array.from({ length: count }, (_, i) => i + 1)
      .filter((index) => !given.has(index))
      .map((index) => `${index}/${count}`),
    missingPlans: sorted(missingPlans),
  };
}
