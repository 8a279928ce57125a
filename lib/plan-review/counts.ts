import type { ChangeAction, Counts } from "./model";

export function classifyActions(actions: readonly string[]): ChangeAction | undefined {
  const set = new Set(actions);
  if (set.has("create") && set.has("delete")) return "replace";
  if (set.has("create")) return "create";
  if (set.has("delete")) return "delete";
  if (set.has("update")) return "update";
  if (set.has("forget")) return "forget";
  return undefined;
}

/** Counts as Terraform's "Plan: X to add, Y to change, Z to destroy" does: a replacement adds one and destroys one. */
export function countActions(actions: readonly ChangeAction[]): Counts {
  const n = (...kinds: ChangeAction[]) => actions.filter((a) => kinds.includes(a)).length;
  return { add: n("create", "replace"), change: n("update"), destroy: n("delete", "replace") };
}

export const sumCounts = (all: readonly Counts[]): Counts => ({
  add: all.reduce((s, c) => s + c.add, 0),
  change: all.reduce((s, c) => s + c.change, 0),
  destroy: all.reduce((s, c) => s + c.destroy, 0),
});
