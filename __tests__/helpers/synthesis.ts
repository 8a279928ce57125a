import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type Configuration = Record<string, unknown>;

/**
 * A stack's cdk.tf.json as cdktf writes it: metadata under `//`, a backend, a provider (assuming `roleArn`), one role
 * with a policy.
 */
export const stackConfiguration = (
  name: string,
  overrides: Configuration = {},
  roleArn = `arn:aws:iam::111111111111:role/${name}-deploy`,
): Configuration => ({
  "//": { metadata: { backend: "s3", stackName: name, version: "0.21.0" }, outputs: { [name]: { account_id: "account_id" } } },
  provider: { aws: [{ region: "us-east-1", assume_role: [{ role_arn: roleArn }] }] },
  resource: {
    aws_iam_policy: {
      invoke: {
        "//": { metadata: { path: `${name}/invoke`, uniqueId: "invoke" } },
        name: "bedrock-invoke",
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }] }),
      },
    },
  },
  terraform: {
    backend: { s3: { bucket: "state", key: `${name}.tfstate`, region: "us-east-1" } },
    required_providers: { aws: { source: "aws", version: "5.100.0" } },
  },
  ...overrides,
});

/** Writes a cdktf.out at `out`: manifest.json and stacks/<name>/cdk.tf.json for each stack given; returns `out`. */
export function writeSynthesis(out: string, stacks: Record<string, Configuration>): string {
  const manifest: Record<string, unknown> = {};
  for (const [name, configuration] of Object.entries(stacks)) {
    mkdirSync(join(out, "stacks", name), { recursive: true });
    writeFileSync(join(out, "stacks", name, "cdk.tf.json"), JSON.stringify(configuration, null, 2));
    manifest[name] = { name, workingDirectory: `stacks/${name}`, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  writeFileSync(join(out, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: manifest }));
  return out;
}
