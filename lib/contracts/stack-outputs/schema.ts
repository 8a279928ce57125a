import { z } from "zod";
import { PROFILE_KINDS, type ResolvedProfile } from "../../domain/catalog/catalog";

/**
 * The outputs contract: what the stacks export and what the post-apply script reads, defined once.
 * Stacks write every key below through `writeOutputs` (write.ts), which checks the values against these
 * schemas; `cdktf deploy --outputs-file` writes them as `{ "<stack name>": { "<output>": value } }`, and
 * `terraform output -json` as `{ "<output>": { value } }`; `read.ts` reads both back through the same schemas.
 * Each field's description becomes the TerraformOutput's description.
 */
export const MANAGEMENT_STACK_NAME = "management";
export const runtimeStackName = (accountName: string): string => `runtime-${accountName}`;

const RUNTIME_ROLE_KINDS = ["plain", "github-oidc", "runs-on"] as const;

const arn = z.string().startsWith("arn:");
const accountId = z.string().regex(/^\d{12}$/);

export const managementOutputsSchema = z.object({
  account_id: accountId.describe("The Organization management account id."),
  use_case_submitter_role_arn: arn.describe("Role that submits the use-case form."),
  use_case_region: z.string().min(1).describe("Region the use-case form is submitted in."),
});

const modelProfileOutputSchema = z.object({
  region: z.string(),
  model_id: z.string(),
  kind: z.enum(PROFILE_KINDS),
  /** What Converse is called with: the inference profile id, or the model id for in-region. */
  invocation_id: z.string(),
  /** Empty for in-region invocation. */
  inference_profile_arn: z.string(),
  /** Regions whose foundation-model ARN the invoke policy grants for this profile (enable compares them with AWS's routing). */
  destination_regions: z.array(z.string()).min(1),
});

const runtimeRoleOutputSchema = z.object({
  arn,
  kind: z.enum(RUNTIME_ROLE_KINDS),
  /** Whether the pipeline principals are trusted to assume it (used to prove ordinary roles work). */
  pipeline_assumable: z.boolean(),
});

export const runtimeOutputsSchema = z.object({
  account_id: accountId.describe("The runtime account id."),
  regions: z.array(z.string()).min(1).describe("Regions the models are enabled in."),
  first_use_role_arn: arn.describe("Role the enablement script invokes each model with once."),
  invoke_policy_arn: arn.describe("The managed invoke policy."),
  runtime_roles: z.array(runtimeRoleOutputSchema).describe("Roles CI uses to invoke the models."),
  model_profiles: z.array(modelProfileOutputSchema).min(1).describe("Every (region, model, profile) to enable."),
});

export type ManagementOutputs = z.infer<typeof managementOutputsSchema>;
export type RuntimeOutputs = z.infer<typeof runtimeOutputsSchema>;
export type ModelProfileOutput = z.infer<typeof modelProfileOutputSchema>;
export type RuntimeRoleOutput = z.infer<typeof runtimeRoleOutputSchema>;

/** A resolved profile as the stacks export it (and tests fake it). */
export function modelProfileOutput(p: ResolvedProfile): ModelProfileOutput {
  return {
    region: p.sourceRegion,
    model_id: p.modelId,
    kind: p.kind,
    invocation_id: p.invocationId,
    inference_profile_arn: p.inferenceProfileArn ?? "",
    destination_regions: [...p.destinationRegions],
  };
}
