import type { CliIo } from "./io";

/**
 * Where a command's human-readable results (tables, the plan review, the dry-run plan) go: stdout, or with `--json`
 * stderr, so that stdout holds the one JSON document and nothing else.
 */
export function resultSink(io: Pick<CliIo, "stdout" | "stderr">, json: boolean): (text: string) => void {
  return json ? (text) => io.stderr.write(text) : io.stdout;
}

/** `--json`: the command's result as one JSON document on stdout, indented as the files `--report` writes. */
export function printJson(io: Pick<CliIo, "stdout">, result: unknown): void {
  io.stdout(`${JSON.stringify(result, null, 2)}\n`);
}
