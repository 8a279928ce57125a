import type { Report } from "../contracts/report";
import { unlessAborted } from "../core/abort";
import { runEnable } from "../enablement/enable/run-enable";
import type { EnableOptions } from "../enablement/options";
import type { RunContext } from "../enablement/run-context";
import type { EnablementTargets } from "../enablement/targets";
import { findingLine, renderPreflight, summaryLine } from "../preflight/report/render-table";
import { blockedReport, interruptedInPreflightReport, preflightSection } from "./blocked-report";
import { preflightFor, type PreflightRun } from "./run";

/**
 * enable, after the preflight: a blocking finding stops it before any AWS write (the findings printed, each blocked
 * profile's error naming them); otherwise enable runs, its report carrying the preflight's section. Without
 * `preflight` (`--no-preflight`), enable alone.
 */
export async function enableAfterPreflight(
  targets: EnablementTargets,
  enable: EnableOptions,
  run: RunContext,
  preflight:
    (Pick<PreflightRun, "config" | "io" | "requestTimeoutMs" | "callTimeoutMs"> & { readonly print: (text: string) => void }) | undefined,
): Promise<Report> {
  if (!preflight) return runEnable(targets, enable, run);
  const parts = { dryRun: enable.dryRun, strategy: enable.strategy, startedAt: new Date(run.clock.now()).toISOString() };
  const { print, ...checks } = preflight;
  // The Organization's checks only: enable assumes the roles and invokes the models itself, failing only the
  // account or profile that cannot, and finishing the others.
  // An interruption does not wait for the preflight's calls in flight: nothing has been written yet.
  const result = await unlessAborted(preflightFor({ ...checks, targets, log: run.log, concurrency: enable.concurrency }), run.signal);
  if (!result) return interruptedInPreflightReport(targets, parts, run);
  for (const finding of result.findings.filter((f) => f.severity === "warning")) run.log.warn(`preflight: ${findingLine(finding)}`);
  if (result.summary.blocking > 0) {
    run.log.error(`${summaryLine(result)} enable stopped before any AWS write; fix the findings, or run with --no-preflight`);
    print(renderPreflight(result));
    return blockedReport(targets, result, parts, run);
  }
  run.log.info(summaryLine(result));
  return { ...(await runEnable(targets, enable, run)), preflight: preflightSection(result) };
}
