import { attributeOf, existsOn, stringAttribute, type Side } from "./attributes";
import { expressionReferences, type PlanJson, type ResourceChange } from "./plan-json";
import { policyFromAttribute, type PolicyState } from "./policy-document";

/** A policy document as some role holds it. */
export interface PolicySource {
  /** The resource holding the document (or the attachment, for a policy not in this plan). */
  readonly address: string;
  /** `inline`: only this role holds it; `managed`: an aws_iam_policy of this plan; `external`: attached by ARN. */
  readonly kind: "inline" | "managed" | "external";
  /** IAM name, or the ARN of an external policy. */
  readonly name: string;
  readonly document: PolicyState;
}

/** A role holding a policy on one side of the plan. */
export interface RoleGrant {
  /** Role name (IAM role names are unique per account, whatever the path). */
  readonly role: string;
  readonly policy: PolicySource;
  /** The resource that gives the role the policy: the inline policy, the attachment, or the role itself. */
  readonly grantedBy: string;
}

const UNKNOWN_DOCUMENT: PolicyState = { state: "unknown" };

/** Every role ↔ policy relation the plan's resources describe on one side. */
export function roleGrants(plan: PlanJson, side: Side): RoleGrant[] {
  const changes = plan.resource_changes.filter((c) => c.mode === "managed" && existsOn(c, side));
  const managed = changes.filter((c) => c.type === "aws_iam_policy");
  const roles = changes.filter((c) => c.type === "aws_iam_role");
  const byAddress = new Map(changes.map((c) => [c.address, c]));

  const roleName = (change: ResourceChange, attribute: string): string | undefined =>
    stringAttribute(change, side, attribute) ?? referencedName(plan, byAddress, change, attribute, "aws_iam_role", side);

  const managedPolicy = (change: ResourceChange, arnAttribute: string): PolicySource => {
    const arn = stringAttribute(change, side, arnAttribute);
    const target =
      (arn && managed.find((p) => stringAttribute(p, side, "arn") === arn)) ||
      referencedResource(plan, byAddress, change, arnAttribute, "aws_iam_policy");
    if (target) {
      return {
        address: target.address,
        kind: "managed",
        name: stringAttribute(target, side, "name") ?? target.address,
        document: policyOf(target, side),
      };
    }
    return { address: change.address, kind: "external", name: arn ?? "(policy ARN known after apply)", document: UNKNOWN_DOCUMENT };
  };

  const grants: RoleGrant[] = [];
  for (const change of changes) {
    switch (change.type) {
      case "aws_iam_role_policy": {
        const role = roleName(change, "role");
        const name = stringAttribute(change, side, "name") ?? change.address;
        if (role)
          grants.push({
            role,
            grantedBy: change.address,
            policy: { address: change.address, kind: "inline", name, document: policyOf(change, side) },
          });
        break;
      }
      case "aws_iam_role_policy_attachment": {
        const role = roleName(change, "role");
        if (role) grants.push({ role, grantedBy: change.address, policy: managedPolicy(change, "policy_arn") });
        break;
      }
      case "aws_iam_policy_attachment": {
        const policy = managedPolicy(change, "policy_arn");
        for (const role of stringList(attributeOf(change, side, "roles"))) grants.push({ role, grantedBy: change.address, policy });
        break;
      }
    }
  }
  for (const role of roles) {
    const name = stringAttribute(role, side, "name");
    if (!name) continue;
    for (const inline of inlinePolicies(role, side)) grants.push({ role: name, grantedBy: role.address, policy: inline });
  }
  return grants;
}

export function policyOf(change: ResourceChange, side: Side, attribute = "policy"): PolicyState {
  return policyFromAttribute(attributeOf(change, side, attribute));
}

/** `aws_iam_role.inline_policy` blocks (the older way to give a role inline policies). */
function inlinePolicies(role: ResourceChange, side: Side): PolicySource[] {
  const blocks = attributeOf(role, side, "inline_policy");
  if (blocks.state !== "known" || !Array.isArray(blocks.value)) return [];
  return blocks.value.flatMap((block: unknown, i) => {
    if (block === null || typeof block !== "object") return [];
    const { name, policy } = block as { name?: unknown; policy?: unknown };
    if (typeof policy !== "string" || policy === "") return [];
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

function stringList(value: ReturnType<typeof attributeOf>): string[] {
  return value.state === "known" && Array.isArray(value.value) ? value.value.filter((v): v is string => typeof v === "string") : [];
}

/** The resource an attribute refers to in the configuration (`role = aws_iam_role.x.name`), when its value is not known yet. */
function referencedResource(
  plan: PlanJson,
  byAddress: ReadonlyMap<string, ResourceChange>,
  change: ResourceChange,
  attribute: string,
  type: string,
): ResourceChange | undefined {
  return expressionReferences(plan, change.address, attribute)
    .map((ref) => byAddress.get(ref))
    .find((target) => target?.type === type);
}

function referencedName(
  plan: PlanJson,
  byAddress: ReadonlyMap<string, ResourceChange>,
  change: ResourceChange,
  attribute: string,
  type: string,
  side: Side,
): string | undefined {
  const target = referencedResource(plan, byAddress, change, attribute, type);
  return target && stringAttribute(target, side, "name");
}
