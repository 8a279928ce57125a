import { TerraformOutput, Token } from "cdktf";
import type { Construct } from "constructs";
import { z } from "zod";
import { describeIssue, valueAt } from "../../core/validation";

/** A value the stack knows at synth time, or a string Terraform resolves at apply (a role's ARN). */
const isToken = (value: unknown): boolean => typeof value === "string" && Token.isUnresolved(value);

/**
 * Writes a stack's outputs as the contract defines them: one TerraformOutput per field of `schema`, with
 * the field's description. The values are checked against the schema at synth, except where a value is
 * a token Terraform resolves during apply; a wrong value fails synth with the field and what was expected.
 */
export function writeOutputs<S extends z.ZodObject>(scope: Construct, schema: S, values: z.input<S>): void {
  const result = schema.safeParse(values);
  const problems = result.success
    ? []
    : result.error.issues.filter((issue) => !isToken(valueAt(values, issue.path))).map((issue) => describeIssue(issue, values));
  if (problems.length > 0) throw new Error(`${scope.node.path}: outputs do not match the outputs contract\n  - ${problems.join("\n  - ")}`);
  const given = new Map(Object.entries(values as object));
  for (const [name, field] of Object.entries(schema.shape)) {
    new TerraformOutput(scope, name, { value: given.get(name), description: z.globalRegistry.get(field)?.description ?? name });
  }
}
