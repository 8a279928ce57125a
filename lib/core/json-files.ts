import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { errorMessage } from "./errors";

/** One JSON file as read, before any validation of its content. */
export interface JsonFile {
  readonly file: string;
  readonly json: unknown;
}

export interface JsonFilesOptions {
  /** What a path that cannot be read should have been, e.g. "expected the file written by cdktf deploy --outputs-file". */
  readonly expected: string;
  /** The problem with a directory that holds no `*.json` file. */
  readonly emptyDirectory: string;
  /** The problem with a file that is not JSON, given the parser's message. */
  readonly notJson: (parserMessage: string) => string;
  /** Check every path before reading any file, so path problems come first. @default false (path by path) */
  readonly pathsFirst?: boolean;
}

/**
 * Reads JSON files named directly or found in directories (every `*.json` in a directory, sorted) and
 * hands each to `visit` in that order. Reads them all before giving up: each path or file that cannot be
 * read or parsed adds a problem that names it, and `visit` adds its own to the same list, so the
 * problems come in the order of the files. Returns the problems.
 */
export function readJsonFiles(
  paths: readonly string[],
  options: JsonFilesOptions,
  visit: (file: JsonFile, problems: string[]) => void,
): string[] {
  const problems: string[] = [];
  const groups = options.pathsFirst ? [paths.flatMap((path) => expand(path, options, problems))] : paths.map((path) => [path]);
  for (const group of groups) {
    for (const file of options.pathsFirst ? group : group.flatMap((path) => expand(path, options, problems))) {
      const read = readJsonFile(file, options.notJson, problems);
      if (read) visit({ file, json: read.json }, problems);
    }
  }
  return problems;
}

/** One file's JSON; or undefined, with a problem naming the file added to `problems`. */
export function readJsonFile(
  file: string,
  notJson: (parserMessage: string) => string,
  problems: string[],
): { readonly json: unknown } | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    problems.push(`${file}: cannot read it (${errorMessage(err)})`);
    return undefined;
  }
  try {
    return { json: JSON.parse(text) };
  } catch (err) {
    problems.push(`${file}: ${notJson(errorMessage(err))}`);
    return undefined;
  }
}

function expand(path: string, options: JsonFilesOptions, problems: string[]): string[] {
  try {
    if (!statSync(path).isDirectory()) return [path];
  } catch (err) {
    problems.push(`${path}: cannot read it (${errorMessage(err)}); ${options.expected}`);
    return [];
  }
  let files: string[];
  try {
    files = readdirSync(path)
      .filter((name) => name.endsWith(".json"))
      .sort();
  } catch (err) {
    problems.push(`${path}: cannot read it (${errorMessage(err)}); ${options.expected}`);
    return [];
  }
  if (files.length === 0) problems.push(`${path}: ${options.emptyDirectory}`);
  return files.map((name) => join(path, name));
}
