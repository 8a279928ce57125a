import { z } from "zod";
import { PROFILE_KINDS, type ProfileKind } from "../../domain/catalog/catalog";

/**
 * The outputs contract: what the stacks export and what the post-apply script reads, defined once.
 * Stacks create one TerraformOutput per key below; `cdktf deploy --outputs-file` writes them as
 * `{ "<stack name>": { "<output>": value } }`, and `terraform output -json` as `{ "<output>": { value } }`.
 */
export const MANAGEMENT_STACK_NAME = "management";
export const runtimeStackName = (accountName: string): string => `runtime-${accountName}`;

export const RUNTIME_ROLE_KINDS = ["plain", "github-oidc", "runs-on"] as const;

const arn = z.string().startsWith("arn:");

export const managementOutputsSchema = z.object({
  account_id: z.string().regex(/^\d{12}$/),
  use_case_submitter_role_arn: arn,
  use_case_region: z.string().min(1),
});

export const modelProfileOutputSchema = z.object({
  region: z.string(),
  model_id: z.string(),
  kind: z.enum(PROFILE_KINDS as [ProfileKind, ...ProfileKind[]]),
  /** What Converse is called with: the inference profile id, or the model id for in-region. */
  invocation_id: z.string(),
  /** Empty for in-region invocation. */
  inference_profile_arn: z.string(),
});

export const runtimeRoleOutputSchema = z.object({
  arn,
  kind: z.enum(RUNTIME_ROLE_KINDS),
  /** Whether the pipeline principals are trusted to assume it (used to prove ordinary roles work). */
  pipeline_assumable: z.boolean(),
});

export const runtimeOutputsSchema = z.object({
  account_id: z.string().regex(/^\d{12}$/),
  regions: z.array(z.string()).min(1),
  first_use_role_arn: arn,
  invoke_policy_arn: arn,
  runtime_roles: z.array(runtimeRoleOutputSchema),
  model_profiles: z.array(modelProfileOutputSchema).min(1),
});

export type ManagementOutputs = z.infer<typeof managementOutputsSchema>;
export type RuntimeOutputs = z.infer<typeof runtimeOutputsSchema>;
export type ModelProfileOutput = z.infer<typeof modelProfileOutputSchema>;
export type RuntimeRoleOutput = z.infer<typeof runtimeRoleOutputSchema>;
export type ManagementOutputName = keyof ManagementOutputs;
export type RuntimeOutputName = keyof RuntimeOutputs;
