import { silentLogger, type Logger } from "../core/logger";
import type { Report } from "../contracts/report";
import { DEFAULT_RETRY, DEFAULT_TIMEOUTS, retryPolicy } from "../enablement/aws/retry";
import { SdkEnablementAws } from "../enablement/aws/sdk-adapter";
import { systemClock } from "../enablement/clock";
import { DEFAULT_ENABLE_OPTIONS, type EnableOptions as EnableBehaviour } from "../enablement/options";
import { lineProgress } from "../enablement/progress/progress";
import type { RunContext } from "../enablement/run-context";
import { runEnablement } from "../enablement/run-enablement";
import { runStatus } from "../enablement/status/run-status";
import { buildTargets, type EnablementTargets, type TargetFilters } from "../enablement/targets";
import { SdkPreflightAws } from "../preflight/aws/sdk-adapter";
import { enableAfterPreflight } from "../preflight-gate/enable-after-preflight";
import type { AccessConfig } from "../config/schema";
import { configOf, outputsOf, type ConfigSource, type OutputsSource } from "./sources";

/** What enable and status read and how hard they call AWS; the defaults are the CLI's. */
export type EnablementOptions = ConfigSource &
  TargetFilters & {
    readonly outputs: OutputsSource;
    /** AWS calls in flight across every account. @default 64 */
    readonly concurrency?: number;
    /** AWS calls in flight per account. @default 2 */
    readonly accountConcurrency?: number;
    /** Our retries of throttled or failing steps, on top of the SDK's. @default 3 */
    readonly retries?: number;
    readonly requestTimeoutMs?: number;
    readonly callTimeoutMs?: number;
    /** Stop starting work after this long; the report says the run was interrupted. @default - no limit */
    readonly maxDurationMs?: number;
    /** Where the run's log lines go. @default - nowhere */
    readonly logger?: Logger;
  };

export type EnableOptions = EnablementOptions &
  Partial<Pick<EnableBehaviour, "strategy" | "dryRun" | "updateUseCase" | "forceInvoke" | "waitTimeoutMs" | "pollIntervalMs">> & {
    /** Check the Organization first and stop before any AWS write on a blocking finding. @default true */
    readonly preflight?: boolean;
  };

export type StatusOptions = EnablementOptions & {
  /** Prove each Messages API profile with one 8-token request. @default false */
  readonly proveMessages?: boolean;
};

/** See index.ts. */
export function enable(options: EnableOptions): Promise<Report> {
  const defaults = DEFAULT_ENABLE_OPTIONS;
  const behaviour: EnableBehaviour = {
    strategy: options.strategy ?? defaults.strategy,
    dryRun: options.dryRun ?? defaults.dryRun,
    updateUseCase: options.updateUseCase ?? defaults.updateUseCase,
    forceInvoke: options.forceInvoke ?? defaults.forceInvoke,
    concurrency: options.concurrency ?? defaults.concurrency,
    accountConcurrency: options.accountConcurrency ?? defaults.accountConcurrency,
    waitTimeoutMs: options.waitTimeoutMs ?? defaults.waitTimeoutMs,
    pollIntervalMs: options.pollIntervalMs ?? defaults.pollIntervalMs,
  };
  return enablementRun(options, (targets, run, config) => {
    const { requestTimeoutMs, callTimeoutMs } = timeoutsOf(options);
    const io = { createPreflightAws: (aws: ConstructorParameters<typeof SdkPreflightAws>[0]) => new SdkPreflightAws(aws) };
    const print = (text: string) => run.log.info(text);
    const preflight = options.preflight === false ? undefined : { config, io, requestTimeoutMs, callTimeoutMs, print };
    return enableAfterPreflight(targets, behaviour, run, preflight);
  });
}

/** See index.ts. */
export function status(options: StatusOptions): Promise<Report> {
  return enablementRun(options, (targets, run) =>
    runStatus(
      targets,
      {
        concurrency: options.concurrency ?? DEFAULT_ENABLE_OPTIONS.concurrency,
        accountConcurrency: options.accountConcurrency ?? DEFAULT_ENABLE_OPTIONS.accountConcurrency,
        proveMessages: options.proveMessages ?? false,
      },
      run,
    ),
  );
}

async function enablementRun(
  options: EnablementOptions,
  run: (targets: EnablementTargets, ctx: RunContext, config: AccessConfig) => Promise<Report>,
): Promise<Report> {
  const config = configOf(options);
  const filters: TargetFilters = {
    ...(options.accounts && { accounts: options.accounts }),
    ...(options.models && { models: options.models }),
    ...(options.regions && { regions: options.regions }),
  };
  const targets = buildTargets(config, outputsOf(options.outputs), filters);
  const log = options.logger ?? silentLogger;
  const timeouts = timeoutsOf(options);
  const { report } = await runEnablement(
    {
      log,
      progress: lineProgress(log),
      clock: systemClock,
      random: Math.random,
      retry: retryPolicy(options.retries ?? DEFAULT_RETRY.attempts - 1, DEFAULT_RETRY.baseDelayMs, timeouts.callTimeoutMs),
      stsRegion: config.managementAccount.region,
      ...timeouts,
      ...(options.maxDurationMs !== undefined && { maxDurationMs: options.maxDurationMs }),
      createAws: (aws) => new SdkEnablementAws(aws),
    },
    (ctx) => run(targets, ctx, config),
  );
  return report;
}

function timeoutsOf(options: EnablementOptions): { requestTimeoutMs: number; callTimeoutMs: number } {
  return {
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs,
    callTimeoutMs: options.callTimeoutMs ?? DEFAULT_TIMEOUTS.callTimeoutMs,
  };
}
