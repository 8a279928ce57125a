import { shardMatrix, stacksInShard } from "../../../contracts/stack-shards";
import { compareSyntheses, movedLocalStateWarning, type SynthesisChanges } from "../../../plan-review/changes/compare-syntheses";
import type { CliIo } from "../../io";
import type { Logger } from "../../../core/logger";

/** What `stacks --base` reads: the two syntheses, and which of their stacks to print. */
interface ChangesRequest {
  readonly base: string;
  readonly output?: string;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly matrix?: number;
  readonly json: boolean;
}

/**
 * `stacks --base <dir>`: the stacks of the head synthesis (--output) whose configuration differs from the base's, then
 * the new ones, one per line on stdout (what a deploy deploys); the removed ones on stderr. With --matrix, the shards
 * that hold a changed, new or removed stack (each needs a plan).
 */
export function printChanges(request: ChangesRequest, io: CliIo, log: Logger): void {
  const head = request.output ?? "cdktf.out";
  const all = compareSyntheses(request.base, head);
  const warning = movedLocalStateWarning(request.base, head, all.changed);
  if (warning) log.warn(warning);
  if (request.matrix !== undefined) {
    io.stdout(`${JSON.stringify(shardMatrix([...all.changed, ...all.added, ...all.removed], request.matrix))}\n`);
    return;
  }
  const { shard } = request;
  const pick = (names: readonly string[]): string[] => (shard ? stacksInShard(names, shard.index, shard.count) : [...names]);
  const shown: SynthesisChanges = {
    changed: pick(all.changed),
    added: pick(all.added),
    removed: pick(all.removed),
    unchanged: pick(all.unchanged),
  };
  log.info(
    `${shard ? `shard ${shard.index}/${shard.count}: ` : ""}${shown.changed.length} changed, ${shown.added.length} new, ${shown.removed.length} removed, ${shown.unchanged.length} unchanged since ${request.base}`,
  );
  if (request.json) {
    io.stdout(`${JSON.stringify(shown)}\n`);
    return;
  }
  io.stdout([...shown.changed, ...shown.added].map((stack) => `${stack}\n`).join(""));
  if (shown.removed.length > 0) log.info(`removed (only in --base): ${shown.removed.join(", ")}`);
}
