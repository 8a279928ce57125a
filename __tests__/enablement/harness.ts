import type { Clock } from "../../lib/enablement/clock";
import type { StepContext } from "../../lib/enablement/context";
import type { ProgressEvents } from "../../lib/enablement/progress/events";
import { createLogger, type Logger } from "../../lib/core/logger";

/** Progress nobody watches. */
export const noProgress: ProgressEvents = { task: () => undefined };

export interface FakeClock extends Clock {
  readonly slept: number[];
}

/** Sleeping advances the clock at once: minutes of polling take no time. */
export function fakeClock(start = Date.UTC(2025, 0, 2, 3, 4, 5)): FakeClock {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

export interface CapturedLog extends Logger {
  readonly lines: string[];
  text(): string;
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  return { ...createLogger("debug", (line) => lines.push(line)), lines, text: () => lines.join("\n") };
}

export function stepContext(parts: Pick<StepContext, "aws"> & Partial<StepContext>): StepContext {
  return {
    log: captureLog(),
    progress: noProgress,
    clock: fakeClock(),
    random: () => 0.5,
    retry: { attempts: 3, baseDelayMs: 1000, maxDelayMs: 8000 },
    sessionName: "bedrock-org-access-enable-test",
    ...parts,
  };
}

export interface VirtualClock extends Clock {
  /**
   * Runs `work` to its end in virtual time: whenever nothing but timers is left to happen, time jumps to the earliest
   * timer and fires it. Concurrent sleeps overlap, as on a real clock (fakeClock adds them up instead).
   */
  run<T>(work: Promise<T>): Promise<T>;
}

/**
 * A discrete-event clock: sleeping registers a timer, and `run` moves time from timer to timer once the work is idle
 * (a few turns of the event loop with no new timer). A run of minutes takes milliseconds, with its real overlap.
 */
export function virtualClock(start = Date.UTC(2025, 0, 2, 3, 4, 5)): VirtualClock {
  let now = start;
  let activity = 0;
  let order = 0;
  const timers = new Set<{ readonly at: number; readonly order: number; fire(): void }>();
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      activity += 1;
      if (signal?.aborted) return resolve();
      const timer = {
        at: now + Math.max(0, ms),
        order: order++,
        fire: () => {
          signal?.removeEventListener("abort", abort);
          resolve();
        },
      };
      function abort() {
        timers.delete(timer);
        resolve();
      }
      signal?.addEventListener("abort", abort, { once: true });
      timers.add(timer);
    });
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  async function run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const done = work.finally(() => (settled = true));
    // Handled when returned; until then a rejection must not count as unhandled.
    done.catch(() => undefined);
    for (let quiet = 0; !settled;) {
      const before = activity;
      await turn();
      if (settled || activity !== before || ++quiet < 3) {
        if (activity !== before) quiet = 0;
        continue;
      }
      quiet = 0;
      if (timers.size === 0) throw new Error("virtualClock: the work neither finished nor waits on a timer");
      const next = Math.min(...[...timers].map((t) => t.at));
      now = Math.max(now, next);
      const due = [...timers].filter((t) => t.at <= now).sort((a, b) => a.order - b.order);
      for (const timer of due) timers.delete(timer);
      for (const timer of due) timer.fire();
      activity += 1;
    }
    return done;
  }
  return { now: () => now, sleep, run };
}
