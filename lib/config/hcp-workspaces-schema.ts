import { z } from "zod";
import { principalArn } from "./fields";

/**
 * `backend.workspaces` (cloud backend only): the `hcp-workspaces` stack creates each stack's HCP Terraform workspace,
 * its dynamic-credential variables, and the notification that starts `enable` after an apply (docs/ci.md,
 * "Workspaces created by the pipeline").
 */
export const hcpWorkspacesSchema = z.strictObject({
  planRoleArn: principalArn.describe(
    "TFC_AWS_PLAN_ROLE_ARN of every workspace: the read-only plan role, one of managementAccount.planPrincipals.",
  ),
  applyRoleArn: principalArn.describe(
    "TFC_AWS_APPLY_ROLE_ARN of every workspace: the pipeline role, one of managementAccount.pipelinePrincipals.",
  ),
  firstApply: z
    .array(z.string().regex(/^[\w-]+$/, { error: "expected a stack name such as management or runtime-ci-prod" }))
    .default([])
    .describe(
      "Stacks not applied yet (their plan-reader role does not exist): their workspace gets TFC_AWS_RUN_ROLE_ARN = applyRoleArn only. Remove a stack once its first apply is done.",
    ),
  executionMode: z.enum(["remote", "agent"]).default("remote"),
  agentPoolId: z.string().optional().describe("With executionMode agent: the agent pool's id."),
  notificationUrl: z
    .url({ protocol: /^https$/, error: "expected an https URL" })
    .optional()
    .describe(
      "A generic webhook that HCP Terraform calls when a run completes (run:completed); it relays to GitHub's repository_dispatch to start enable.",
    ),
});
