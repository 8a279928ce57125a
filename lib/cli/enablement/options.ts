import type { Command } from "commander";
import { z } from "zod";
import { InputError } from "../../core/errors";
import type { LogLevel } from "../../core/logger";
import { STRATEGIES } from "../../contracts/report";
import { DEFAULT_RETRY, DEFAULT_TIMEOUTS, type RetryPolicy } from "../../enablement/aws/retry";
import { DEFAULT_ENABLE_OPTIONS, type EnableOptions } from "../../enablement/options";
import type { TargetFilters } from "../../enablement/targets";
import { CONFIG_OPTION, count, list, seconds } from "../options";

/** Flags enable and status share. */
export const commonSchema = z.object({
  config: z.string().optional(),
  outputs: z.array(z.string()).min(1, { error: "expected at least one file or directory" }),
  accounts: list,
  models: list,
  regions: list,
  concurrency: count(64),
  accountConcurrency: count(16),
  retries: count(10, 0),
  retryBaseDelay: seconds(0),
  report: z.string().optional(),
  markdown: z.string().optional(),
  maxDuration: seconds(1).optional(),
  requestTimeout: seconds(1),
  callTimeout: seconds(1),
  verbose: z.boolean().default(false),
  quiet: z.boolean().default(false),
});

export const enableSchema = commonSchema.extend({
  strategy: z.enum(STRATEGIES, { error: `expected one of ${STRATEGIES.join(", ")}` }),
  dryRun: z.boolean().default(false),
  updateUseCase: z.boolean().default(false),
  forceInvoke: z.boolean().default(false),
  waitTimeout: seconds(0),
  pollInterval: seconds(1),
  previousReport: z.string().optional(),
  /** `--no-preflight` sets it false. */
  preflight: z.boolean().default(true),
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
  /** Stop starting work after this long, then report (exit 1). @default - no limit */
  readonly maxDurationMs?: number;
  /** One HTTP attempt with no data for this long fails (and is retried as transient). */
  readonly requestTimeoutMs: number;
  /** One AWS call, all its attempts and retries included, ends after this long. */
  readonly callTimeoutMs: number;
}

/** `--request-timeout` and `--call-timeout`, for every command that calls AWS. */
export const REQUEST_TIMEOUT_OPTION = [
  "--request-timeout <seconds>",
  "an HTTP attempt with no data for this long fails (retried as transient)",
  String(DEFAULT_TIMEOUTS.requestTimeoutMs / 1000),
] as const;
export const CALL_TIMEOUT_OPTION = [
  "--call-timeout <seconds>",
  "an AWS call ends after this long, its retries included (a frozen endpoint fails the call, never hangs the run)",
  String(DEFAULT_TIMEOUTS.callTimeoutMs / 1000),
] as const;

export function defineCommonFlags(command: Command): Command {
  return command
    .option(...CONFIG_OPTION)
    .option(
      "-o, --outputs <paths...>",
      "stack outputs: the file of cdktf deploy --outputs-file, or <stack>.json files of terraform output -json (files or directories)",
      ["outputs.json"],
    )
    .option("--accounts <names...>", "only these accounts (names or ids; comma-separated or repeated)")
    .option("--models <ids...>", "only these base model ids")
    .option("--regions <regions...>", "only these regions")
    .option(
      "--concurrency <n>",
      "AWS calls in flight at once, across every account (every account proceeds at once; a wait holds no slot)",
      String(DEFAULT_ENABLE_OPTIONS.concurrency),
    )
    .option(
      "--account-concurrency <n>",
      "AWS calls in flight per account (Bedrock quotas are per account)",
      String(DEFAULT_ENABLE_OPTIONS.accountConcurrency),
    )
    .option("--retries <n>", "our retries of throttled or failing steps, on top of the SDK's", String(DEFAULT_RETRY.attempts - 1))
    .option(
      "--retry-base-delay <seconds>",
      "the first of our retries waits up to this long, each next one up to twice as long (capped at 30 s)",
      String(DEFAULT_RETRY.baseDelayMs / 1000),
    )
    .option("--report <file>", "write the JSON report here")
    .option("--markdown <file>", "write a Markdown summary here (also appended to $GITHUB_STEP_SUMMARY when set)")
    .option(...REQUEST_TIMEOUT_OPTION)
    .option(...CALL_TIMEOUT_OPTION)
    .option("--max-duration <seconds>", "stop after this long: no new work, calls in flight abandoned; then write the report and exit 1")
    .option("-v, --verbose", "debug logs")
    .option("-q, --quiet", "warnings and errors only");
}

export function toCommonCli(parsed: z.output<typeof commonSchema>): CommonCli {
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
    retry: {
      ...DEFAULT_RETRY,
      attempts: parsed.retries + 1,
      baseDelayMs: parsed.retryBaseDelay * 1000,
      deadlineMs: parsed.callTimeout * 1000,
    },
    requestTimeoutMs: parsed.requestTimeout * 1000,
    callTimeoutMs: parsed.callTimeout * 1000,
    ...(parsed.report && { reportFile: parsed.report }),
    ...(parsed.markdown && { markdownFile: parsed.markdown }),
    ...(parsed.maxDuration !== undefined && { maxDurationMs: parsed.maxDuration * 1000 }),
  };
}

export function toEnableOptions(parsed: z.output<typeof enableSchema>): EnableOptions {
  return {
    strategy: parsed.strategy,
    dryRun: parsed.dryRun,
    updateUseCase: parsed.updateUseCase,
    forceInvoke: parsed.forceInvoke,
    concurrency: parsed.concurrency,
    accountConcurrency: parsed.accountConcurrency,
    waitTimeoutMs: parsed.waitTimeout * 1000,
    pollIntervalMs: parsed.pollInterval * 1000,
  };
}
