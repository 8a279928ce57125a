import { z } from "zod";
import { configPath, loadConfigFile } from "../../../config/load";
import { InputError } from "../../../core/errors";
import type { CliCommand } from "../../command";
import { ioLogger } from "../../io";
import { CONFIG_OPTION, count, parseOptions } from "../../options";
import { deployParallelism, explainParallelism, machineMemoryBytes, PARALLELISM_RULE } from "./parallelism";
import { MAX_SHARDS, shardMatrix, stackNames, stacksInShard } from "./shards";

const GIB = 1024 ** 3;

/** `--shard 2/4` → { index: 2, count: 4 }. */
const shard = z
  .string()
  .trim()
  .regex(/^\d+\/\d+$/, { error: `expected i/n in decimal digits, shard i of n shards (e.g. 2/4)` })
  .transform((value) => {
    const [index, shards] = value.split("/").map(Number);
    return { index, count: shards };
  })
  .refine(({ count: shards }) => shards >= 1 && shards <= MAX_SHARDS, { error: `expected n from 1 to ${MAX_SHARDS}`, abort: true })
  .refine(({ index, count: shards }) => index >= 1 && index <= shards, { error: "expected i from 1 to n" });

/** `--memory 7` or `6.5`: GiB, in decimal digits. */
const gibibytes = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, { error: "expected GiB of memory in decimal digits (e.g. 7 or 6.5)" })
  .transform(Number)
  .pipe(z.number().min(0.5, { error: "expected 0.5..4096 GiB" }).max(4096, { error: "expected 0.5..4096 GiB" }));

const stacksSchema = z.object({
  config: z.string().optional(),
  shard: shard.optional(),
  matrix: count(MAX_SHARDS).optional(),
  json: z.boolean().default(false),
  parallelism: z.boolean().default(false),
  memory: gibibytes.optional(),
});
type StacksFlags = z.output<typeof stacksSchema>;

/** Flags that change what is printed exclude each other. */
function checkCombinations(flags: StacksFlags): void {
  const problems: string[] = [];
  if (flags.shard && flags.matrix !== undefined) problems.push("--shard and --matrix: expected at most one of them");
  const listing = [flags.shard && "--shard", flags.matrix !== undefined && "--matrix", flags.json && "--json"].filter(Boolean);
  if (flags.parallelism && listing.length > 0)
    problems.push(`--parallelism and ${listing.join(", ")}: expected --parallelism alone (it prints one number, not stacks)`);
  if (flags.memory !== undefined && !flags.parallelism)
    problems.push(`--memory ${flags.memory}: expected only with --parallelism (it sizes the deploy for that much memory)`);
  if (problems.length > 0) throw new InputError("invalid flags", problems);
}

/**
 * `bedrock-access stacks`: the stacks the config synthesizes, whole or one shard of them, for splitting a large
 * Organization's deploy across CI jobs; `--parallelism` sizes one deploy to the machine's memory. Reads the
 * config only; no AWS call, no synth.
 */
export const stacksCommand: CliCommand = {
  name: "stacks",
  summary: "List the stacks, or one shard of them, for cdktf deploy",
  description: [
    "Print the stack names the config synthesizes, one per line: management first, then runtime-<name> sorted. Reads the config only (no synth, no AWS call).",
    "--shard i/n prints shard i of n: management is always in shard 1, a runtime stack in shard 1 + (the first 32 bits of the SHA-256 of its name) mod n, so adding an account moves no other one. No stack reads another's outputs: the shards deploy in any order, or at once.",
    `--parallelism prints the cdktf deploy --parallelism this machine's memory allows: ${PARALLELISM_RULE}.`,
    'Example: npx cdktf deploy $(npx bedrock-access stacks --shard 2/4) --parallelism "$(npx bedrock-access stacks --parallelism)"',
  ].join("\n\n"),
  define: (command) =>
    command
      .option(...CONFIG_OPTION)
      .option("--shard <i/n>", "only shard i of n (1-based; n at most 256, GitHub's matrix limit)")
      .option("--matrix <n>", 'print a GitHub Actions matrix of n shards, {"shard":["1/n",...]}, leaving out empty shards')
      .option("--json", "print a JSON array instead of one name per line")
      .option("--parallelism", "print the cdktf deploy --parallelism this machine's memory allows, and nothing else")
      .option("--memory <GiB>", "with --parallelism: size it for a machine with this much memory instead (e.g. 7)"),
  run: ({ options }, io) => {
    const flags = parseOptions(stacksSchema, options);
    checkCombinations(flags);
    const log = ioLogger(io);
    if (flags.parallelism) {
      const memory = flags.memory === undefined ? machineMemoryBytes() : flags.memory * GIB;
      log.info(explainParallelism(memory));
      io.stdout(`${deployParallelism(memory)}\n`);
      return Promise.resolve(0);
    }
    const all = stackNames(loadConfigFile(configPath(flags.config, io.env), io.env));
    if (flags.matrix !== undefined) {
      io.stdout(`${JSON.stringify(shardMatrix(all, flags.matrix))}\n`);
      return Promise.resolve(0);
    }
    let stacks = all;
    if (flags.shard) {
      const { index, count: shards } = flags.shard;
      stacks = stacksInShard(all, index, shards);
      if (stacks.length === 0) log.warn(`shard ${index}/${shards} holds no stack (${all.length} stacks in ${shards} shards)`);
      else log.info(`shard ${index}/${shards}: ${stacks.length} of ${all.length} stacks`);
    }
    io.stdout(flags.json ? `${JSON.stringify(stacks)}\n` : stacks.map((stack) => `${stack}\n`).join(""));
    return Promise.resolve(0);
  },
};
