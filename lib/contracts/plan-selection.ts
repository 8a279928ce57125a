import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomically } from "../core/output-files";

/**
 * What `bedrock-access plan` chose to plan, written beside the `<stack>.json` plans so that `plan-summary` can say what
 * was not planned. One file per plans directory (one per shard); `plan-summary` merges them. Its name does not end in
 * `.json`, so nothing reads it as a stack's plan.
 */
export const PLAN_SELECTION_FILE = "plan-selection.meta";

export const planSelectionSchema = z.strictObject({
  version: z.literal(1),
  /** `--shard i/n`, when the plan was one shard of several. */
  shard: z.strictObject({ index: z.number().int().min(1), count: z.number().int().min(1) }).optional(),
  /** The base synthesis (`--base <dir>`) the head was compared with; absent when every stack was planned. */
  base: z.string().optional(),
  /** Stacks planned because their configuration changed or they are new (this shard's). */
  planned: z.array(z.string()),
  /** Stacks only the base has: each got a destroy plan, `<stack>.json`, showing what removing it deletes. */
  removed: z.array(z.string()),
  /** Stacks whose configuration is the same in base and head: not planned. */
  unchanged: z.array(z.string()),
  /** A drift run (`plan --detect-drift`) only: the planned stacks whose plan has changes, made outside Terraform. */
  drifted: z.array(z.string()).optional(),
});
export type PlanSelection = z.output<typeof planSelectionSchema>;

export function writePlanSelection(plansDir: string, selection: PlanSelection): void {
  writeFileAtomically(join(plansDir, PLAN_SELECTION_FILE), `${JSON.stringify(planSelectionSchema.parse(selection), null, 2)}\n`);
}
