import { existsSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import { join, sep } from "node:path";

/** The pids a stand-in process wrote, one per line, to `<dir>/pids`. */
export const recordedPids = (dir: string): number[] => {
  const file = join(dir, "pids");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).map(Number) : [];
};

/**
 * Still running with its working directory in `dir` (where the test started it): a zombie has no working directory,
 * and a pid the system has since given to an unrelated process runs elsewhere, so neither counts.
 */
const runningIn = (dir: string) => {
  const root = realpathSync(dir);
  return (pid: number): boolean => {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      return cwd === root || cwd.startsWith(root + sep);
    } catch {
      return false;
    }
  };
};

/**
 * Those of `pids` still running in `dir` once `withinMs` has passed, or as soon as none is. A killed process closes its
 * pipes (which is when its parent sees it end) a moment before the kernel finishes its exit, so "nothing left" is
 * waited for, briefly, rather than read at once.
 */
export async function survivors(pids: readonly number[], dir: string, withinMs = 1_000): Promise<number[]> {
  const running = () => pids.filter(runningIn(dir));
  for (const until = Date.now() + withinMs; running().length > 0 && Date.now() < until;) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return running();
}

/** SIGKILLs those of the pids recorded in `dir` still running there (afterEach). */
export function killRecorded(dir: string): void {
  for (const pid of recordedPids(dir).filter(runningIn(dir))) process.kill(pid, "SIGKILL");
}
