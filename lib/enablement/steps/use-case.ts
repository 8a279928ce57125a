import { logFailure, retrying, type StepContext } from "../context";
import type { UseCaseTarget } from "../targets";
import type { UseCaseReport, UseCaseStatus } from "../../contracts/report";
import { failureReport } from "../report/build";
import { assume } from "./enter-account";
import { decodeForm, diffForm, encodeForm, type FieldDifference } from "../../domain/use-case-form";

type UseCaseMode = "enable" | "dry-run" | "status";

export interface UseCaseOptions {
  readonly mode: UseCaseMode;
  /** Overwrite a submitted form that differs from the config. @default false */
  readonly update?: boolean;
}

const task = (target: UseCaseTarget) => (target.scope === "organization" ? "use-case form" : `use-case form in ${target.region}`);

/**
 * Step 1: the Anthropic use-case form, through the submitter role in the management account. Reads it
 * first: submits when none exists, leaves an equal one alone, and overwrites a different one only with
 * `update` (it reports the differences either way). "dry-run" and "status" never write.
 */
export async function ensureUseCase(target: UseCaseTarget, options: UseCaseOptions, ctx: StepContext): Promise<UseCaseReport> {
  const base = { accountId: target.accountId, roleArn: target.roleArn, region: target.region };
  const { group } = target;
  const name = task(target);
  ctx.progress.task({ group, task: name, state: "running" });
  try {
    const session = await assume(target.roleArn, ctx);
    const stored = await retrying(ctx, "GetUseCaseForModelAccess", () => ctx.aws.getUseCase(session, target.region));
    const differences: FieldDifference[] = stored === undefined ? [] : diffForm(decodeForm(stored), target.form);
    const status = decide(stored !== undefined, differences.length > 0, options);
    if (status === "submitted" || status === "updated") {
      await retrying(ctx, "PutUseCaseForModelAccess", () => ctx.aws.putUseCase(session, target.region, encodeForm(target.form)));
    }
    if (differences.length > 0) {
      const fields = differences.map(
        (d) => `${d.field}: submitted ${JSON.stringify(d.submitted)}, configured ${JSON.stringify(d.configured)}`,
      );
      const outcome =
        status === "updated"
          ? "overwritten (--update-use-case)"
          : status === "would-update"
            ? "would be overwritten"
            : "left as is; --update-use-case overwrites it";
      ctx.log.warn(
        `the use-case form ${target.accountId} submitted in ${target.region} differs from the config, ${outcome}:\n  ${fields.join("\n  ")}`,
      );
    }
    ctx.progress.task({ group, task: name, state: status === "unchanged" || status === "differs" ? "skipped" : "done", detail: status });
    return { ...base, status, differences };
  } catch (err) {
    const failure = logFailure(ctx, err, {
      roleArn: target.roleArn,
      roleLabel: target.scope === "organization" ? "use-case submitter role" : "first-use role",
      accountId: target.accountId,
      region: target.region,
    });
    ctx.progress.task({ group, task: name, state: "failed", detail: failure.kind });
    return { ...base, status: "failed", differences: [], error: failureReport(failure) };
  }
}

const WHEN_MISSING = { enable: "submitted", "dry-run": "would-submit", status: "not-submitted" } as const satisfies Record<
  UseCaseMode,
  UseCaseStatus
>;

function decide(exists: boolean, differs: boolean, options: UseCaseOptions): UseCaseStatus {
  if (!exists) return WHEN_MISSING[options.mode];
  if (!differs) return "unchanged";
  if (!options.update || options.mode === "status") return "differs";
  return options.mode === "dry-run" ? "would-update" : "updated";
}
