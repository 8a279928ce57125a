import { planJsonSchema, type StackPlan } from "../../lib/plan-review/plan-json";

/** Small hand-made `terraform show -json` documents for unit tests (the e2e test uses real ones). */
export interface ChangeSpec {
  readonly address: string;
  readonly actions: string[];
  readonly before?: Record<string, unknown> | null;
  readonly after?: Record<string, unknown> | null;
  readonly afterUnknown?: Record<string, unknown>;
  /** `after_sensitive`: attributes (nested like `after`) Terraform marks sensitive. */
  readonly afterSensitive?: Record<string, unknown>;
  readonly mode?: "managed" | "data";
  /** Configuration expressions with references, e.g. `{ policy_arn: ["aws_iam_policy.x.arn", "aws_iam_policy.x"] }`. */
  readonly references?: Record<string, string[]>;
}

export const doc = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });

export function stackPlan(stack: string, changes: readonly ChangeSpec[], accountId = "222222222222"): StackPlan {
  const plan = planJsonSchema.parse({
    format_version: "1.2",
    resource_changes: changes.map((c) => ({
      address: c.address,
      mode: c.mode ?? "managed",
      type: c.address.replace(/^data\./, "").split(".")[0],
      name: c.address.split(".").pop(),
      change: {
        actions: c.actions,
        before: c.before ?? null,
        after: c.after ?? null,
        after_unknown: c.afterUnknown ?? {},
        ...(c.afterSensitive && { after_sensitive: c.afterSensitive }),
      },
    })),
    configuration: {
      provider_config: { aws: { name: "aws", expressions: { allowed_account_ids: { constant_value: [accountId] } } } },
      root_module: {
        resources: changes.map((c) => ({
          address: c.address,
          // As Terraform writes them: every argument the configuration sets, as a constant or as references.
          expressions: {
            ...Object.fromEntries(
              Object.keys(c.after ?? c.before ?? {}).map((k) => [k, { constant_value: (c.after ?? c.before ?? {})[k] }]),
            ),
            ...Object.fromEntries(Object.entries(c.references ?? {}).map(([k, refs]) => [k, { references: refs }])),
          },
        })),
      },
    },
  });
  return { stack, source: `${stack}.json`, plan };
}

export const role = (name: string, trust: string, extra: Record<string, unknown> = {}) => ({
  name,
  assume_role_policy: trust,
  max_session_duration: 3600,
  ...extra,
});
export const PIPELINE_TRUST = doc({
  Sid: "TrustedPrincipals",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111111111111:role/platform-pipeline" },
  Action: "sts:AssumeRole",
});
