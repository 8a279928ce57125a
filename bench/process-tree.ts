import { readdirSync, readFileSync } from "node:fs";

/**
 * The memory of a process and all its descendants, read from Linux's /proc: what a deploy costs the machine
 * (cdktf, the synth it runs, every terraform and every AWS provider plugin), not only the process we started.
 */

/** A process as /proc shows it. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  /** The program's name as the kernel keeps it (at most 15 characters): node, terraform, terraform-provi… */
  readonly name: string;
}

/**
 * The name and parent pid from the text of /proc/<pid>/stat: `pid (comm) state ppid …`. The name may hold
 * spaces and parentheses, so it ends at the last `)`.
 */
export function parseStat(stat: string): { name: string; ppid: number } | undefined {
  const open = stat.indexOf("(");
  const close = stat.lastIndexOf(")");
  const ppid = Number(stat.slice(close + 2).split(" ")[1]);
  return open >= 0 && close > open && Number.isInteger(ppid) ? { name: stat.slice(open + 1, close), ppid } : undefined;
}

/** A `<name>:   1234 kB` line of /proc/<pid>/status or smaps_rollup, in bytes; undefined when the line is absent (kernel threads, zombies). */
export function kilobyteField(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(text);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** `root` and every process below it, from a list of (pid, ppid). */
export function descendantsOf(root: number, processes: readonly ProcessEntry[]): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of processes) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const tree = new Set<number>();
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    if (tree.has(pid)) continue;
    tree.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...tree];
}

/** A file of /proc, or undefined when the process has exited meanwhile. */
function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Every process of the machine with its parent. */
export function listProcesses(): ProcessEntry[] {
  return readdirSync("/proc").flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    const stat = readProc(`/proc/${name}/stat`);
    const parsed = stat === undefined ? undefined : parseStat(stat);
    return parsed === undefined ? [] : [{ pid: Number(name), ...parsed }];
  });
}

/** The command line of a process, its arguments split; empty when it has exited. */
export function commandLineOf(pid: number): string[] {
  return (readProc(`/proc/${pid}/cmdline`) ?? "").split("\0").filter(Boolean);
}

export interface TreeMemory {
  /** Summed resident set sizes (VmRSS): pages shared between processes (the provider binary) count once per process. */
  readonly rssBytes: number;
  /** Summed proportional set sizes (Pss of smaps_rollup): shared pages split between their sharers; what the tree really holds. */
  readonly pssBytes: number;
  readonly processes: number;
}

/** The memory `root` and its descendants hold right now, in total and per process (name, VmRSS). */
export function treeMemory(
  root: number,
  processes: readonly ProcessEntry[] = listProcesses(),
): TreeMemory & { readonly each: readonly { name: string; rssBytes: number }[] } {
  const names = new Map(processes.map((p) => [p.pid, p.name]));
  let rssBytes = 0;
  let pssBytes = 0;
  const each: { name: string; rssBytes: number }[] = [];
  for (const pid of descendantsOf(root, processes)) {
    const rss = kilobyteField(readProc(`/proc/${pid}/status`) ?? "", "VmRSS");
    if (rss === undefined) continue;
    rssBytes += rss;
    pssBytes += kilobyteField(readProc(`/proc/${pid}/smaps_rollup`) ?? "", "Pss") ?? 0;
    each.push({ name: names.get(pid) ?? "?", rssBytes: rss });
  }
  return { rssBytes, pssBytes, processes: each.length, each };
}

export interface PeakSampler {
  /**
   * Stops sampling: the peaks of the sums, how many samples found the process, and the largest VmRSS any
   * single process of each program name reached (the cdktf CLI, terraform, the AWS provider).
   */
  stop(): { peak: TreeMemory; samples: number; largestByName: Record<string, number> };
}

/**
 * Samples the tree under the first child of this process that `isRoot` accepts, every `intervalMs`, keeping
 * the peak of each figure. The root is looked up on every sample until found (the child starts after us).
 */
export function samplePeak(isRoot: (argv: readonly string[]) => boolean, intervalMs = 250): PeakSampler {
  let root: number | undefined;
  let peak: TreeMemory = { rssBytes: 0, pssBytes: 0, processes: 0 };
  let samples = 0;
  const largestByName: Record<string, number> = {};
  const sample = () => {
    const processes = listProcesses();
    root ??= processes.find((p) => p.ppid === process.pid && isRoot(commandLineOf(p.pid)))?.pid;
    if (root === undefined) return;
    const now = treeMemory(root, processes);
    if (now.processes === 0) return;
    samples += 1;
    for (const { name, rssBytes } of now.each) largestByName[name] = Math.max(largestByName[name] ?? 0, rssBytes);
    peak = {
      rssBytes: Math.max(peak.rssBytes, now.rssBytes),
      pssBytes: Math.max(peak.pssBytes, now.pssBytes),
      processes: Math.max(peak.processes, now.processes),
    };
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { peak, samples, largestByName };
    },
  };
}
