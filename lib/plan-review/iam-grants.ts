import { attributeOf, existsOn, stringAttribute, type Side } from "./attributes";
import { planIndex, type PlanIndex } from "./plan-index";
import type { PlanJson, ResourceChange } from "./plan-json";
import { policyFromAttribute, type PolicyState } from "./policy-document";

/** A policy document as some principal holds it. */
interface PolicySource {
  /** The resource holding the document (or the attachment, for a policy not in this plan). */
  readonly address: string;
  /** `inline`: only this principal holds it; `managed`: an aws_iam_policy of this plan; `external`: attached by ARN. */
  readonly kind: "inline" | "managed" | "external";
  /** IAM name, or the ARN of an external policy (undefined: known only after apply). */
  readonly name?: string;
  readonly document: PolicyState;
}

type HolderKind = "role" | "user" | "group";

/** An IAM identity that holds policies; `name` is undefined when Terraform knows it only after apply. */
export interface Holder {
  readonly kind: HolderKind;
  readonly name?: string;
}

/** A principal holding a policy on one side of the plan. */
export interface Grant {
  readonly holder: Holder;
  readonly policy: PolicySource;
  /** The resource that gives the holder the policy: the inline policy, the attachment, or the role itself. */
  readonly grantedBy: string;
}

const UNKNOWN_DOCUMENT: PolicyState = { state: "unknown" };

/** Inline policy resources: type → the attribute naming their holder. */
const INLINE: Readonly<Record<string, readonly [HolderKind, string]>> = {
  aws_iam_role_policy: ["role", "role"],
  aws_iam_user_policy: ["user", "user"],
  aws_iam_group_policy: ["group", "group"],
};

/** One-to-one attachments: type → the attribute naming their holder (the policy is `policy_arn`). */
const ATTACHMENTS: Readonly<Record<string, readonly [HolderKind, string]>> = {
  aws_iam_role_policy_attachment: ["role", "role"],
  aws_iam_user_policy_attachment: ["user", "user"],
  aws_iam_group_policy_attachment: ["group", "group"],
};

/** Exclusive attachment sets: type → the holder attribute (the policies are `policy_arns`). */
const EXCLUSIVE_ATTACHMENTS: Readonly<Record<string, readonly [HolderKind, string]>> = {
  aws_iam_role_policy_attachments_exclusive: ["role", "role_name"],
  aws_iam_user_policy_attachments_exclusive: ["user", "user_name"],
  aws_iam_group_policy_attachments_exclusive: ["group", "group_name"],
};

/** The resource types whose changes can give a principal a policy. */
const HOLDER_TYPES: Readonly<Record<HolderKind, string>> = { role: "aws_iam_role", user: "aws_iam_user", group: "aws_iam_group" };

/** Every principal ↔ policy relation the plan's resources describe on one side. */
export function grantsOf(plan: PlanJson, side: Side): Grant[] {
  const index = planIndex(plan);
  const changes = plan.resource_changes.filter((c) => c.mode === "managed" && existsOn(c, side));
  const managedByArn = new Map<string, ResourceChange>();
  for (const c of changes) {
    const arn = c.type === "aws_iam_policy" ? stringAttribute(c, side, "arn") : undefined;
    if (arn) managedByArn.set(arn, c);
  }

  const holderName = (change: ResourceChange, kind: HolderKind, attribute: string): string | undefined =>
    stringAttribute(change, side, attribute) ?? referencedName(index, change, attribute, HOLDER_TYPES[kind], side);

  const managedPolicy = (change: ResourceChange, arn: string | undefined, attribute: string): PolicySource => {
    const target = (arn && managedByArn.get(arn)) || (arn ? undefined : referencedResource(index, change, attribute, "aws_iam_policy"));
    if (target) {
      return {
        address: target.address,
        kind: "managed",
        name: stringAttribute(target, side, "name") ?? target.address,
        document: policyOf(target, side),
      };
    }
    return { address: change.address, kind: "external", ...(arn && { name: arn }), document: UNKNOWN_DOCUMENT };
  };

  const grants: Grant[] = [];
  for (const change of changes) {
    const inline = INLINE[change.type];
    const attachment = ATTACHMENTS[change.type];
    const exclusive = EXCLUSIVE_ATTACHMENTS[change.type];
    if (inline) {
      const [kind, attribute] = inline;
      grants.push({
        holder: { kind, ...optionalName(holderName(change, kind, attribute)) },
        grantedBy: change.address,
        policy: {
          address: change.address,
          kind: "inline",
          name: stringAttribute(change, side, "name") ?? change.address,
          document: policyOf(change, side),
        },
      });
    } else if (attachment) {
      const [kind, attribute] = attachment;
      grants.push({
        holder: { kind, ...optionalName(holderName(change, kind, attribute)) },
        grantedBy: change.address,
        policy: managedPolicy(change, stringAttribute(change, side, "policy_arn"), "policy_arn"),
      });
    } else if (exclusive) {
      const [kind, attribute] = exclusive;
      const holder: Holder = { kind, ...optionalName(holderName(change, kind, attribute)) };
      for (const arn of stringListOrUnknown(change, side, "policy_arns"))
        grants.push({ holder, grantedBy: change.address, policy: managedPolicy(change, arn, "policy_arns") });
    } else if (change.type === "aws_iam_policy_attachment") {
      const policy = managedPolicy(change, stringAttribute(change, side, "policy_arn"), "policy_arn");
      for (const kind of ["role", "user", "group"] as const) {
        for (const name of stringListOrUnknown(change, side, `${kind}s`))
          grants.push({ holder: { kind, ...optionalName(name) }, grantedBy: change.address, policy });
      }
    } else if (change.type === "aws_iam_role") {
      const holder: Holder = { kind: "role", ...optionalName(stringAttribute(change, side, "name")) };
      // Both attributes are computed: a role that does not set them shows them as unknown on create and, once
      // refreshed, mirrors the separate attachment resources, which are counted on their own.
      const set = (attribute: string) => index.configures(change.address, attribute);
      if (set("inline_policy"))
        for (const policy of inlinePolicies(change, side)) grants.push({ holder, grantedBy: change.address, policy });
      if (set("managed_policy_arns") && attributeOf(change, side, "managed_policy_arns").state !== "absent") {
        for (const arn of stringListOrUnknown(change, side, "managed_policy_arns"))
          grants.push({ holder, grantedBy: change.address, policy: managedPolicy(change, arn, "managed_policy_arns") });
      }
    }
  }
  return grants;
}

const optionalName = (name: string | undefined): { name?: string } => (name === undefined ? {} : { name });

function policyOf(change: ResourceChange, side: Side, attribute = "policy"): PolicyState {
  return policyFromAttribute(attributeOf(change, side, attribute));
}

/** `aws_iam_role.inline_policy` blocks (the older way to give a role inline policies). */
function inlinePolicies(role: ResourceChange, side: Side): PolicySource[] {
  const blocks = attributeOf(role, side, "inline_policy");
  if (blocks.state === "unknown" || blocks.state === "sensitive")
    return [{ address: `${role.address}.inline_policy`, kind: "inline", name: "inline_policy", document: { state: blocks.state } }];
  if (blocks.state !== "known" || !Array.isArray(blocks.value)) return [];
  return blocks.value.flatMap((block: unknown, i) => {
    if (block === null || typeof block !== "object") return [];
    const { name, policy } = block as { name?: unknown; policy?: unknown };
    if (policy === undefined || policy === null || policy === "") return [];
    return [
      {
        address: `${role.address}.inline_policy[${i}]`,
        kind: "inline" as const,
        name: typeof name === "string" ? name : `inline_policy[${i}]`,
        document: policyFromAttribute({ state: "known", value: policy }),
      },
    ];
  });
}

/** A list of strings; an unknown list, or unknown items, as one `undefined` (a target known only after apply). */
function stringListOrUnknown(change: ResourceChange, side: Side, attribute: string): (string | undefined)[] {
  const value = attributeOf(change, side, attribute);
  if (value.state === "unknown" || value.state === "sensitive") return [undefined];
  if (value.state !== "known" || !Array.isArray(value.value)) return [];
  const unknownItems = side === "after" && hasUnknownItems(change, attribute);
  const known = value.value.filter((v): v is string => typeof v === "string");
  return unknownItems ? [...known, undefined] : known;
}

function hasUnknownItems(change: ResourceChange, attribute: string): boolean {
  const unknown = change.change.after_unknown;
  if (unknown === null || typeof unknown !== "object" || Array.isArray(unknown)) return false;
  const marker: unknown = (unknown as Record<string, unknown>)[attribute];
  return Array.isArray(marker) && marker.some((m) => m === true);
}

/** The resource an attribute refers to in the configuration (`role = aws_iam_role.x.name`), when its value is not known yet. */
function referencedResource(index: PlanIndex, change: ResourceChange, attribute: string, type: string): ResourceChange | undefined {
  return index
    .references(change.address, attribute)
    .map((ref) => index.change(ref))
    .find((target) => target?.type === type);
}

function referencedName(index: PlanIndex, change: ResourceChange, attribute: string, type: string, side: Side): string | undefined {
  const target = referencedResource(index, change, attribute, type);
  return target && stringAttribute(target, side, "name");
}
