import { InputError } from "../../core/errors";
import { stacksInShard } from "../../contracts/stack-shards";
import { compareSyntheses, movedLocalStateWarning } from "../changes/compare-syntheses";
import { readSynthesizedStacks, type SynthesizedStack } from "../cdktf-manifest";

interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** What to plan. */
export interface StackChoice {
  /** `--stack`: only these head stacks. */
  readonly stacks?: readonly string[];
  /** A `cdktf synth` output of the base commit: plan only what differs from it. */
  readonly base?: string;
  /** Only this shard's stacks (the assignment of `bedrock-access stacks --shard`). */
  readonly shard?: Shard;
}

export interface ChosenStacks {
  /** Head stacks to plan: every one, or with a base the changed and added. */
  readonly plan: readonly SynthesizedStack[];
  /** Stacks only the base has, in the base synthesis: each gets a destroy plan. */
  readonly destroy: readonly SynthesizedStack[];
  /** With a base: stacks whose configuration did not change, not planned. */
  readonly unchanged: readonly string[];
  /** Why more stacks may have changed than the change explains (a base synthesized elsewhere). */
  readonly warning?: string;
}

/** The stacks of `outputDir` (head) to plan, and of `choice.base` to plan destroying, for this shard. */
export function chooseStacks(outputDir: string, choice: StackChoice): ChosenStacks {
  const head = selectStacks(readSynthesizedStacks(outputDir), choice.stacks);
  const inShard = (names: readonly string[]): Set<string> =>
    new Set(choice.shard ? stacksInShard(names, choice.shard.index, choice.shard.count) : names);
  if (choice.base === undefined) {
    const planned = inShard(head.map((s) => s.name));
    return { plan: head.filter((s) => planned.has(s.name)), destroy: [], unchanged: [] };
  }
  if (choice.stacks && choice.stacks.length > 0)
    throw new InputError("--stack and --base", ["expected at most one of them: --base chooses the stacks that changed"]);
  const changes = compareSyntheses(choice.base, outputDir);
  const planned = inShard([...changes.changed, ...changes.added]);
  const removed = inShard(changes.removed);
  return {
    plan: head.filter((s) => planned.has(s.name)),
    destroy: readSynthesizedStacks(choice.base).filter((s) => removed.has(s.name)),
    unchanged: [...inShard(changes.unchanged)],
    warning: movedLocalStateWarning(choice.base, outputDir, changes.changed),
  };
}

function selectStacks(all: readonly SynthesizedStack[], wanted: readonly string[] | undefined): SynthesizedStack[] {
  if (!wanted || wanted.length === 0) return [...all];
  const unknown = wanted.filter((name) => !all.some((s) => s.name === name));
  if (unknown.length > 0)
    throw new InputError("--stack: unknown stacks", [
      `no synthesized stack named ${unknown.join(", ")}; expected one of ${all.map((s) => s.name).join(", ")}`,
    ]);
  return all.filter((s) => wanted.includes(s.name));
}
