import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The pids a stand-in process wrote, one per line, to `<dir>/pids`. */
export const recordedPids = (dir: string): number[] => {
  const file = join(dir, "pids");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).map(Number) : [];
};

/** Running, not a zombie waiting for its parent to reap it. */
export const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};
