import { z } from "zod";
import { formatPath, parseWith } from "../core/validation";

/**
 * The parts of `terraform show -json <planfile>` the summary reads (format_version 1.x). Everything
 * else in the document is ignored, so newer Terraform versions that add fields still parse.
 */
const attributesSchema = z.record(z.string(), z.unknown());

const changeSchema = z.object({
  /** ["create"], ["update"], ["delete"], ["delete","create"] (replace), ["no-op"], ["read"], ["forget"]. */
  actions: z.array(z.string()).min(1),
  before: attributesSchema.nullable().optional(),
  after: attributesSchema.nullable().optional(),
  /** Attributes (nested like `after`) whose value is known only after apply are `true` here. */
  after_unknown: z.union([attributesSchema, z.boolean()]).optional(),
  /** Attributes (nested like `before`/`after`) marked sensitive are `true` here; `terraform show -json` still carries their values. */
  before_sensitive: z.union([attributesSchema, z.boolean()]).optional(),
  after_sensitive: z.union([attributesSchema, z.boolean()]).optional(),
});

const resourceChangeSchema = z.object({
  address: z.string(),
  mode: z.string().default("managed"),
  type: z.string(),
  name: z.string(),
  change: changeSchema,
});

const expressionSchema = z.object({ references: z.array(z.string()).optional() }).passthrough();

const configResourceSchema = z.object({
  address: z.string(),
  expressions: z.record(z.string(), z.unknown()).default({}),
});

const providerConfigSchema = z.object({
  name: z.string().optional(),
  expressions: z.record(z.string(), z.unknown()).default({}),
});

/**
 * Not Terraform's: `bedrock-access plan` adds it to a plan file it built from the stack's synthesized configuration
 * instead of planning it (a new account: no state, and no plan-reader role to assume yet; run/synthesized-plan.ts).
 */
const reviewMarkerSchema = z.object({ review: z.literal("synthesized"), reason: z.string() });

/** @internal its tests read it */
export const planJsonSchema = z.object({
  format_version: z.string().regex(/^1\./, { error: "expected format_version 1.x (terraform show -json of a saved plan)" }),
  terraform_version: z.string().optional(),
  bedrock_access: reviewMarkerSchema.optional(),
  resource_changes: z.array(resourceChangeSchema).default([]),
  configuration: z
    .object({
      provider_config: z.record(z.string(), providerConfigSchema).default({}),
      root_module: z.object({ resources: z.array(configResourceSchema).default([]) }).default({ resources: [] }),
    })
    .default({ provider_config: {}, root_module: { resources: [] } }),
  errored: z.boolean().default(false),
});

export type PlanJson = z.output<typeof planJsonSchema>;
export type ResourceChange = PlanJson["resource_changes"][number];
export type ReviewMarker = z.output<typeof reviewMarkerSchema>;

/** One stack's plan as read from `<stack>.json`. */
export interface StackPlan {
  readonly stack: string;
  /** The file it came from, for messages. */
  readonly source: string;
  readonly plan: PlanJson;
}

export const NOT_PLAN_JSON = (parserMessage: string): string =>
  `not JSON (${parserMessage}); expected the output of terraform show -json PLANFILE`;

/** Validates parsed plan JSON; problems name the path in the document (`resource_changes[3].change`). */
export function planFromJson(json: unknown, source: string): PlanJson {
  return parseWith(planJsonSchema, json, {
    title: `${source}: cannot read the plan`,
    describe: (issue) => `${formatPath(issue.path) || "(root)"}: ${issue.message}`,
  });
}

/** The references of one configuration expression (`{references: ["aws_iam_policy.x.arn", "aws_iam_policy.x"]}`). */
export function expressionReferences(expression: unknown): string[] {
  const parsed = expressionSchema.safeParse(expression);
  return parsed.success ? (parsed.data.references ?? []) : [];
}

const constantList = z.object({ constant_value: z.array(z.string()) });

/** The account the stack's AWS provider is pinned to (`allowed_account_ids`), when it is a constant. */
export function providerAccountId(plan: PlanJson): string | undefined {
  for (const provider of Object.values(plan.configuration.provider_config)) {
    const ids = constantList.safeParse(provider.expressions.allowed_account_ids);
    if (ids.success && ids.data.constant_value.length === 1) return ids.data.constant_value[0];
  }
  return undefined;
}
