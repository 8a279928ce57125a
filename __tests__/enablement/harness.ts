import type { Clock } from "../../lib/enablement/clock";
import type { StepContext } from "../../lib/enablement/context";
import { noProgress } from "../../lib/enablement/progress/events";
import { createLogger, type Logger } from "../../lib/core/logger";

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
