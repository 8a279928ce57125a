import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, PutRolePolicyCommand, type Tag } from "@aws-sdk/client-iam";
import pLimit from "p-limit";
import { z } from "zod";
import { iamPolicyArn, iamRoleArn, parseRoleArn } from "../lib/domain/arn";
import { clientsInAccount } from "../sandbox/aws-clients";

/**
 * What `cdktf deploy` would create, made in moto directly: for a benchmark of 1,000 accounts, where deploying 1,001
 * stacks takes hours on a small machine. Reads each synthesized stack (`cdktf.out/stacks/<stack>/cdk.tf.json`), assumes
 * the role its AWS provider assumes, and creates its IAM as written there: roles with their trust policies, managed
 * policies, inline role policies and attachments, same names, paths, documents and tags. Then gives the stacks' outputs
 * as `cdktf deploy --outputs-file` writes them. Any other resource type, field or reference is refused by name, so the
 * bench never measures IAM that differs from what the stacks declare.
 */

const metadata = z.object({ "//": z.unknown().optional() });
const tags = z.record(z.string(), z.string()).optional();
const roleSchema = metadata
  .extend({
    name: z.string(),
    path: z.string().default("/"),
    assume_role_policy: z.string(),
    description: z.string().optional(),
    max_session_duration: z.number().optional(),
    permissions_boundary: z.string().optional(),
    tags,
  })
  .strict();
const policySchema = metadata
  .extend({ name: z.string(), path: z.string().default("/"), policy: z.string(), description: z.string().optional(), tags })
  .strict();
const rolePolicySchema = metadata.extend({ name: z.string(), role: z.string(), policy: z.string() }).strict();
const attachmentSchema = metadata.extend({ role: z.string(), policy_arn: z.string() }).strict();

const stackSchema = z.object({
  "//": z.object({ outputs: z.record(z.string(), z.record(z.string(), z.string())).optional() }).optional(),
  provider: z.object({
    aws: z.array(z.object({ assume_role: z.array(z.object({ role_arn: z.string() })).min(1) }).passthrough()).length(1),
  }),
  resource: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  output: z.record(z.string(), z.object({ value: z.unknown() }).passthrough()).default({}),
});

const SUPPORTED = ["aws_iam_role", "aws_iam_policy", "aws_iam_role_policy", "aws_iam_role_policy_attachment"];

export interface DirectIamResult {
  readonly stacks: number;
  /** Resources created, by type. */
  readonly resources: Record<string, number>;
  /** `{ "<stack>": { "<output>": value } }`, as `cdktf deploy --outputs-file` writes it. */
  readonly outputs: Record<string, Record<string, unknown>>;
}

/** Creates every stack's IAM under `outDir` (cdktf synth's output) in moto at `endpoint`, `parallelism` stacks at a time. */
export async function createSynthesizedIam(outDir: string, endpoint: string, parallelism = 8): Promise<DirectIamResult> {
  const names = readdirSync(join(outDir, "stacks")).sort();
  const limit = pLimit(parallelism);
  const resources: Record<string, number> = {};
  const outputs: Record<string, Record<string, unknown>> = {};
  await Promise.all(
    names.map((name) =>
      limit(async () => {
        const stack = await createStack(name, join(outDir, "stacks", name, "cdk.tf.json"), endpoint);
        outputs[name] = stack.outputs;
        for (const [type, n] of Object.entries(stack.counts)) resources[type] = (resources[type] ?? 0) + n;
      }),
    ),
  );
  return { stacks: names.length, resources, outputs: Object.fromEntries(names.map((n) => [n, outputs[n]])) };
}

async function createStack(name: string, file: string, endpoint: string) {
  const stack = stackSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  for (const type of Object.keys(stack.resource)) {
    if (!SUPPORTED.includes(type)) throw new Error(`${file}: ${type} is not created by the bench (it creates ${SUPPORTED.join(", ")})`);
  }
  const providerRole = parseRoleArn(stack.provider.aws[0].assume_role[0].role_arn);
  if (!providerRole) throw new Error(`${file}: the provider's assume_role is not a role ARN`);
  const { account } = providerRole;
  const { iam } = await clientsInAccount(endpoint, account, providerRole.name);
  const refs = new Map<string, string>();
  const resolve = (text: string): string =>
    text.replace(/\$\{([a-z_]+\.[^.}]+\.[a-z_]+)\}/g, (_, ref: string) => {
      const value = refs.get(ref);
      if (value === undefined) throw new Error(`${file}: cannot resolve \${${ref}}`);
      return value;
    });
  const entries = <T extends z.ZodType>(type: string, schema: T): [string, z.output<T>][] =>
    Object.entries(stack.resource[type] ?? {}).map(([id, body]) => {
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new Error(`${file}: ${type}.${id}: ${z.prettifyError(parsed.error)}`);
      return [id, parsed.data];
    });
  const counts: Record<string, number> = {};
  const created = (type: string) => (counts[type] = (counts[type] ?? 0) + 1);

  for (const [id, p] of entries("aws_iam_policy", policySchema)) {
    await iam.send(
      new CreatePolicyCommand({
        PolicyName: p.name,
        Path: p.path,
        PolicyDocument: resolve(p.policy),
        Description: p.description,
        Tags: tagList(p.tags),
      }),
    );
    refs.set(`aws_iam_policy.${id}.arn`, iamPolicyArn(account, p.name, p.path));
    refs.set(`aws_iam_policy.${id}.name`, p.name);
    created("aws_iam_policy");
  }
  for (const [id, r] of entries("aws_iam_role", roleSchema)) {
    await iam.send(
      new CreateRoleCommand({
        RoleName: r.name,
        Path: r.path,
        AssumeRolePolicyDocument: resolve(r.assume_role_policy),
        Description: r.description,
        MaxSessionDuration: r.max_session_duration,
        PermissionsBoundary: r.permissions_boundary && resolve(r.permissions_boundary),
        Tags: tagList(r.tags),
      }),
    );
    refs.set(`aws_iam_role.${id}.arn`, iamRoleArn(account, r.name, r.path));
    refs.set(`aws_iam_role.${id}.name`, r.name);
    created("aws_iam_role");
  }
  for (const [, rp] of entries("aws_iam_role_policy", rolePolicySchema)) {
    await iam.send(new PutRolePolicyCommand({ RoleName: resolve(rp.role), PolicyName: rp.name, PolicyDocument: resolve(rp.policy) }));
    created("aws_iam_role_policy");
  }
  for (const [, a] of entries("aws_iam_role_policy_attachment", attachmentSchema)) {
    await iam.send(new AttachRolePolicyCommand({ RoleName: resolve(a.role), PolicyArn: resolve(a.policy_arn) }));
    created("aws_iam_role_policy_attachment");
  }
  iam.destroy();

  const resolveValue = (value: unknown): unknown =>
    typeof value === "string"
      ? resolve(value)
      : Array.isArray(value)
        ? value.map(resolveValue)
        : value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v)]))
          : value;
  // cdktf's outputs file names each output by its key in the stack's metadata (here the same as the logical id).
  const keys = stack["//"]?.outputs?.[name] ?? Object.fromEntries(Object.keys(stack.output).map((k) => [k, k]));
  const outputs = Object.fromEntries(
    Object.entries(keys).map(([key, logicalId]) => {
      const output = stack.output[logicalId];
      if (!output) throw new Error(`${file}: output ${logicalId} is listed in the metadata but not declared`);
      return [key, resolveValue(output.value)];
    }),
  );
  return { outputs, counts };
}

const tagList = (t: Record<string, string> | undefined): Tag[] | undefined =>
  t && Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
