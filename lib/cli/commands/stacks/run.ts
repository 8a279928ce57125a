import { loadConfig } from "../../../config/load";
import { InputError } from "../../../core/errors";
import type { CommandRun } from "../../command";
import type { FlagValues } from "../../flags";
import { ioLogger } from "../../io";
import type { stacksFlags } from "./flags";
import { deployParallelism, explainParallelism, machineMemoryBytes } from "./parallelism";
import { printChanges } from "./changes";
import { shardMatrix, stackNames, stacksInShard } from "../../../contracts/stack-shards";

const GIB = 1024 ** 3;

/** Flags that change what is printed exclude each other. */
function checkCombinations(flags: FlagValues<typeof stacksFlags>): void {
  const problems: string[] = [];
  if (flags.shard && flags.matrix !== undefined) problems.push("--shard and --matrix: expected at most one of them");
  const listing = [
    flags.shard && "--shard",
    flags.matrix !== undefined && "--matrix",
    flags.json && "--json",
    flags.base !== undefined && "--base",
  ].filter(Boolean);
  if (flags.parallelism && listing.length > 0)
    problems.push(`--parallelism and ${listing.join(", ")}: expected --parallelism alone (it prints one number, not stacks)`);
  if (flags.memory !== undefined && !flags.parallelism)
    problems.push(`--memory ${flags.memory}: expected only with --parallelism (it sizes the deploy for that much memory)`);
  if (flags.output !== undefined && flags.base === undefined)
    problems.push(`--output ${flags.output}: expected only with --base (the head synthesis it is compared with)`);
  if (problems.length > 0) throw new InputError("invalid flags", problems);
}

export const run: CommandRun<typeof stacksFlags> = ({ flags }, io) => {
  checkCombinations(flags);
  const log = ioLogger(io);
  if (flags.parallelism) {
    const memory = flags.memory === undefined ? machineMemoryBytes() : flags.memory * GIB;
    log.info(explainParallelism(memory));
    io.stdout(`${deployParallelism(memory)}\n`);
    return Promise.resolve(0);
  }
  if (flags.base !== undefined) {
    printChanges({ ...flags, base: flags.base }, io, log);
    return Promise.resolve(0);
  }
  const all = stackNames(loadConfig(flags.config, io.env).config);
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
};
