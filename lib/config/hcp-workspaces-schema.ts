import { z } from "zod";
import type { AddIssue, IssuePath } from "./account-checks";
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

/**
 * The workspaces' roles must be the config's own principals: a plan role that is not a plan principal could not
 * assume the plan-reader roles, and one that is a pipeline principal would give pull-request plans deploy rights.
 */
export function checkHcpWorkspaces(
  workspaces: z.infer<typeof hcpWorkspacesSchema>,
  principals: { readonly planPrincipals: readonly string[]; readonly pipelinePrincipals: readonly string[] },
  add: AddIssue,
): void {
  const at = (...path: IssuePath): IssuePath => ["backend", "workspaces", ...path];
  if (!principals.planPrincipals.includes(workspaces.planRoleArn))
    add(at("planRoleArn"), "expected one of managementAccount.planPrincipals");
  if (!principals.pipelinePrincipals.includes(workspaces.applyRoleArn))
    add(at("applyRoleArn"), "expected one of managementAccount.pipelinePrincipals");
}
