import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  NoSuchEntityException,
  paginateListAttachedGroupPolicies,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListGroupsForUser,
  paginateListRolePolicies,
  paginateListUserPolicies,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { isJsonObject } from "../protocol/http";
import type { CallerIdentity } from "./principal";

/** A parsed IAM policy document (validated later, by the simulator). */
export type PolicyDocument = Readonly<Record<string, unknown>>;

interface NamedPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

/** Everything IAM evaluation needs about the caller. */
export interface PrincipalPolicies {
  /** The IAM ARN (with path) of the role or user: the value of aws:PrincipalArn. */
  readonly principalArn: string;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly permissionsBoundary?: NamedPolicy;
  /** Root is allowed everything by identity; SCP-style faults still apply. */
  readonly isRoot: boolean;
}

/** IAM returns policy documents URL-encoded (RFC 3986); moto may return them either way. */
export function decodePolicyDocument(raw: string, name: string): PolicyDocument {
  const text = raw.trimStart().startsWith("{") ? raw : decodeURIComponent(raw);
  const parsed: unknown = JSON.parse(text);
  if (!isJsonObject(parsed)) throw new Error(`policy ${name} is not a JSON object`);
  return parsed;
}

async function managedPolicy(iam: IAMClient, policyArn: string): Promise<NamedPolicy> {
  const policy = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }));
  const versionId = policy.Policy?.DefaultVersionId;
  if (!versionId) throw new Error(`GetPolicy ${policyArn} returned no DefaultVersionId`);
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }));
  const doc = version.PolicyVersion?.Document;
  if (!doc) throw new Error(`GetPolicyVersion ${policyArn} ${versionId} returned no Document`);
  return { name: policyArn, document: decodePolicyDocument(doc, policyArn) };
}

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

async function attachedArns(pages: AsyncIterable<{ AttachedPolicies?: { PolicyArn?: string }[] }>): Promise<string[]> {
  return (await collect(pages)).flatMap((p) => (p.AttachedPolicies ?? []).flatMap((a) => (a.PolicyArn ? [a.PolicyArn] : [])));
}

async function policyNames(pages: AsyncIterable<{ PolicyNames?: string[] }>): Promise<string[]> {
  return (await collect(pages)).flatMap((p) => p.PolicyNames ?? []);
}

async function rolePolicies(iam: IAMClient, roleName: string): Promise<PrincipalPolicies | undefined> {
  let role;
  try {
    role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
  } catch (err) {
    if (err instanceof NoSuchEntityException) return undefined;
    throw err;
  }
  if (!role?.Arn) throw new Error(`GetRole ${roleName} returned no Arn`);
  const managed = await Promise.all(
    (await attachedArns(paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName }))).map((arn) => managedPolicy(iam, arn)),
  );
  const inline = await Promise.all(
    (await policyNames(paginateListRolePolicies({ client: iam }, { RoleName: roleName }))).map(async (name) => {
      const out = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
      if (!out.PolicyDocument) throw new Error(`GetRolePolicy ${roleName}/${name} returned no PolicyDocument`);
      return { name: `${roleName}/${name}`, document: decodePolicyDocument(out.PolicyDocument, name) };
    }),
  );
  const boundaryArn = role.PermissionsBoundary?.PermissionsBoundaryArn;
  return {
    principalArn: role.Arn,
    identityPolicies: [...managed, ...inline],
    ...(boundaryArn ? { permissionsBoundary: await managedPolicy(iam, boundaryArn) } : {}),
    isRoot: false,
  };
}

async function userPolicies(iam: IAMClient, userName: string): Promise<PrincipalPolicies | undefined> {
  let user;
  try {
    user = (await iam.send(new GetUserCommand({ UserName: userName }))).User;
  } catch (err) {
    if (err instanceof NoSuchEntityException) return undefined;
    throw err;
  }
  if (!user?.Arn) throw new Error(`GetUser ${userName} returned no Arn`);
  const groups = (await collect(paginateListGroupsForUser({ client: iam }, { UserName: userName }))).flatMap((p) =>
    (p.Groups ?? []).flatMap((g) => (g.GroupName ? [g.GroupName] : [])),
  );
  const managedArns = [
    ...(await attachedArns(paginateListAttachedUserPolicies({ client: iam }, { UserName: userName }))),
    ...(await Promise.all(groups.map((g) => attachedArns(paginateListAttachedGroupPolicies({ client: iam }, { GroupName: g }))))).flat(),
  ];
  const managed = await Promise.all([...new Set(managedArns)].map((arn) => managedPolicy(iam, arn)));
  const inlineUser = await Promise.all(
    (await policyNames(paginateListUserPolicies({ client: iam }, { UserName: userName }))).map(async (name) => {
      const out = await iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: name }));
      return { name: `${userName}/${name}`, document: decodePolicyDocument(out.PolicyDocument ?? "{}", name) };
    }),
  );
  const inlineGroup = (
    await Promise.all(
      groups.map(async (g) =>
        Promise.all(
          (await policyNames(paginateListGroupPolicies({ client: iam }, { GroupName: g }))).map(async (name) => {
            const out = await iam.send(new GetGroupPolicyCommand({ GroupName: g, PolicyName: name }));
            return { name: `group/${g}/${name}`, document: decodePolicyDocument(out.PolicyDocument ?? "{}", name) };
          }),
        ),
      ),
    )
  ).flat();
  const boundaryArn = user.PermissionsBoundary?.PermissionsBoundaryArn;
  return {
    principalArn: user.Arn,
    identityPolicies: [...managed, ...inlineUser, ...inlineGroup],
    ...(boundaryArn ? { permissionsBoundary: await managedPolicy(iam, boundaryArn) } : {}),
    isRoot: false,
  };
}

/**
 * Loads the caller's identity policies from IAM in the caller's account. A role or user that no longer
 * exists (or a caller kind without identity policies) has none, so every check is implicitly denied.
 */
export async function loadPrincipalPolicies(iam: IAMClient, caller: CallerIdentity): Promise<PrincipalPolicies> {
  const none: PrincipalPolicies = { principalArn: caller.arn, identityPolicies: [], isRoot: false };
  switch (caller.principal.kind) {
    case "root":
      return { principalArn: caller.arn, identityPolicies: [], isRoot: true };
    case "assumed-role":
      return (await rolePolicies(iam, caller.principal.roleName)) ?? none;
    case "user":
      return (await userPolicies(iam, caller.principal.userName)) ?? none;
    case "unsupported":
      return none;
  }
}
