import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A stand-in for a program the code under test runs (gh, npx, terraform, python3): the executable script
 * `<dir>/bin/<name>`, its `lines` after the shebang. `PATH` finds it before the real one.
 */
export function standInCommand(
  dir: string,
  name: string,
  lines: readonly string[],
  shebang = "#!/usr/bin/env bash",
): { file: string; PATH: string } {
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  const file = join(bin, name);
  writeFileSync(file, [shebang, ...lines, ""].join("\n"));
  chmodSync(file, 0o755);
  return { file, PATH: `${bin}:${process.env.PATH ?? ""}` };
}

/** The file a stand-in appends one line per call to (`printf … >> "$LOG"`): emptied, and read back. */
export function callLog(file: string): { file: string; clear(): void; calls(): string[] } {
  return {
    file,
    clear: () => writeFileSync(file, ""),
    calls: () => readFileSync(file, "utf8").split("\n").filter(Boolean),
  };
}
