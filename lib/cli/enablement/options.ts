import { z } from "zod";
import { InputError } from "../../core/errors";
import type { LogLevel } from "../../core/logger";
import { DEFAULT_RETRY, DEFAULT_TIMEOUTS, retryPolicy, type RetryPolicy } from "../../enablement/aws/retry";
import { DEFAULT_ENABLE_OPTIONS } from "../../enablement/options";
import type { TargetFilters } from "../../enablement/targets";
import { configFlag, flag, onOff, optionalText, type FlagValues } from "../flags";
import { count, list, seconds } from "../options";

/** `--request-timeout` and `--call-timeout`, for every command that calls AWS. */
export const requestTimeoutFlag = flag({
  flags: "--request-timeout <seconds>",
  help: "an HTTP attempt with no data for this long fails (retried as transient)",
  default: DEFAULT_TIMEOUTS.requestTimeoutMs / 1000,
  parse: seconds(1),
});
export const callTimeoutFlag = flag({
  flags: "--call-timeout <seconds>",
  help: "an AWS call ends after this long, its retries included (a frozen endpoint fails the call, never hangs the run)",
  default: DEFAULT_TIMEOUTS.callTimeoutMs / 1000,
  parse: seconds(1),
});
export const accountsFlag = flag({
  flags: "--accounts <names...>",
  help: "only these accounts (names or ids; comma-separated or repeated)",
  parse: list,
});
export const modelsFlag = flag({ flags: "--models <ids...>", help: "only these base model ids", parse: list });
export const regionsFlag = flag({ flags: "--regions <regions...>", help: "only these regions", parse: list });
export const reportFlag = flag({ flags: "--report <file>", help: "write the JSON report here", parse: optionalText });
export const verboseFlag = flag({ flags: "-v, --verbose", help: "debug logs", parse: onOff() });
export const quietFlag = flag({ flags: "-q, --quiet", help: "warnings and errors only", parse: onOff() });

/** `-o, --outputs`: the stack outputs, files or directories. */
export const outputPaths = z.array(z.string()).min(1, { error: "expected at least one file or directory" });

/** Flags enable, status and catalog check share. */
export const commonFlags = z.object({
  config: configFlag,
  outputs: flag({
    flags: "-o, --outputs <paths...>",
    help: "stack outputs: the file of cdktf deploy --outputs-file, or <stack>.json files of terraform output -json (files or directories)",
    default: ["outputs.json"],
    parse: outputPaths,
  }),
  accounts: accountsFlag,
  models: modelsFlag,
  regions: regionsFlag,
  concurrency: flag({
    flags: "--concurrency <n>",
    help: "AWS calls in flight at once, across every account (every account proceeds at once; a wait holds no slot)",
    default: DEFAULT_ENABLE_OPTIONS.concurrency,
    parse: count(64),
  }),
  accountConcurrency: flag({
    flags: "--account-concurrency <n>",
    help: "AWS calls in flight per account (Bedrock quotas are per account)",
    default: DEFAULT_ENABLE_OPTIONS.accountConcurrency,
    parse: count(16),
  }),
  retries: flag({
    flags: "--retries <n>",
    help: "our retries of throttled or failing steps, on top of the SDK's",
    default: DEFAULT_RETRY.attempts - 1,
    parse: count(10, 0),
  }),
  retryBaseDelay: flag({
    flags: "--retry-base-delay <seconds>",
    help: "the first of our retries waits up to this long, each next one up to twice as long (capped at 30 s)",
    default: DEFAULT_RETRY.baseDelayMs / 1000,
    parse: seconds(0),
  }),
  report: reportFlag,
  markdown: flag({
    flags: "--markdown <file>",
    help: "write a Markdown summary here (also appended to $GITHUB_STEP_SUMMARY when set)",
    parse: optionalText,
  }),
  requestTimeout: requestTimeoutFlag,
  callTimeout: callTimeoutFlag,
  maxDuration: flag({
    flags: "--max-duration <seconds>",
    help: "stop after this long: no new work, calls in flight abandoned; then write the report and exit 1",
    parse: seconds(1).optional(),
  }),
  verbose: verboseFlag,
  quiet: quietFlag,
});

/** Flags both commands share, as validated. */
export interface CommonCli {
  readonly configFile?: string;
  readonly outputs: readonly string[];
  readonly filters: TargetFilters;
  readonly logLevel: LogLevel;
  readonly retry: RetryPolicy;
  readonly reportFile?: string;
  readonly markdownFile?: string;
  /** `--json`: the report on stdout as JSON, the table on stderr. @default false */
  readonly json?: boolean;
  /** Stop starting work after this long, then report (exit 1). @default - no limit */
  readonly maxDurationMs?: number;
  /** One HTTP attempt with no data for this long fails (and is retried as transient). */
  readonly requestTimeoutMs: number;
  /** One AWS call, all its attempts and retries included, ends after this long. */
  readonly callTimeoutMs: number;
}

export function toCommonCli(parsed: FlagValues<typeof commonFlags>): CommonCli {
  if (parsed.verbose && parsed.quiet) throw new InputError("invalid flags", ["--verbose and --quiet: expected at most one of them"]);
  if (parsed.requestTimeout > parsed.callTimeout) {
    throw new InputError("invalid flags", [
      `--request-timeout ${parsed.requestTimeout}: expected at most --call-timeout (${parsed.callTimeout}), which bounds every attempt`,
    ]);
  }
  return {
    ...(parsed.config && { configFile: parsed.config }),
    outputs: parsed.outputs,
    filters: {
      ...(parsed.accounts && { accounts: parsed.accounts }),
      ...(parsed.models && { models: parsed.models }),
      ...(parsed.regions && { regions: parsed.regions }),
    },
    logLevel: parsed.verbose ? "debug" : parsed.quiet ? "warn" : "info",
    retry: retryPolicy(parsed.retries, parsed.retryBaseDelay * 1000, parsed.callTimeout * 1000),
    requestTimeoutMs: parsed.requestTimeout * 1000,
    callTimeoutMs: parsed.callTimeout * 1000,
    ...(parsed.report && { reportFile: parsed.report }),
    ...(parsed.markdown && { markdownFile: parsed.markdown }),
    ...(parsed.maxDuration !== undefined && { maxDurationMs: parsed.maxDuration * 1000 }),
  };
}
