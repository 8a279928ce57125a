import { tmpdir } from "node:os";

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A run's output as the docs keep it: the project folder and temporary folders as "…" (they differ per machine),
 * no trailing spaces, one final newline. Ports, run ids and latencies stay as captured: `comparable` ignores them.
 */
export function capturedText(raw: string, project: string): string {
  const folders = new RegExp(`(${escaped(project)}|${escaped(tmpdir())}/[^/\\s"]+)(?=[/\\s"]|$)`, "g");
  const lines = raw
    .replace(folders, "…")
    .split(/\r?\n/)
    .map((line) => line.trimEnd());
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  return `${lines.join("\n")}\n`;
}

/** What differs between two runs of the same command and says nothing about it: latencies, ports, run and SCP ids, table padding. */
export function comparable(text: string): string {
  return text
    .replace(/\b\d+(\.\d+)? ?ms\b/g, "N ms")
    .replace(/\brun \d{8}T\d{6}Z-[0-9a-f]+/g, "run RUN-ID")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT")
    .replace(/\b(p|r|ou)-[0-9a-z]{4,}(-[0-9a-z]+)?\b/g, "$1-ID")
    .replace(/\b\d{13}\b/g, "TIMESTAMP")
    .replace(/─+/g, "─")
    .replace(/-{3,}/g, "---")
    .replace(/[ \t]+/g, " ");
}
