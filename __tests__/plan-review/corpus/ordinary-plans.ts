import type { AccessConfig, RuntimeAccount } from "../../../lib/config/schema";
import { githubOidcTrustPolicy } from "../../../lib/domain/iam/bedrock-policies";
import { PIPELINE_ROLE as PIPELINE, RESEARCH_ID, SONNET, stackConfig, type RawConfig } from "../../helpers/fixtures";
import { doc, PIPELINE_TRUST, role, stackPlan } from "../plan-builders";
import {
  ACCOUNT,
  ADMIN,
  allow,
  AUD,
  awsManaged,
  create,
  destroy,
  existingPolicy,
  GITHUB_PROVIDER,
  githubTrust,
  INVOKE,
  MARKETPLACE_SUBSCRIBE,
  noop,
  PROFILE,
  read,
  runtimeCi,
  sub,
  trusts,
  update,
  type OrdinaryCase,
} from "./builders";
import { managementState, planBetween, runtimeState, type StackState } from "./stack-state";

/**
 * Plans that must raise no finding: this project's own changes, with the documents lib/domain/iam builds for the
 * test config (`stackConfig()`: account ci 222222222222 with the pipeline role, a RunsOn role and GitHub OIDC for
 * example-org/app), and risky-looking things the plan does not add.
 */
type Mutate = (raw: RawConfig) => void;
const ci = (config: AccessConfig): RuntimeAccount => config.accounts[0];
const ciState = (mutate?: Mutate): StackState => {
  const config = stackConfig(mutate);
  return runtimeState(config, ci(config));
};
const iam = (raw: RawConfig, settings: Record<string, unknown>) => {
  raw.iam = { ...(raw.iam as Record<string, unknown>), ...settings };
};
const oidcOf = (raw: RawConfig) => raw.accounts[0].githubOidc as { providerArn?: string; repositories: Record<string, unknown>[] };

/** The plan of runtime-ci from the test config changed by `before` to it changed by `after`. */
const ciChange = (after: Mutate, before: Mutate = () => undefined, replaced?: (address: string) => boolean) =>
  planBetween("runtime-ci", ACCOUNT, ciState(before), ciState(after), replaced);

const onlySonnet: Mutate = (raw) => {
  raw.models = [{ id: SONNET, profiles: ["us", "global"] }];
};
const reuseProvider: Mutate = (raw) => {
  oidcOf(raw).providerArn = GITHUB_PROVIDER;
};
const RESEARCH_RUNNER = `arn:aws:iam::${RESEARCH_ID}:role/ci-runner`;
const withResearch: Mutate = (raw) => {
  raw.accounts.push({ name: "research", id: RESEARCH_ID, regions: ["us-west-2"], models: [SONNET], trustedPrincipals: [RESEARCH_RUNNER] });
};

/** IAM's rendering of a stored policy: keys sorted, one-item lists as strings. */
function iamRendering(policy: string): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.length === 1 ? sortKeys(value[0]) : value.map(sortKeys);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, sortKeys(v)]),
      );
    }
    return value;
  };
  return JSON.stringify(sortKeys(JSON.parse(policy)));
}

const deployed = ciState();
const deployedInvoke = deployed["aws_iam_policy.invoke-policy"].attributes;
const deployedGithub = deployed["aws_iam_role.github-oidc_role"].attributes;
const newRepositoryFormat = githubOidcTrustPolicy(GITHUB_PROVIDER, [
  { repository: "example-org@41898282/app@987654321", refs: ["refs/heads/main"], environments: [], pullRequests: false },
]).render();
const PRE_EXISTING_STAR = allow("bedrock:InvokeModel", "*", { Sid: "Legacy" });

export const ORDINARY_CASES: readonly OrdinaryCase[] = [
  // What the stacks create.
  {
    name: "a new runtime account stack: every role, the invoke policy, first-use Marketplace policy (OIDC provider reused)",
    plan: planBetween("runtime-ci", ACCOUNT, {}, ciState(reuseProvider)),
  },
  {
    name: "a new account without GitHub or RunsOn (research, 333333333333)",
    plan: (() => {
      const config = stackConfig(withResearch);
      return planBetween("runtime-research", RESEARCH_ID, {}, runtimeState(config, config.accounts[1]));
    })(),
  },
  {
    name: "the management stack: the FTU-submitter role and its use-case-form policy",
    plan: planBetween("management", "111111111111", {}, managementState(stackConfig())),
  },

  // This project's own changes.
  { name: "adding a model: the invoke and first-use policies gain its profiles", plan: ciChange(() => undefined, onlySonnet) },
  { name: "removing a model", plan: ciChange(onlySonnet) },
  {
    name: "adding Opus 4.8 through the Messages API: CreateInference on the account's default bedrock-mantle project",
    plan: ciChange((raw) => raw.models.push({ id: "anthropic.claude-opus-4-8", profiles: ["messages"] })),
  },
  {
    name: "adding a repository to the GitHub OIDC trust",
    plan: ciChange((raw) => oidcOf(raw).repositories.push({ repository: "example-org/other", refs: ["refs/heads/main"] })),
  },
  {
    name: "a repository pinned by its id too (repository_id, its own statement)",
    plan: ciChange((raw) => (oidcOf(raw).repositories[0].repositoryId = "41898282")),
  },
  {
    name: "a repository named in GitHub's immutable subject form (repo:OWNER@ID/REPO@ID)",
    plan: ciChange((raw) => (oidcOf(raw).repositories[0].repository = "example-org@123456/app@41898282")),
  },
  { name: "trusting the repository's pull_request runs", plan: ciChange((raw) => (oidcOf(raw).repositories[0].pullRequests = true)) },
  {
    name: "a tag change on every role and policy",
    plan: ciChange((raw) => iam(raw, { tags: { ManagedBy: "bedrock-org-access", Team: "ai" } })),
  },
  {
    name: "a permissions boundary on every role",
    plan: ciChange((raw) => iam(raw, { permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/ci-boundary` })),
  },
  { name: "a longer session for the runtime roles", plan: ciChange((raw) => iam(raw, { maxSessionDurationSeconds: 7200 })) },
  { name: "deleting the runtime role (no trusted principals left)", plan: ciChange((raw) => (raw.accounts[0].trustedPrincipals = [])) },
  {
    name: "the runtime role also trusts a role of another configured account",
    plan: ciChange((raw) => {
      withResearch(raw);
      raw.accounts[0].trustedPrincipals = [PIPELINE, RESEARCH_RUNNER];
    }, withResearch),
  },
  {
    name: "attaching bedrock-invoke to another existing RunsOn role",
    plan: ciChange((raw) => (raw.accounts[0].runsOnRoleNames = ["runs-on-RunnerInstanceRole", "runs-on-GpuRunnerRole"])),
  },
  {
    name: "a new IAM path: roles, policies and attachments replaced",
    plan: ciChange(
      (raw) => iam(raw, { rolePath: "/ai/" }),
      () => undefined,
      (address) => !address.startsWith("aws_iam_role_policy."),
    ),
  },
  {
    name: "first-use Subscribe narrowed to the models' Marketplace products",
    plan: ciChange((raw) => {
      raw.models = raw.models.map((m, i) => ({ ...m, marketplaceProductId: `prod-${i}abc` }));
    }),
  },
  { name: "first-use Marketplace access turned off", plan: ciChange((raw) => (raw.accounts[0].firstUseMarketplaceAccess = false)) },
  { name: "no changes", plan: ciChange(() => undefined) },
  {
    name: "the deployed policies as IAM renders them (keys sorted), with a tag change",
    plan: runtimeCi(
      update(
        "aws_iam_policy.invoke-policy",
        { ...deployedInvoke, policy: iamRendering(String(deployedInvoke.policy)) },
        { ...deployedInvoke, tags_all: { Team: "ai" } },
      ),
      update(
        "aws_iam_role.github-oidc_role",
        { ...deployedGithub, assume_role_policy: iamRendering(String(deployedGithub.assume_role_policy)) },
        { ...deployedGithub, max_session_duration: 7200 },
      ),
    ),
  },

  // GitHub subjects that name one repository. The `repo:OWNER@ID/REPO@ID` form is GitHub's immutable subject claim
  // (https://github.blog/changelog/2026-04-23-immutable-subject-claims-for-github-actions-oidc-tokens/).
  {
    name: "GitHub OIDC trust with the immutable subject format (repo:OWNER@ID/REPO@ID:ref:…)",
    plan: runtimeCi(create("aws_iam_role.gh", role("bedrock-github-actions", newRepositoryFormat), { afterUnknown: { arn: true } })),
  },
  {
    name: "GitHub OIDC trust with StringEquals on one subject",
    plan: runtimeCi(
      create(
        "aws_iam_role.gh",
        role("bedrock-github-actions", githubTrust({ StringEquals: { ...AUD, ...sub("repo:example-org/app:ref:refs/heads/main") } })),
      ),
    ),
  },

  // Risky-looking things the plan does not add.
  {
    name: 'a pre-existing Resource "*" statement, unchanged, while the role gets a new description',
    plan: runtimeCi(
      noop("aws_iam_role_policy.legacy", { name: "legacy", role: "bedrock-runtime", policy: doc(INVOKE, PRE_EXISTING_STAR) }),
      update(
        "aws_iam_role.runtime",
        role("bedrock-runtime", PIPELINE_TRUST),
        role("bedrock-runtime", PIPELINE_TRUST, { description: "new" }),
      ),
    ),
  },
  {
    name: "a pre-existing admin policy attached to a user gets a tag",
    plan: runtimeCi(
      update("aws_iam_policy.ops", existingPolicy("ops-admin", doc(ADMIN)), {
        ...existingPolicy("ops-admin", doc(ADMIN)),
        tags_all: { Team: "ops" },
      }),
      noop("aws_iam_user_policy_attachment.ops", { user: "ops-bot", policy_arn: `arn:aws:iam::${ACCOUNT}:policy/ops-admin` }),
      noop("aws_iam_role_policy_attachment.admin", { role: "ops-break-glass", policy_arn: awsManaged("AdministratorAccess") }),
    ),
  },
  {
    name: "a pre-existing wildcard GitHub subject, trust unchanged, session duration changed",
    plan: (() => {
      const trust = githubTrust({ StringEquals: AUD, StringLike: sub("repo:example-org/*:*") });
      return runtimeCi(update("aws_iam_role.gh", role("legacy-gh", trust), role("legacy-gh", trust, { max_session_duration: 7200 })));
    })(),
  },
  {
    name: "Marketplace permissions the runtime role already had, while its trust gains a configured principal",
    plan: runtimeCi(
      noop("aws_iam_role_policy.m", { name: "m", role: "bedrock-runtime", policy: doc(MARKETPLACE_SUBSCRIBE) }),
      update(
        "aws_iam_role.runtime",
        role("bedrock-runtime", PIPELINE_TRUST),
        role(
          "bedrock-runtime",
          doc(trusts({ AWS: ["arn:aws:iam::111111111111:role/platform-pipeline", RESEARCH_RUNNER] }, { Sid: "TrustedPrincipals" })),
        ),
      ),
    ),
  },
  {
    name: "removing wildcard and Marketplace statements from an inline policy",
    plan: runtimeCi(
      update(
        "aws_iam_role_policy.legacy",
        {
          name: "legacy",
          role: "bedrock-runtime",
          policy: doc(INVOKE, allow("bedrock:*", "*", { Sid: "Everything" }), MARKETPLACE_SUBSCRIBE),
        },
        { name: "legacy", role: "bedrock-runtime", policy: doc(INVOKE) },
      ),
    ),
  },
  {
    name: "deleting a role that trusted anyone and a user's admin policy",
    plan: runtimeCi(
      destroy("aws_iam_role.open", role("open", doc(trusts("*", { Sid: "Anyone" })))),
      destroy("aws_iam_user_policy.admin", { name: "admin", user: "ops-bot", policy: doc(ADMIN) }),
    ),
  },
  {
    name: "data sources only: reading AdministratorAccess and a policy document",
    plan: runtimeCi(
      read("data.aws_iam_policy.admin", { name: "AdministratorAccess", arn: awsManaged("AdministratorAccess"), policy: doc(ADMIN) }),
      read("data.aws_iam_policy_document.open", { json: doc(ADMIN), policy: doc(allow("bedrock:*", "*")) }),
      read("data.aws_iam_role.runner", { name: "runs-on-RunnerInstanceRole", assume_role_policy: doc(trusts("*")) }),
    ),
  },
  {
    name: "invoking through a specific inference profile, added to an existing role's inline policy",
    plan: runtimeCi(
      update(
        "aws_iam_role_policy.invoke",
        { name: "invoke", role: "bedrock-runtime", policy: doc(INVOKE) },
        {
          name: "invoke",
          role: "bedrock-runtime",
          policy: doc(
            allow(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], [PROFILE, PROFILE.replace("us.", "global.")], {
              Sid: "InvokeInferenceProfiles",
            }),
          ),
        },
      ),
    ),
  },
  { name: "an empty plan", plan: stackPlan("runtime-ci", []) },
  {
    name: "a second pipeline principal (same management account) trusted by the FTU-submitter role",
    plan: planBetween(
      "management",
      "111111111111",
      managementState(stackConfig()),
      managementState(
        stackConfig((raw) => {
          raw.managementAccount = {
            id: "111111111111",
            pipelinePrincipals: [PIPELINE, "arn:aws:iam::111111111111:role/platform-pipeline-2"],
          };
        }),
      ),
    ),
  },
];
