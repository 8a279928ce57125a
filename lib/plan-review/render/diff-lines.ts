import { STATEMENT_PARTS, type PolicyDiff, type StatementDiff, type StatementPart } from "../policy-diff";
import { REMOVED_NOTE, SYNTHESIZED_NOTE, type ChangeAction, type Counts, type ResourceSummary, type StackSummary } from "../model";

/** Terraform's own symbols, so the summary reads like `terraform plan`. */
export const ACTION_SYMBOLS: Readonly<Record<ChangeAction, string>> = {
  create: "+",
  update: "~",
  delete: "-",
  replace: "-/+",
  forget: ".",
};

const LABELS: Readonly<Record<StatementPart, string>> = {
  actions: "Action",
  notActions: "NotAction",
  resources: "Resource",
  notResources: "NotResource",
  principals: "Principal",
  notPrincipals: "NotPrincipal",
  conditions: "Condition",
};
const LABEL_WIDTH = 13;

export const formatCounts = (c: Counts): string => `${c.add} to add, ${c.change} to change, ${c.destroy} to destroy`;
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Why a stack's plan is not an ordinary plan: reviewed from its synthesized configuration, or a destroy plan. */
export const stackNote = (stack: StackSummary): string | undefined =>
  stack.synthesized ? SYNTHESIZED_NOTE : stack.removed ? REMOVED_NOTE : undefined;

/** What follows the address: ` (bedrock-invoke): attached to role bedrock-first-use, bedrock-runtime`. */
export function resourceDetail(resource: ResourceSummary): string {
  const name = resource.iamName ? ` (${resource.iamName})` : "";
  return `${name}${resource.relation ? `: ${resource.relation}` : ""}`;
}

/** `~ aws_iam_policy.invoke-policy (bedrock-invoke)`. */
export function resourceHeading(resource: ResourceSummary): string {
  return `${ACTION_SYMBOLS[resource.action]} ${resource.address}${resourceDetail(resource)}`;
}

function statementLines(statement: StatementDiff): string[] {
  const title = `Statement ${statement.key} (${statement.effect})`;
  const lines = statement.status === "added" ? [`+ ${title}`] : statement.status === "removed" ? [`- ${title}`] : [`  ${title}`];
  if (statement.effectBefore)
    lines.push(`-   ${"Effect".padEnd(LABEL_WIDTH)}${statement.effectBefore}`, `+   ${"Effect".padEnd(LABEL_WIDTH)}${statement.effect}`);
  for (const part of STATEMENT_PARTS) {
    const label = LABELS[part].padEnd(LABEL_WIDTH);
    lines.push(...statement[part].removed.map((v) => `-   ${label}${v}`), ...statement[part].added.map((v) => `+   ${label}${v}`));
  }
  return lines;
}

function policyLines(diff: PolicyDiff): string[] {
  const lines = [`@@ ${diff.kind === "trust" ? "trust policy" : "permissions"} (${diff.attribute}) @@`];
  if (diff.after.state === "unknown") lines.push("  known after apply: the document embeds a value Terraform computes during apply");
  else if (diff.after.state === "invalid") lines.push(`  cannot read the new document: ${diff.after.problem}`);
  else if (diff.after.state === "sensitive") lines.push("  (sensitive): Terraform marks the document sensitive; it is not shown");
  for (const statement of diff.statements) lines.push(...statementLines(statement));
  return lines;
}

/**
 * The body of one resource's change in unified-diff style (`+` granted, `-` revoked), shared by the
 * Markdown (inside a ```diff block, which GitHub colours) and the plain-text renderers.
 */
export function resourceLines(resource: ResourceSummary): string[] {
  return [
    ...resource.policies.flatMap(policyLines),
    ...resource.attributes.map((a) => (a.before !== undefined ? `~ ${a.name}: ${a.before} → ${a.after}` : `~ ${a.name}`)),
  ];
}
