/** A small leveled logger: the emulator writes diagnostics to stderr, never to stdout. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function stderrLogger(level: LogLevel = "info"): Logger {
  const write = (at: Exclude<LogLevel, "silent">) => (message: string) => {
    if (RANK[at] >= RANK[level]) process.stderr.write(`[bedrock-emulator] ${at}: ${message}\n`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

export const silentLogger: Logger = stderrLogger("silent");

export function isLogLevel(value: string): value is LogLevel {
  return value in RANK;
}
