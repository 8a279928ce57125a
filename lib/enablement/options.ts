import type { Strategy } from "../contracts/report";

/** How a run behaves; the CLI fills it from flags, tests directly. */
export interface EnableOptions {
  /** invoke: the first Converse creates the agreement; agreement: CreateFoundationModelAgreement without a prompt. */
  readonly strategy: Strategy;
  /** Read only: report what would be submitted and invoked. */
  readonly dryRun: boolean;
  /** Overwrite a submitted use-case form that differs from the config. */
  readonly updateUseCase: boolean;
  /** Invoke (or create the agreement) even where the agreement is already AVAILABLE, and prove it again. */
  readonly forceInvoke: boolean;
  /**
   * AWS calls in flight at once, across every account. Every account's flow proceeds at once; only calls wait for a
   * slot, and a wait for an agreement (or a form) holds none.
   */
  readonly concurrency: number;
  /** AWS calls in flight in one account, to stay under its Bedrock request quotas. */
  readonly accountConcurrency: number;
  /** How long to wait for an agreement to become AVAILABLE (and a new form to take effect). */
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  /** Profiles (`profileKey`) a previous run left unproven: proved even when already enabled. @default - none */
  readonly proofsDue?: ReadonlySet<string>;
}

export const DEFAULT_ENABLE_OPTIONS: EnableOptions = {
  strategy: "invoke",
  dryRun: false,
  updateUseCase: false,
  forceInvoke: false,
  concurrency: 64,
  accountConcurrency: 2,
  waitTimeoutMs: 10 * 60_000,
  pollIntervalMs: 10_000,
};
