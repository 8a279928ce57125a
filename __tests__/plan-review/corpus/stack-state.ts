import { accountModels, resolveAccountProfiles } from "../../../lib/config/account-profiles";
import type { AccessConfig, RuntimeAccount } from "../../../lib/config/schema";
import {
  firstUsePolicy,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  githubOidcTrustPolicy,
  invokePolicies,
  principalsTrustPolicy,
  useCaseSubmitterPolicy,
} from "../../../lib/domain/iam/bedrock-policies";
import { ownResources, type OwnResource } from "../../../lib/domain/names";
import type { StackPlan } from "../../../lib/plan-review/plan-json";
import { stackPlan, type ChangeSpec } from "../plan-builders";
import { ref } from "./builders";

/**
 * The IAM resources our stacks declare for a config, as Terraform state would hold them once applied, with the
 * documents the real builders of lib/domain/iam render; and the plan that turns one state into another.
 * Addresses are shorter than cdktf's (`aws_iam_role.first-use_role`), the attributes the ones the stacks set.
 */
export interface StateResource {
  readonly attributes: Record<string, unknown>;
  /** Configuration references: `{ role: ["aws_iam_role.x.name", "aws_iam_role.x"] }`. */
  readonly references?: Record<string, string[]>;
  readonly data?: boolean;
}
export type StackState = Readonly<Record<string, StateResource>>;

/** FIRST_USE_MAX_SESSION_SECONDS of stacks/runtime-account-stack.ts (not imported: that pulls in the whole AWS provider). */
const FIRST_USE_MAX_SESSION_SECONDS = 3600;

interface Namer {
  readonly state: Record<string, StateResource>;
  readonly config: AccessConfig;
}

function addRole(
  n: Namer,
  key: string,
  role: OwnResource,
  trust: string,
  maxSession: number,
  references?: Record<string, string[]>,
): string {
  const { permissionsBoundaryArn, tags } = n.config.iam;
  const address = `aws_iam_role.${key}_role`;
  n.state[address] = {
    attributes: {
      name: role.name,
      path: role.path,
      arn: role.arn,
      assume_role_policy: trust,
      max_session_duration: maxSession,
      permissions_boundary: permissionsBoundaryArn ?? null,
      tags_all: tags,
    },
    ...(references && { references }),
  };
  return address;
}

function addInlinePolicy(n: Namer, roleAddress: string, name: string, policy: string): void {
  n.state[`aws_iam_role_policy.${roleAddress.split(".")[1]}_${name}`] = {
    attributes: { name, role: n.state[roleAddress].attributes.name, policy },
    references: { role: ref(roleAddress, "name") },
  };
}

function attach(n: Namer, key: string, roleAddress: string, policies: readonly string[]): void {
  policies.forEach((policy, i) => {
    n.state[`aws_iam_role_policy_attachment.${key}${i === 0 ? "" : `-${i + 1}`}`] = {
      attributes: { role: n.state[roleAddress].attributes.name, policy_arn: n.state[policy].attributes.arn },
      references: { role: ref(roleAddress, "name"), policy_arn: ref(policy, "arn") },
    };
  });
}

/** What `runtime-<account>` declares (stacks/runtime-account-stack.ts). */
export function runtimeState(config: AccessConfig, account: RuntimeAccount): StackState {
  const n: Namer = { state: {}, config };
  const { iam } = config;
  const own = ownResources(account.id, iam);
  const profiles = resolveAccountProfiles(config, account);

  const policies = invokePolicies(profiles).map((document, i) => {
    const { name, path, arn } = own.invokePolicy(i);
    const address = `aws_iam_policy.invoke-policy${i === 0 ? "" : `-${i + 1}`}`;
    n.state[address] = {
      attributes: {
        name,
        path,
        arn,
        description: "Invoke the configured Claude models through the configured inference profiles only.",
        policy: document.render(),
        tags_all: iam.tags,
      },
    };
    return address;
  });

  const pipeline = config.managementAccount.pipelinePrincipals;
  const firstUse = addRole(n, "first-use", own.firstUseRole, principalsTrustPolicy(pipeline).render(), FIRST_USE_MAX_SESSION_SECONDS);
  attach(n, "first-use_invoke", firstUse, policies);
  const productIds = accountModels(config, account).flatMap((m) => (m.marketplaceProductId ? [m.marketplaceProductId] : []));
  const marketplace = firstUsePolicy(profiles, { marketplace: account.firstUseMarketplaceAccess, productIds });
  addInlinePolicy(n, firstUse, "first-use-marketplace", marketplace.render());

  if (account.trustedPrincipals.length > 0) {
    const trust = principalsTrustPolicy(account.trustedPrincipals).render();
    const runtime = addRole(n, "runtime", own.runtimeRole, trust, iam.maxSessionDurationSeconds);
    attach(n, "runtime_invoke", runtime, policies);
  }

  if (account.githubOidc) {
    const oidc = account.githubOidc;
    let providerArn = oidc.providerArn;
    let references: Record<string, string[]> | undefined;
    if (providerArn === undefined) {
      const provider = "aws_iam_openid_connect_provider.github-oidc-provider";
      providerArn = `arn:aws:iam::${account.id}:oidc-provider/${GITHUB_OIDC_HOST}`;
      n.state[provider] = { attributes: { url: `https://${GITHUB_OIDC_HOST}`, client_id_list: [GITHUB_OIDC_AUDIENCE], arn: providerArn } };
      references = { assume_role_policy: ref(provider, "arn") };
    }
    const trust = githubOidcTrustPolicy(providerArn, oidc.repositories).render();
    const role = addRole(n, "github-oidc", own.githubOidcRole(oidc.roleName), trust, iam.maxSessionDurationSeconds, references);
    attach(n, "github-oidc_invoke", role, policies);
  }

  account.runsOnRoleNames.forEach((roleName, index) => {
    const data = `data.aws_iam_role.runs-on-role-${index}`;
    n.state[data] = { attributes: { name: roleName, arn: `arn:aws:iam::${account.id}:role/${roleName}` }, data: true };
    attach(n, `runs-on-invoke-${index}`, data, policies);
  });
  return n.state;
}

/** What `management` declares (stacks/management-stack.ts). */
export function managementState(config: AccessConfig): StackState {
  const n: Namer = { state: {}, config };
  const trust = principalsTrustPolicy(config.managementAccount.pipelinePrincipals).render();
  const role = addRole(n, "ftu-submitter", ownResources(config.managementAccount.id, config.iam).useCaseSubmitterRole, trust, 3600);
  addInlinePolicy(n, role, "submit-use-case-form", useCaseSubmitterPolicy().render());
  return n.state;
}

/** Attributes AWS assigns on create. */
const COMPUTED = ["arn", "id", "unique_id", "policy_id"];

/**
 * The plan from `before` to `after`, as Terraform would show it: creates (computed attributes, and references to
 * the ARN of something created or replaced, known only after apply), updates, no-ops, deletes, replacements of
 * what changed among `replaced`, and data sources read.
 */
export function planBetween(
  stack: string,
  accountId: string,
  before: StackState,
  after: StackState,
  replaced: (address: string) => boolean = () => false,
): StackPlan {
  const addresses = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  const differs = (address: string) => JSON.stringify(before[address]?.attributes) !== JSON.stringify(after[address]?.attributes);
  const renewed = new Set(addresses.filter((a) => after[a] && !after[a].data && (!before[a] || (replaced(a) && differs(a)))));

  const changes = addresses.flatMap((address): ChangeSpec[] => {
    const was = before[address];
    const next = after[address];
    if ((next ?? was).data) return next ? [{ address, actions: ["read"], mode: "data", after: next.attributes }] : [];
    const references = (next ?? was).references;
    if (!next) return [{ address, actions: ["delete"], before: was.attributes, ...(references && { references }) }];

    const unknown = new Set(renewed.has(address) ? COMPUTED : []);
    for (const [attribute, refs] of Object.entries(next.references ?? {})) {
      if (refs.some((r) => r.endsWith(".arn") && renewed.has(r.slice(0, -".arn".length)))) unknown.add(attribute);
    }
    const known = Object.fromEntries(Object.entries(next.attributes).filter(([name]) => !unknown.has(name)));
    const afterUnknown = Object.fromEntries([...unknown].map((name) => [name, true]));
    const common = { address, after: known, afterUnknown, ...(references && { references }) };
    if (!was) return [{ ...common, actions: ["create"] }];
    if (renewed.has(address)) return [{ ...common, actions: ["delete", "create"], before: was.attributes }];
    return [{ ...common, actions: [differs(address) || unknown.size > 0 ? "update" : "no-op"], before: was.attributes }];
  });
  return stackPlan(stack, changes, accountId);
}
