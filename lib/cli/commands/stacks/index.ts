import { lazyCommand } from "../../command";
import { stacksFlags } from "./flags";
import { PARALLELISM_RULE } from "./parallelism";

/**
 * `bedrock-access stacks`: the stacks the config synthesizes, whole or one shard of them, for splitting a large
 * Organization's deploy across CI jobs; `--parallelism` sizes one deploy to the machine's memory. Reads the
 * config only; no AWS call, no synth.
 */
export const stacksCommand = lazyCommand({
  name: "stacks",
  summary: "List the stacks, or one shard of them, for cdktf deploy",
  description: [
    "Print the stack names the config synthesizes, one per line: management first, then runtime-<name> sorted. Reads the config only (no synth, no AWS call).",
    "--shard i/n prints shard i of n: management is always in shard 1, a runtime stack in shard 1 + (the first 32 bits of the SHA-256 of its name) mod n, so adding an account moves no other one. No stack reads another's outputs: the shards deploy in any order, or at once.",
    `--parallelism prints the cdktf deploy --parallelism this machine's memory allows: ${PARALLELISM_RULE}.`,
    'Example: npx cdktf deploy $(npx bedrock-access stacks --shard 2/4) --parallelism "$(npx bedrock-access stacks --parallelism)"',
  ].join("\n\n"),
  flags: stacksFlags,
  load: (): typeof import("./run") => require("./run"),
});
