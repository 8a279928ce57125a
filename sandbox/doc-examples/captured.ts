import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT } from "../project";
import { docExample, type DocExample } from "./examples";
import { capturedText, comparable } from "./normalise";
import { abridged } from "./render";

const EXAMPLES_DIR = join(PROJECT, "docs", "examples");

export const capturedFile = (name: string): string => join(EXAMPLES_DIR, `${name}.txt`);
export const readCaptured = (name: string): string => readFileSync(capturedFile(name), "utf8");

export function writeCaptured(name: string, raw: string): void {
  writeFileSync(capturedFile(name), capturedText(raw, PROJECT));
}

/**
 * The day each offline CLI example was captured (UTC, YYYY-MM-DD). `catalog list` judges each model's lifecycle
 * against the day it runs, so the test runs it on the capture's day: a date in the catalog passing changes the
 * doc only when `npm run docs:examples` captures it again, never the outcome of a test.
 */
const CAPTURE_DAYS = join(EXAMPLES_DIR, "captured-on.json");

function captureDays(): Record<string, string> {
  if (!existsSync(CAPTURE_DAYS)) return {};
  const days: unknown = JSON.parse(readFileSync(CAPTURE_DAYS, "utf8"));
  if (typeof days !== "object" || days === null) throw new Error(`${CAPTURE_DAYS}: expected an object of example names and days`);
  return Object.fromEntries(Object.entries(days).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

export function captureDay(name: string): string {
  const day = captureDays()[name];
  if (!day) throw new Error(`${CAPTURE_DAYS} has no day for "${name}": run npm run docs:examples -- --no-sandbox`);
  return day;
}

export function recordCaptureDay(name: string, day: string): void {
  writeFileSync(CAPTURE_DAYS, `${JSON.stringify({ ...captureDays(), [name]: day }, null, 2)}\n`);
}

/**
 * The first line where what the doc shows of two outputs of an example differs (compared with `comparable`), with
 * both versions of it; undefined when they agree.
 */
export function firstDifference(example: DocExample, captured: string, live: string): string | undefined {
  const shownLines = (text: string) => abridged(example, text).map(comparable);
  const was = shownLines(captured);
  const now = shownLines(live);
  const at = was.findIndex((line, i) => line !== now[i]);
  const line = at >= 0 ? at : was.length < now.length ? was.length : -1;
  if (line < 0) return undefined;
  return [
    `doc example "${example.name}" (${example.doc}) differs from this run at line ${line + 1} of what the doc shows:`,
    `  captured (docs/examples/${example.name}.txt): ${was[line] ?? "(no line)"}`,
    `  this run: ${now[line] ?? "(no line)"}`,
    "Regenerate with `npm run docs:examples` when the change is intended.",
  ].join("\n");
}

/** Where a run's output drifted from the example's capture (see `firstDifference`). */
const drift = (name: string, raw: string): string | undefined =>
  firstDifference(docExample(name), readCaptured(name), capturedText(raw, PROJECT));

/** With UPDATE_DOC_EXAMPLES=1, writes the run's output as the example's capture; otherwise, its drift from it. */
export function captureOrCompare(name: string, raw: string): string | undefined {
  if (process.env.UPDATE_DOC_EXAMPLES === "1") {
    writeCaptured(name, raw);
    return undefined;
  }
  return drift(name, raw);
}
