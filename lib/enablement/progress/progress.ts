import type { ProgressEvents, TaskState, TaskUpdate } from "./events";
import type { Logger } from "../../core/logger";
import { maskSecrets } from "../../core/redact";

/** Not a TTY (CI): one log line per finished task; starts at debug level. */
export function lineProgress(log: Logger): ProgressEvents {
  return {
    task: ({ group, task, state, detail }) => {
      if (state === "pending") return;
      const line = `[${group}] ${task}: ${state}${detail ? ` (${detail})` : ""}`;
      if (state === "running") log.debug(line);
      else log.info(line);
    },
  };
}

export interface TerminalStream {
  write(text: string): void;
  readonly columns?: number;
}

const ICON: Record<TaskState, string> = { pending: "·", running: "…", done: "✓", skipped: "=", failed: "✗" };
const UP_AND_CLEAR = (lines: number): string => `\x1b[${lines}F\x1b[J`;

/**
 * On a terminal: a task list per account, redrawn in place on every change. Log lines go through
 * `writeLine`, which prints them above the list.
 */
export class LiveProgress implements ProgressEvents {
  private readonly groups = new Map<string, Map<string, { state: TaskState; detail?: string }>>();
  private drawn = 0;
  private stopped = false;

  constructor(private readonly stream: TerminalStream) {}

  task(update: TaskUpdate): void {
    let tasks = this.groups.get(update.group);
    if (!tasks) this.groups.set(update.group, (tasks = new Map()));
    tasks.set(update.task, { state: update.state, ...(update.detail && { detail: update.detail }) });
    this.draw();
  }

  /** A log line, printed above the task list. */
  writeLine(line: string): void {
    this.stream.write(`${this.clear()}${line}\n`);
    this.drawn = 0;
    this.draw();
  }

  /** Leaves the last drawing on screen; later output goes below it. */
  stop(): void {
    this.stopped = true;
  }

  private clear(): string {
    return this.drawn > 0 && !this.stopped ? UP_AND_CLEAR(this.drawn) : "";
  }

  private draw(): void {
    if (this.stopped || this.groups.size === 0) return;
    const width = Math.max(20, (this.stream.columns ?? 120) - 1);
    const lines: string[] = [];
    for (const [group, tasks] of this.groups) {
      lines.push(group);
      for (const [task, { state, detail }] of tasks) lines.push(`  ${ICON[state]} ${task}${detail ? `  ${detail}` : ""}`);
    }
    // Lines longer than the terminal wrap and break the count of lines to redraw. They are masked before they are
    // cut: the stream masks credentials too, but no longer knows one that a cut has shortened.
    const text = lines.map((line) => maskSecrets(line).slice(0, width)).join("\n");
    this.stream.write(`${this.clear()}${text}\n`);
    this.drawn = lines.length;
  }
}
