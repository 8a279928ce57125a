import { totalmem } from "node:os";

const MIB = 1024 * 1024;

/**
 * What one stack being deployed holds at its peak: one terraform process plus one AWS provider plugin. Per
 * run, the largest terraform plus the largest provider came to at most 595 MiB (200 stacks at parallelism 4: 258 +
 * 337 MiB), rounded up; the largest of each across all runs (258 and 346 MiB) were never seen in one run. Measured with `npm run bench:deploy` (summed VmRSS of
 * the whole cdktf process tree, 10 stacks at parallelism 1, 2, 4 and 8: 0.78, 1.33, 2.40, 4.21 GiB, about
 * 0.5 GiB more per extra stack); the figures are in bench-results/deploy.json.
 * @internal its tests read it
 */
export const STACK_PEAK_MIB = 600;

/**
 * Memory kept aside before counting stacks: the cdktf CLI itself (276 MiB at 10 stacks; its synth of 200
 * stacks peaks at 130 MiB, before any stack deploys), with room to grow with the number of stacks, plus 1 GiB
 * for the operating system and the CI runner's own agent (an allowance, not a measurement).
 * @internal its tests read it
 */
export const RESERVE_MIB = 1536;

/** The rule in one line, for --help and the docs. */
export const PARALLELISM_RULE = `floor((memory - ${(RESERVE_MIB / 1024).toFixed(2)} GiB reserve) / ${(STACK_PEAK_MIB / 1024).toFixed(2)} GiB per stack), at least 1`;

/** The machine's memory as a deploy can use it: the total, or the container's (cgroup) limit when lower. */
export function machineMemoryBytes(): number {
  const constrained = process.constrainedMemory();
  const total = totalmem();
  // 0 (or, on some Node versions, 2^64) means no limit.
  return constrained > 0 && constrained < total ? constrained : total;
}

/** `cdktf deploy --parallelism` for a machine with `memoryBytes`: floor((memory − reserve) / per-stack peak), at least 1. */
export function deployParallelism(memoryBytes: number): number {
  return Math.max(1, Math.floor((memoryBytes / MIB - RESERVE_MIB) / STACK_PEAK_MIB));
}

/** The rule with its numbers, for the log: `7.00 GiB − 1.50 GiB reserve, 0.59 GiB per stack → --parallelism 9`. */
export function explainParallelism(memoryBytes: number): string {
  const gib = (mib: number) => `${(mib / 1024).toFixed(2)} GiB`;
  const memoryMib = memoryBytes / MIB;
  const result = deployParallelism(memoryBytes);
  const fits = memoryMib >= RESERVE_MIB + STACK_PEAK_MIB;
  return `${gib(Math.round(memoryMib))} − ${gib(RESERVE_MIB)} reserve, ${gib(STACK_PEAK_MIB)} per stack → --parallelism ${result}${
    fits ? "" : " (less memory than the reserve and one stack: expect swapping or an out-of-memory kill)"
  }`;
}
