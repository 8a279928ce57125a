/** A small leveled logger to stderr; results go to stdout or files, never here. */
export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: readonly LogLevel[] = ["debug", "info", "warn", "error"];

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(level: LogLevel = "info", stream: NodeJS.WritableStream = process.stderr): Logger {
  const at = (l: LogLevel) => (message: string) => {
    if (ORDER.indexOf(l) >= ORDER.indexOf(level)) stream.write(`${l === "info" ? "" : `${l.toUpperCase()}: `}${message}\n`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Discards everything (tests). */
export const silentLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
