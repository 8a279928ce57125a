import { accessSync, appendFileSync, constants, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { errorMessage, InputError } from "./errors";
import { maskSecrets } from "./redact";

/**
 * Makes sure each output file can be written, before any work: its folder is created, the path is not a
 * folder, and the folder is writable. A previous run's file at that path is removed, so a run that stops
 * early never leaves an old report looking current. Problems are bad input (exit 2), all listed at once.
 */
export function prepareOutputFiles(files: readonly { flag: string; path: string | undefined }[]): void {
  const problems: string[] = [];
  for (const { flag, path } of files) {
    if (!path) continue;
    try {
      mkdirSync(dirname(path), { recursive: true });
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new Error("it is a folder");
      accessSync(dirname(path), constants.W_OK);
      rmSync(path, { force: true });
    } catch (err) {
      problems.push(`${flag}: cannot write ${path} (${errorMessage(err)}); expected a file path in a writable folder`);
    }
  }
  if (problems.length > 0) throw new InputError("output files", problems);
}

/*
 * The CLI writes its files only through these two functions, and both mask every credential shape (maskSecrets) on
 * the way out: reports, Markdown, PR comments, locks, plans. Masking keeps JSON valid.
 */

/** Writes a file whole or not at all: to a temporary file next to it, then renamed over it. Credentials are masked. */
export function writeFileAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, maskSecrets(text));
  renameSync(temporary, path);
}

/** Appends to a file others write too, such as `$GITHUB_STEP_SUMMARY`. Credentials are masked. */
export function appendToFile(path: string, text: string): void {
  appendFileSync(path, maskSecrets(text));
}
