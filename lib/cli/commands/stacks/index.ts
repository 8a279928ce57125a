import { lazyCommand } from "../../command";
import { stacksFlags } from "./flags";
import { PARALLELISM_RULE } from "./parallelism";

/**
 * `bedrock-access stacks`: the stacks the config synthesizes, whole or one shard of them, for splitting a large
 * Organization's deploy across CI jobs; `--base` the stacks that changed between two syntheses; `--parallelism`
 * sizes one deploy to the machine's memory. No AWS call, no synth.
 */
export const stacksCommand = lazyCommand({
  name: "stacks",
  summary: "List the stacks (all, one shard, or those changed since --base) for cdktf deploy",
  description: [
    "Print the stack names the config synthesizes, one per line: management first, then runtime-<name> sorted. Reads the config only (no synth, no AWS call).",
    '--base <dir> compares two cdktf synth outputs instead (the base commit\'s, and --output, the head\'s; both synthesized in this same directory, since the local backend\'s state path is absolute): it prints the stacks whose synthesized configuration differs, compared as data (key order and cdktf\'s metadata ignored; a provider, backend or version change counts), then the new ones, one per line; the stacks only the base has go to stderr as one line, removed (only in --base): a, b. With --json: {"changed":[...],"added":[...],"removed":[...],"unchanged":[...]}.',
    "--shard i/n prints shard i of n: management is always in shard 1, a runtime stack in shard 1 + (the first 32 bits of the SHA-256 of its name) mod n, so adding an account moves no other one. No stack reads another's outputs: the shards deploy in any order, or at once.",
    `--parallelism prints the cdktf deploy --parallelism this machine's memory allows: ${PARALLELISM_RULE}.`,
    'Example: npx cdktf deploy $(npx bedrock-access stacks --shard 2/4) --parallelism "$(npx bedrock-access stacks --parallelism)"',
  ].join("\n\n"),
  flags: stacksFlags,
  load: (): typeof import("./run") => require("./run"),
});
