import { z } from "zod";
import { isRecord } from "../../core/validation";
import type { ReviewMarker } from "../plan-json";

/**
 * A new account's first read-only plan cannot run: its plan-reader role is created by the deploy from main, and
 * nothing exists there yet to read. Its stack is reviewed from what `cdktf synth` wrote instead, using no
 * credentials in the account: every managed resource as a "create", as `terraform show -json` would show it.
 */
const SYNTHESIZED_REVIEW: ReviewMarker = {
  review: "synthesized",
  reason: "new account: no state and no plan-reader role yet",
};

/** The `format_version` of `terraform show -json` (Terraform 1.x). */
const FORMAT_VERSION = "1.2";

/** Terraform's arguments of every resource block, not attributes of the resource (cdktf adds `//` metadata). */
const META_ARGUMENTS = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"]);

const blocksSchema = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())));

/** The parts of a `cdk.tf.json` read here. */
const synthesizedStackSchema = z.object({
  provider: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).default({}),
  resource: blocksSchema.default({}),
  data: blocksSchema.default({}),
  terraform: z
    .object({ required_providers: z.record(z.string(), z.object({ source: z.string().optional() })).default({}) })
    .default({ required_providers: {} }),
});
type SynthesizedStack = z.output<typeof synthesizedStackSchema>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Expression = { readonly constant_value: Json } | { readonly references: readonly string[] };

interface SynthesizedResourceChange {
  readonly address: string;
  readonly mode: "managed";
  readonly type: string;
  readonly name: string;
  readonly provider_name: string;
  readonly change: {
    readonly actions: readonly ["create"];
    readonly before: null;
    readonly after: Record<string, Json>;
    readonly after_unknown: Record<string, true>;
    readonly before_sensitive: false;
    readonly after_sensitive: Record<string, never>;
  };
}

/** Plan-shaped JSON (what plan-json.ts reads), with `bedrock_access` saying it was not planned. */
interface SynthesizedPlan {
  readonly format_version: string;
  readonly bedrock_access: ReviewMarker;
  readonly resource_changes: readonly SynthesizedResourceChange[];
  readonly configuration: {
    readonly provider_config: Record<string, { readonly name: string; readonly expressions: Record<string, Expression> }>;
    readonly root_module: {
      readonly resources: readonly {
        readonly address: string;
        readonly mode: "managed" | "data";
        readonly type: string;
        readonly name: string;
        readonly expressions: Record<string, Expression>;
      }[];
    };
  };
  readonly errored: false;
}

/**
 * The review of a stack from its synthesized configuration (`cdk.tf.json`, parsed): one "create" per managed resource
 * (address `TYPE.NAME`), `after` its literal attributes; an attribute whose value holds an interpolation (`${…}`, `%{…}`)
 * is known only after apply (`after_unknown`), except a data source's own argument (`${data.aws_iam_role.x.name}`
 * where the data block sets `name`), which is the value the configuration gives it. Data sources are left out, as a
 * plan leaves out those it reads; `configuration` carries the provider's `allowed_account_ids` and each attribute's
 * references, as `terraform show -json` does, so the review pairs an attachment with the role it names.
 * Throws when the JSON is not a synthesized stack.
 */
export function synthesizedPlan(cdkTfJson: unknown): SynthesizedPlan {
  const parsed = synthesizedStackSchema.safeParse(cdkTfJson);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not a synthesized stack (${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "unreadable"})`);
  }
  const stack = parsed.data;
  const resolve = (value: unknown): unknown => resolveDataArguments(value, stack.data);

  const resourceChanges: SynthesizedResourceChange[] = [];
  const configured: SynthesizedPlan["configuration"]["root_module"]["resources"][number][] = [];
  for (const [type, byName] of Object.entries(stack.resource)) {
    for (const [name, body] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      const after: Record<string, Json> = {};
      const unknown: Record<string, true> = {};
      for (const [attribute, raw] of attributes(body)) {
        const value = resolve(raw);
        if (hasInterpolation(value)) unknown[attribute] = true;
        else after[attribute] = literal(value);
      }
      resourceChanges.push({
        address,
        mode: "managed",
        type,
        name,
        provider_name: providerAddress(type, stack),
        change: { actions: ["create"], before: null, after, after_unknown: unknown, before_sensitive: false, after_sensitive: {} },
      });
      configured.push({ address, mode: "managed", type, name, expressions: expressionsOf(body) });
    }
  }
  for (const [type, byName] of Object.entries(stack.data))
    for (const [name, body] of Object.entries(byName))
      configured.push({ address: `data.${type}.${name}`, mode: "data", type, name, expressions: expressionsOf(body) });

  const byAddress = (a: { address: string }, b: { address: string }) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);
  return {
    format_version: FORMAT_VERSION,
    bedrock_access: SYNTHESIZED_REVIEW,
    resource_changes: resourceChanges.sort(byAddress),
    configuration: { provider_config: providerConfig(stack), root_module: { resources: configured.sort(byAddress) } },
    errored: false,
  };
}

/** A resource's (or provider's) attributes: its body without meta-arguments and cdktf's `//` metadata. */
function attributes(body: Record<string, unknown>): [string, unknown][] {
  return Object.entries(body).filter(([key]) => !META_ARGUMENTS.has(key) && !key.startsWith("//"));
}

/** `registry.terraform.io/hashicorp/aws` for `aws_iam_role`, from `required_providers` (cdktf writes `source: "aws"`). */
function providerAddress(type: string, stack: SynthesizedStack): string {
  const local = type.split("_")[0];
  const source = stack.terraform.required_providers[local]?.source ?? local;
  const parts = source.split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${source}`;
  if (parts.length === 2) return `registry.terraform.io/${source}`;
  return source;
}

/** Each provider block under its configuration key (`aws`, `aws.caller`), with its arguments as expressions. */
function providerConfig(stack: SynthesizedStack): SynthesizedPlan["configuration"]["provider_config"] {
  const out: SynthesizedPlan["configuration"]["provider_config"] = {};
  for (const [name, blocks] of Object.entries(stack.provider)) {
    for (const block of blocks) {
      const key = typeof block.alias === "string" ? `${name}.${block.alias}` : name;
      out[key] = { name, expressions: expressionsOf(block) };
    }
  }
  return out;
}

/** As `terraform show -json` writes configuration: a literal as `constant_value`, anything else by what it references. */
function expressionsOf(body: Record<string, unknown>): Record<string, Expression> {
  const out: Record<string, Expression> = {};
  for (const [attribute, value] of attributes(body))
    out[attribute] = hasInterpolation(value) ? { references: referencesIn(value) } : { constant_value: literal(value) };
  return out;
}

interface TemplatePart {
  readonly kind: "text" | "expression";
  readonly text: string;
}

/**
 * A JSON-syntax string as Terraform reads it: a template whose `${…}` and `%{…}` are expressions, and whose `$${` and
 * `%%{` are the literal `${` and `%{` (cdktf escapes IAM policy variables such as `${aws:username}` that way).
 */
function templateParts(value: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = "";
  let i = 0;
  while (i < value.length) {
    const escape = value.slice(i, i + 3);
    if (escape === "$${" || escape === "%%{") {
      text += `${value[i]}{`;
      i += 3;
    } else if ((value[i] === "$" || value[i] === "%") && value[i + 1] === "{") {
      let depth = 1;
      let j = i + 2;
      for (; j < value.length && depth > 0; j++) depth += value[j] === "{" ? 1 : value[j] === "}" ? -1 : 0;
      if (text) parts.push({ kind: "text", text });
      text = "";
      parts.push({ kind: "expression", text: value.slice(i + 2, j - 1) });
      i = j;
    } else {
      text += value[i];
      i += 1;
    }
  }
  if (text || parts.length === 0) parts.push({ kind: "text", text });
  return parts;
}

function hasInterpolation(value: unknown): boolean {
  if (typeof value === "string") return templateParts(value).some((p) => p.kind === "expression");
  if (Array.isArray(value)) return value.some(hasInterpolation);
  return isRecord(value) && Object.values(value).some(hasInterpolation);
}

/** The value a literal (interpolation-free) attribute has: its strings with `$${` and `%%{` unescaped. */
function literal(value: unknown): Json {
  if (typeof value === "string")
    return templateParts(value)
      .map((p) => p.text)
      .join("");
  if (Array.isArray(value)) return value.map(literal);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literal(v)]));
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  return null;
}

/** `aws_iam_policy.x.arn` → ["aws_iam_policy.x.arn", "aws_iam_policy.x"], as Terraform lists an expression's references. */
const TRAVERSAL = /(?<![\w.-])((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*)?)/g;

function referencesIn(value: unknown): string[] {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      for (const part of templateParts(v)) {
        if (part.kind !== "expression") continue;
        for (const [, resource, attribute] of part.text.matchAll(TRAVERSAL)) {
          if (attribute) out.add(`${resource}${attribute}`);
          out.add(resource);
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (isRecord(v)) Object.values(v).forEach(visit);
  };
  visit(value);
  return [...out];
}

const DATA_ARGUMENT = /^\$\{\s*data\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)\s*\}$/;

/** `${data.aws_iam_role.x.name}` where the data block sets `name` to a literal: that literal; else the value as it is. */
function resolveDataArguments(value: unknown, data: SynthesizedStack["data"]): unknown {
  if (typeof value === "string") {
    const match = DATA_ARGUMENT.exec(value);
    const argument = match ? data[match[1]]?.[match[2]]?.[match[3]] : undefined;
    const scalar = typeof argument === "string" || typeof argument === "number" || typeof argument === "boolean";
    return scalar && !hasInterpolation(argument) ? argument : value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveDataArguments(v, data));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDataArguments(v, data)]));
  return value;
}
