import { plural } from "./diff-lines";
import type { PlanSelectionSummary } from "../model";

/** What the summary says about what `plan` selected, as sentences both renderers decorate. */
export interface SelectionLines {
  /** How many stacks were planned and how many were unchanged since the base (absent without a base). */
  readonly header?: string;
  readonly removed?: string;
  /** A drift run: which stacks drifted, or that none did. */
  readonly drift?: { readonly drifted: boolean; readonly line: string };
  /** Why the review is not whole: missing shards, stacks without a plan. */
  readonly gaps: readonly string[];
}

/** `code` marks a name up (Markdown) or leaves it (text). */
export function selectionLines(selection: PlanSelectionSummary, code: (text: string) => string): SelectionLines {
  const { base, planned, removed, unchanged, drifted } = selection;
  const names = (stacks: readonly string[]) => stacks.map(code).join(", ");
  const nothingPlanned = planned.length + removed.length === 0;
  const header =
    base === undefined
      ? undefined
      : nothingPlanned
        ? `No stack changed: ${plural(unchanged.length, "stack")} unchanged since ${code(base)}, none planned`
        : `${plural(planned.length, "stack")} planned (changed or new), ${plural(unchanged.length, "stack")} unchanged since ${code(base)}: not planned`;
  const gaps = [
    ...selection.missingShards.map((shard) => `shard ${shard}'s plans are missing: its stacks are not reviewed`),
    ...selection.missingPlans.map((stack) => `${code(stack)} was selected but has no plan file (did its plan fail?): not reviewed`),
  ];
  return {
    ...(header !== undefined && { header }),
    ...(removed.length > 0 && {
      removed: `Removed (only in the base): ${names(removed)}: their plans are destroy plans, listing what removing them deletes`,
    }),
    ...(drifted !== undefined && {
      drift:
        drifted.length > 0
          ? { drifted: true, line: `Drift: ${plural(drifted.length, "stack")} changed outside Terraform: ${names(drifted)}` }
          : { drifted: false, line: `No drift: none of the ${plural(planned.length, "stack")} planned has changes` },
    }),
    gaps,
  };
}
