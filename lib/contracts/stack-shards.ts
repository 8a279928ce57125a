import { createHash } from "node:crypto";
import type { AccessConfig } from "../config/schema";
import { MANAGEMENT_STACK_NAME, runtimeStackName } from "./stack-outputs/schema";

/**
 * GitHub Actions starts at most 256 jobs from one matrix per workflow run
 * (https://docs.github.com/en/actions/reference/workflow-syntax-for-github-actions#jobsjob_idstrategymatrix).
 */
export const MAX_SHARDS = 256;

/** The stacks main.ts synthesizes for the config: `management` first, then `runtime-<name>` in code-point order. */
export function stackNames(config: Pick<AccessConfig, "accounts">): string[] {
  const runtime = config.accounts.map((account) => runtimeStackName(account.name));
  return [MANAGEMENT_STACK_NAME, ...runtime.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))];
}

/**
 * The shard (1..count) a stack is deployed in. `management` is always in shard 1; a runtime stack is in shard
 * 1 + (the first 4 bytes of the SHA-256 of its name, read as an unsigned big-endian integer) mod count. It
 * depends on the stack's own name and the shard count only, so adding or removing an account moves no other
 * account; changing the count reshuffles them all. No stack reads another's outputs, so any split deploys the same.
 */
function shardOf(stack: string, count: number): number {
  if (stack === MANAGEMENT_STACK_NAME) return 1;
  return 1 + (createHash("sha256").update(stack).digest().readUInt32BE(0) % count);
}

/** The stacks of shard `index` of `count`, in the order of `stacks`. */
export const stacksInShard = (stacks: readonly string[], index: number, count: number): string[] =>
  stacks.filter((stack) => shardOf(stack, count) === index);

/**
 * A GitHub Actions matrix over the shards that hold a stack: `{ "shard": ["1/4", "2/4", …] }` (`strategy.matrix:
 * ${{ fromJSON(…) }}`). Empty shards are left out: `cdktf deploy` with no stack name would refuse to run.
 */
export function shardMatrix(stacks: readonly string[], count: number): { shard: string[] } {
  const used = new Set(stacks.map((stack) => shardOf(stack, count)));
  return { shard: [...used].sort((a, b) => a - b).map((index) => `${index}/${count}`) };
}
