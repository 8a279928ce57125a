import type { AccessConfig } from "../config/schema";
import type { PreflightResult } from "../contracts/preflight-report";
import type { Logger } from "../core/logger";
import type { EnablementAws } from "../enablement/aws/port";
import { DEFAULT_TIMEOUTS } from "../enablement/aws/retry";
import type { EnablementTargets } from "../enablement/targets";
import { runPreflight } from "../preflight/run-preflight";
import type { PreflightTargets } from "../preflight/targets";
import type { PreflightAws } from "../preflight/aws/port";
import type { SdkPreflightAwsOptions } from "../preflight/aws/sdk-adapter";
import { roleAccess } from "./role-access";
import { preflightTargets } from "./targets";

export interface PreflightRun {
  readonly config: AccessConfig;
  /** What enable would act on (from the stack outputs), or, before deploy, what the config plans (`configTargets`). */
  readonly targets: EnablementTargets | PreflightTargets;
  /**
   * The enablement's adapter, to assume the roles and list the models as enable does; left out by enable, which makes
   * those calls itself account by account (see PreflightDeps.roles).
   */
  readonly roles?: { readonly aws: EnablementAws; readonly sessionName: string };
  /** Creates the Organizations and Account Management client, with the caller's own credentials. */
  readonly io: { readonly createPreflightAws: (options: SdkPreflightAwsOptions) => PreflightAws & { destroy?(): void } };
  readonly log: Logger;
  readonly concurrency: number;
  readonly requestTimeoutMs: number;
  readonly callTimeoutMs: number;
}

/** Runs the preflight for what enable would act on, with Organizations and Account Management read as the caller. */
export async function preflightFor(run: PreflightRun): Promise<PreflightResult> {
  const org = run.io.createPreflightAws({
    region: run.config.managementAccount.region,
    connectionTimeoutMs: DEFAULT_TIMEOUTS.connectionTimeoutMs,
    requestTimeoutMs: run.requestTimeoutMs,
    callTimeoutMs: run.callTimeoutMs,
  });
  try {
    const targets = "useCase" in run.targets ? preflightTargets(run.config, run.targets) : run.targets;
    return await runPreflight(targets, {
      aws: org,
      ...(run.roles && { roles: roleAccess(run.roles.aws, run.roles.sessionName) }),
      log: run.log,
      concurrency: run.concurrency,
    });
  } finally {
    org.destroy?.();
  }
}
