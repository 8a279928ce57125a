import { doc, PIPELINE_TRUST, role } from "../plan-builders";
import {
  ACCOUNT,
  ADMIN,
  allow,
  attachCreatedPolicy,
  AUD,
  awsManaged,
  create,
  createPolicy,
  createRole,
  existingPolicy,
  expectFinding as finding,
  FOREIGN,
  GITHUB_HOST,
  githubStatement,
  githubTrust,
  INVOKE,
  MARKETPLACE_SUBSCRIBE,
  noop,
  OTHER_ACCOUNT,
  PIPELINE,
  PROFILE,
  policyArn,
  ref,
  risky,
  runtimeCi,
  sub,
  trusts,
  update,
  type RiskyCase,
  type Statement,
} from "./builders";

/**
 * Plans that add a risk the review must flag, one or more per route a risk can take. Each names the finding
 * kind and the resource it must be raised on (see FINDING_KINDS in lib/plan-review/findings.ts).
 */
const INVOKE_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
const invokeOn = (resource: string | string[], extra: Statement = {}) => allow(INVOKE_ACTIONS, resource, { Sid: "Invoke", ...extra });
/** A document whose `Statement` is one object, not a list. */
const single = (statement: Statement) => JSON.stringify({ Version: "2012-10-17", Statement: statement });
const inline = (roleName: string, policy: unknown) => ({ name: "extra", role: roleName, policy });
const pinned = githubTrust({ StringEquals: AUD, StringLike: sub("repo:example-org/app:ref:refs/heads/main") });
const githubRole = (trust: string) => role("bedrock-github-actions", trust);
const INVOKE_ARN = `arn:aws:iam::${ACCOUNT}:policy/bedrock/bedrock-invoke`;
const FIRST_USE = "bedrock-first-use";
const firstUseRole = (trust: string) => role(FIRST_USE, trust, { max_session_duration: 3600 });
const firstUseTrust = (...principals: string[]) => doc(trusts({ AWS: principals }, { Sid: "TrustedPrincipals" }));

const oidc: RiskyCase[] = [
  risky(
    "GitHub OIDC: an update removes the sub condition",
    runtimeCi(update("aws_iam_role.gh", githubRole(pinned), githubRole(githubTrust({ StringEquals: AUD })))),
    finding("oidc-subject-missing", "aws_iam_role.gh"),
  ),
  risky(
    "GitHub OIDC: created with aud only",
    runtimeCi(createRole("gh", githubRole(githubTrust({ StringEquals: AUD })))),
    finding("oidc-subject-missing", "aws_iam_role.gh"),
  ),
  risky(
    "GitHub OIDC: created with no condition at all",
    runtimeCi(
      createRole(
        "gh",
        githubRole(
          doc({
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB_HOST}` },
            Action: "sts:AssumeRoleWithWebIdentity",
          }),
        ),
      ),
    ),
    finding("oidc-subject-missing", "aws_iam_role.gh"),
  ),
  risky(
    "GitHub OIDC: sub only excluded (StringNotLike), never pinned",
    runtimeCi(createRole("gh", githubRole(githubTrust({ StringEquals: AUD, StringNotLike: sub("repo:evil-org/*") })))),
    finding("oidc-subject-missing", "aws_iam_role.gh"),
  ),
  risky(
    "GitHub OIDC: sub only excluded, the operator in lower case (stringnotlike)",
    runtimeCi(createRole("gh", githubRole(githubTrust({ StringEquals: AUD, stringnotlike: sub("repo:evil-org/*") })))),
    finding("oidc-subject-missing", "aws_iam_role.gh"),
  ),
  risky(
    "GitHub OIDC: a wildcard subject under StringLikeIfExists",
    runtimeCi(
      createRole("gh", githubRole(githubTrust({ StringEquals: AUD, StringLikeIfExists: sub("repo:example-org/*:ref:refs/heads/main") }))),
    ),
    finding("wildcard-oidc-subject", "aws_iam_role.gh", "repo:example-org/*:ref:refs/heads/main"),
  ),
  risky(
    "GitHub OIDC: ? in the repository (repo:example-org/app-?:*)",
    runtimeCi(createRole("gh", githubRole(githubTrust({ StringEquals: AUD, StringLike: sub("repo:example-org/app-?:*") })))),
    finding("wildcard-oidc-subject", "aws_iam_role.gh", "repo:example-org/app-?:*"),
  ),
  risky(
    "GitHub OIDC: an update widens the subject to every repository of the owner",
    runtimeCi(
      update(
        "aws_iam_role.gh",
        githubRole(pinned),
        githubRole(githubTrust({ StringEquals: AUD, StringLike: sub("repo:example-org/*:ref:refs/heads/main") })),
      ),
    ),
    finding("wildcard-oidc-subject", "aws_iam_role.gh", "repo:example-org/*:ref:refs/heads/main"),
  ),
  risky(
    "GitHub OIDC: * as the owner",
    runtimeCi(createRole("gh", githubRole(githubTrust({ StringEquals: AUD, StringLike: sub("repo:*/app:*") })))),
    finding("wildcard-oidc-subject", "aws_iam_role.gh", "repo:*/app:*"),
  ),
  risky(
    "GitHub OIDC: a prefix wildcard in the owner",
    runtimeCi(createRole("gh", githubRole(githubTrust({ StringEquals: AUD, StringLike: sub("repo:example-*/app:ref:refs/heads/main") })))),
    finding("wildcard-oidc-subject", "aws_iam_role.gh", "repo:example-*/app:ref:refs/heads/main"),
  ),
  risky(
    "GitHub OIDC: a suffix wildcard in the repository name",
    runtimeCi(
      createRole("gh", githubRole(githubTrust({ StringEquals: AUD, StringLike: sub("repo:example-org/app*:ref:refs/heads/main") }))),
    ),
    finding("wildcard-oidc-subject", "aws_iam_role.gh", "repo:example-org/app*:ref:refs/heads/main"),
  ),
  risky(
    "GitHub OIDC: the immutable subject format with a wildcard repository (repo:OWNER@ID/*)",
    runtimeCi(
      createRole("gh", githubRole(githubTrust({ StringEquals: AUD, StringLike: sub("repo:example-org@41898282/*:ref:refs/heads/main") }))),
    ),
    finding("wildcard-oidc-subject", "aws_iam_role.gh", "repo:example-org@41898282/*:ref:refs/heads/main"),
  ),
  risky(
    "GitHub OIDC: a repository with no pins trusts every ref, environment and pull request (repo:example-org/app:*)",
    runtimeCi(createRole("gh", githubRole(githubTrust({ StringEquals: AUD, StringLike: sub("repo:example-org/app:*") })))),
    finding("wildcard-oidc-subject", "aws_iam_role.gh", "repo:example-org/app:*"),
  ),
  risky(
    "GitHub OIDC: a wildcard in the branch (ref:refs/heads/release-*)",
    runtimeCi(
      createRole("gh", githubRole(githubTrust({ StringEquals: AUD, StringLike: sub("repo:example-org/app:ref:refs/heads/release-*") }))),
    ),
    finding("wildcard-oidc-subject", "aws_iam_role.gh", "repo:example-org/app:ref:refs/heads/release-*"),
  ),
  risky(
    "GitHub OIDC: a ? in the environment",
    runtimeCi(createRole("gh", githubRole(githubTrust({ StringEquals: AUD, StringLike: sub("repo:example-org/app:environment:prod?") })))),
    finding("wildcard-oidc-subject", "aws_iam_role.gh", "repo:example-org/app:environment:prod?"),
  ),
  risky(
    "GitHub OIDC: sub is just *",
    runtimeCi(createRole("gh", githubRole(githubTrust({ StringEquals: AUD, StringLike: sub("*") })))),
    finding("wildcard-oidc-subject", "aws_iam_role.gh"),
  ),
  risky(
    "GitHub OIDC: one pinned and one wildcard subject in a list",
    runtimeCi(
      update(
        "aws_iam_role.gh",
        githubRole(pinned),
        githubRole(
          githubTrust({
            StringEquals: AUD,
            StringLike: sub("repo:example-org/app:ref:refs/heads/main", "repo:example-org/*:pull_request"),
          }),
        ),
      ),
    ),
    finding("wildcard-oidc-subject", "aws_iam_role.gh", "repo:example-org/*:pull_request"),
  ),
];

const marketplace: RiskyCase[] = [
  risky(
    "Marketplace: an IAM user's inline policy",
    runtimeCi(create("aws_iam_user_policy.ci_bot", { name: "marketplace", user: "ci-bot", policy: doc(MARKETPLACE_SUBSCRIBE) })),
    finding("marketplace-outside-first-use", "aws_iam_user_policy.ci_bot", "ci-bot"),
  ),
  risky(
    "Marketplace: aws-marketplace:* added to a group's inline policy",
    runtimeCi(
      update(
        "aws_iam_group_policy.devs",
        { name: "devs", group: "developers", policy: doc(INVOKE) },
        { name: "devs", group: "developers", policy: doc(INVOKE, allow("aws-marketplace:*", "*", { Sid: "Buy" })) },
      ),
    ),
    finding("marketplace-outside-first-use", "aws_iam_group_policy.devs", "developers"),
  ),
  risky(
    "Marketplace: an existing policy (aws-marketplace:sub*, lower case) newly attached to a user",
    runtimeCi(
      noop("aws_iam_policy.buyer", existingPolicy("buyer", doc(allow("aws-marketplace:sub*", "*")))),
      create(
        "aws_iam_user_policy_attachment.ci_bot",
        { user: "ci-bot", policy_arn: policyArn("buyer") },
        { references: { policy_arn: ref("aws_iam_policy.buyer", "arn") } },
      ),
    ),
    finding("marketplace-outside-first-use", "aws_iam_user_policy_attachment.ci_bot", "ci-bot"),
  ),
  risky(
    "Marketplace: a new policy attached to a user by reference",
    runtimeCi(
      createPolicy("buyer", "buyer", doc(allow(["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions"], "*"))),
      attachCreatedPolicy("aws_iam_user_policy_attachment.ci_bot", { user: "ci-bot" }, "buyer"),
    ),
    finding("marketplace-outside-first-use", ["aws_iam_policy.buyer", "aws_iam_user_policy_attachment.ci_bot"], "ci-bot"),
  ),
  risky(
    "Marketplace: ? and another case in the service prefix (AWS-Marketplace:Subscrib?) in a user's inline policy",
    runtimeCi(create("aws_iam_user_policy.ci_bot", { name: "buy", user: "ci-bot", policy: doc(allow("AWS-Marketplace:Subscrib?", "*")) })),
    finding("marketplace-outside-first-use", "aws_iam_user_policy.ci_bot", "aws-marketplace:Subscribe"),
  ),
  risky(
    "Marketplace: an existing policy (aws-market*:*) newly attached to a group",
    runtimeCi(
      noop("aws_iam_policy.buyer", existingPolicy("buyer", doc(allow("aws-market*:*", "*")))),
      create(
        "aws_iam_group_policy_attachment.devs",
        { group: "developers", policy_arn: policyArn("buyer") },
        { references: { policy_arn: ref("aws_iam_policy.buyer", "arn") } },
      ),
    ),
    finding("marketplace-outside-first-use", "aws_iam_group_policy_attachment.devs", "developers"),
  ),
  risky(
    "Marketplace: NotAction sparing only IAM and Organizations, through aws_iam_policy_attachment to a user",
    runtimeCi(
      createPolicy("broad", "broad", doc({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" })),
      attachCreatedPolicy("aws_iam_policy_attachment.broad", { name: "broad", users: ["ci-bot"], roles: [], groups: [] }, "broad"),
    ),
    finding("marketplace-outside-first-use", ["aws_iam_policy.broad", "aws_iam_policy_attachment.broad"], "ci-bot"),
  ),
  risky(
    "Marketplace: aws_iam_policy_attachment of an existing policy to a group",
    runtimeCi(
      noop("aws_iam_policy.buyer", existingPolicy("buyer", doc(MARKETPLACE_SUBSCRIBE))),
      create(
        "aws_iam_policy_attachment.buyer",
        { name: "buyer", users: [], roles: [], groups: ["developers"], policy_arn: policyArn("buyer") },
        { references: { policy_arn: ref("aws_iam_policy.buyer", "arn") } },
      ),
    ),
    finding("marketplace-outside-first-use", "aws_iam_policy_attachment.buyer", "developers"),
  ),
  risky(
    "Marketplace: AWSMarketplaceFullAccess through aws_iam_policy_attachment to the runtime role",
    runtimeCi(
      create("aws_iam_policy_attachment.mp", {
        name: "mp",
        users: [],
        roles: ["bedrock-runtime"],
        groups: [],
        policy_arn: awsManaged("AWSMarketplaceFullAccess"),
      }),
    ),
    finding("marketplace-outside-first-use", "aws_iam_policy_attachment.mp", "bedrock-runtime"),
  ),
  risky(
    "Marketplace: a new role with AWSMarketplaceFullAccess in managed_policy_arns",
    runtimeCi(
      createRole("deployer", role("ci-deployer", PIPELINE_TRUST, { managed_policy_arns: [awsManaged("AWSMarketplaceFullAccess")] })),
    ),
    finding("marketplace-outside-first-use", "aws_iam_role.deployer", "ci-deployer"),
  ),
  risky(
    "Marketplace: the runtime role's managed_policy_arns gains a plan policy that grants it",
    runtimeCi(
      noop("aws_iam_policy.buyer", existingPolicy("buyer", doc(MARKETPLACE_SUBSCRIBE))),
      update(
        "aws_iam_role.runtime",
        role("bedrock-runtime", PIPELINE_TRUST, { managed_policy_arns: [INVOKE_ARN] }),
        role("bedrock-runtime", PIPELINE_TRUST, { managed_policy_arns: [INVOKE_ARN, policyArn("buyer")] }),
      ),
    ),
    finding("marketplace-outside-first-use", "aws_iam_role.runtime", "bedrock-runtime"),
  ),
  risky(
    "Marketplace: AWSMarketplaceManageSubscriptions through aws_iam_role_policy_attachments_exclusive",
    runtimeCi(
      create("aws_iam_role_policy_attachments_exclusive.runtime", {
        role_name: "bedrock-runtime",
        policy_arns: [INVOKE_ARN, awsManaged("AWSMarketplaceManageSubscriptions")],
      }),
    ),
    finding("marketplace-outside-first-use", "aws_iam_role_policy_attachments_exclusive.runtime", "bedrock-runtime"),
  ),
  risky(
    "Marketplace: a new inline policy of the runtime role",
    runtimeCi(create("aws_iam_role_policy.extra", inline("bedrock-runtime", doc(MARKETPLACE_SUBSCRIBE)))),
    finding("marketplace-outside-first-use", "aws_iam_role_policy.extra", "bedrock-runtime"),
  ),
  risky(
    "Marketplace: the runtime role's inline policy gains Subscribe and ViewSubscriptions",
    runtimeCi(
      update(
        "aws_iam_role_policy.extra",
        inline("bedrock-runtime", doc(INVOKE)),
        inline(
          "bedrock-runtime",
          doc(INVOKE, allow(["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions"], "*", { Sid: "Buy" })),
        ),
      ),
    ),
    finding("marketplace-outside-first-use", "aws_iam_role_policy.extra", "bedrock-runtime"),
  ),
  risky(
    "Marketplace: an inline_policy block of a new role",
    runtimeCi(
      createRole("tools", role("ci-tools", PIPELINE_TRUST, { inline_policy: [{ name: "buy", policy: doc(MARKETPLACE_SUBSCRIBE) }] })),
    ),
    finding("marketplace-outside-first-use", "aws_iam_role.tools", "ci-tools"),
  ),
  risky(
    "Marketplace: the invoke policy gains it while attached to the runtime role",
    runtimeCi(
      update(
        "aws_iam_policy.invoke",
        existingPolicy("bedrock-invoke", doc(INVOKE)),
        existingPolicy("bedrock-invoke", doc(INVOKE, MARKETPLACE_SUBSCRIBE)),
      ),
      noop("aws_iam_role_policy_attachment.runtime", { role: "bedrock-runtime", policy_arn: policyArn("bedrock-invoke") }),
    ),
    finding("marketplace-outside-first-use", "aws_iam_policy.invoke", "bedrock-runtime"),
  ),
  // Whether AmazonBedrockFullAccess grants Subscribe could not be confirmed from a source: the review does not
  // record its document, so attaching it is "cannot verify" (still a warning).
  risky(
    "AWS-managed policy without a recorded document (AmazonBedrockFullAccess) attached to the GitHub role",
    runtimeCi(
      create("aws_iam_role_policy_attachment.gh", { role: "bedrock-github-actions", policy_arn: awsManaged("AmazonBedrockFullAccess") }),
    ),
    finding("cannot-verify", "aws_iam_role_policy_attachment.gh", "AmazonBedrockFullAccess"),
  ),
  risky(
    "Marketplace: PowerUserAccess attached to a user",
    runtimeCi(create("aws_iam_user_policy_attachment.dev", { user: "dev-bot", policy_arn: awsManaged("PowerUserAccess") })),
    finding("marketplace-outside-first-use", "aws_iam_user_policy_attachment.dev", "dev-bot"),
  ),
  risky(
    "Marketplace: a role named like the first-use role, but not it",
    runtimeCi(create("aws_iam_role_policy.old", inline("bedrock-first-use-old", doc(MARKETPLACE_SUBSCRIBE)))),
    finding("marketplace-outside-first-use", "aws_iam_role_policy.old", "bedrock-first-use-old"),
  ),
  risky(
    "Marketplace: a user created in the plan gets an inline policy",
    runtimeCi(
      create("aws_iam_user.bot", { name: "release-bot", path: "/" }, { afterUnknown: { arn: true, unique_id: true } }),
      create(
        "aws_iam_user_policy.bot",
        { name: "buy", user: "release-bot", policy: doc(allow("aws-marketplace:Subscribe", "*")) },
        { references: { user: ref("aws_iam_user.bot", "name") } },
      ),
    ),
    finding("marketplace-outside-first-use", "aws_iam_user_policy.bot", "release-bot"),
  ),
  risky(
    "Marketplace: a new policy attached to the first-use and the runtime roles",
    runtimeCi(
      createPolicy("buyer", "buyer", doc(MARKETPLACE_SUBSCRIBE)),
      attachCreatedPolicy(
        "aws_iam_policy_attachment.buyer",
        { name: "buyer", users: [], groups: [], roles: [FIRST_USE, "bedrock-runtime"] },
        "buyer",
      ),
    ),
    finding("marketplace-outside-first-use", ["aws_iam_policy.buyer", "aws_iam_policy_attachment.buyer"], "bedrock-runtime"),
  ),
  risky(
    "Marketplace: a role whose name is known only after apply (name_prefix)",
    runtimeCi(
      createRole("temp", { name_prefix: "ci-", assume_role_policy: PIPELINE_TRUST }, "name"),
      create(
        "aws_iam_role_policy.temp",
        { name: "buy", policy: doc(MARKETPLACE_SUBSCRIBE) },
        { afterUnknown: { role: true, id: true }, references: { role: ref("aws_iam_role.temp", "id") } },
      ),
    ),
    finding("cannot-verify", "aws_iam_role_policy.temp"),
  ),
  risky(
    "Marketplace: an inline policy of a role unknown at plan time (no reference)",
    runtimeCi(
      create(
        "aws_iam_role_policy.unknown",
        { name: "buy", policy: doc(MARKETPLACE_SUBSCRIBE) },
        { afterUnknown: { role: true, id: true } },
      ),
    ),
    finding("cannot-verify", "aws_iam_role_policy.unknown"),
  ),
];

const admin: RiskyCase[] = [
  risky(
    "admin: * on * in a user's inline policy",
    runtimeCi(create("aws_iam_user_policy.ops", { name: "ops", user: "ops-bot", policy: doc(ADMIN) })),
    finding("admin-rights", "aws_iam_user_policy.ops", "ops-bot"),
  ),
  risky(
    "admin: AdministratorAccess attached to a group",
    runtimeCi(create("aws_iam_group_policy_attachment.admins", { group: "developers", policy_arn: awsManaged("AdministratorAccess") })),
    finding("admin-rights", "aws_iam_group_policy_attachment.admins", "developers"),
  ),
  risky(
    "admin: AdministratorAccess attached to the runtime role",
    runtimeCi(create("aws_iam_role_policy_attachment.admin", { role: "bedrock-runtime", policy_arn: awsManaged("AdministratorAccess") })),
    finding("admin-rights", "aws_iam_role_policy_attachment.admin", "bedrock-runtime"),
  ),
  risky(
    "admin: AdministratorAccess through aws_iam_policy_attachment to the GitHub role",
    runtimeCi(
      create("aws_iam_policy_attachment.admin", {
        name: "admin",
        users: [],
        groups: [],
        roles: ["bedrock-github-actions"],
        policy_arn: awsManaged("AdministratorAccess"),
      }),
    ),
    finding("admin-rights", "aws_iam_policy_attachment.admin", "bedrock-github-actions"),
  ),
  risky(
    "admin: a new role with AdministratorAccess in managed_policy_arns",
    runtimeCi(createRole("ops", role("ops-automation", PIPELINE_TRUST, { managed_policy_arns: [awsManaged("AdministratorAccess")] }))),
    finding("admin-rights", "aws_iam_role.ops", "ops-automation"),
  ),
  risky(
    'admin: a policy attached to a user gains Action ["*"] on Resource ["*"]',
    runtimeCi(
      update("aws_iam_policy.tools", existingPolicy("tools", doc(INVOKE)), existingPolicy("tools", doc(INVOKE, allow(["*"], ["*"])))),
      noop("aws_iam_user_policy_attachment.tools", { user: "tools-bot", policy_arn: policyArn("tools") }),
    ),
    finding("admin-rights", "aws_iam_policy.tools", "tools-bot"),
  ),
  risky(
    "admin: *:* on * in a role's inline policy",
    runtimeCi(create("aws_iam_role_policy.extra", inline("bedrock-github-actions", doc(allow("*:*", "*", { Sid: "All" }))))),
    finding("admin-rights", "aws_iam_role_policy.extra", "bedrock-github-actions"),
  ),
  risky(
    "admin: AdministratorAccess attached to a user",
    runtimeCi(create("aws_iam_user_policy_attachment.admin", { user: "ops-bot", policy_arn: awsManaged("AdministratorAccess") })),
    finding("admin-rights", "aws_iam_user_policy_attachment.admin", "ops-bot"),
  ),
];

const cannotVerify: RiskyCase[] = [
  risky(
    "unknown: a managed policy document known only after apply",
    runtimeCi(create("aws_iam_policy.later", { name: "later", path: "/" }, { afterUnknown: { policy: true, arn: true } })),
    finding("cannot-verify", "aws_iam_policy.later"),
  ),
  risky(
    "unknown: the runtime role's inline policy becomes known only after apply",
    runtimeCi(
      update(
        "aws_iam_role_policy.extra",
        inline("bedrock-runtime", doc(INVOKE)),
        { name: "extra", role: "bedrock-runtime" },
        { afterUnknown: { policy: true } },
      ),
    ),
    finding("cannot-verify", "aws_iam_role_policy.extra"),
  ),
  risky(
    "unknown: a new role's trust policy known only after apply",
    runtimeCi(createRole("later", { name: "later" }, "assume_role_policy")),
    finding("cannot-verify", "aws_iam_role.later"),
  ),
  risky(
    "unknown: an existing role's trust becomes known only after apply",
    runtimeCi(
      update(
        "aws_iam_role.runtime",
        role("bedrock-runtime", PIPELINE_TRUST),
        { name: "bedrock-runtime", max_session_duration: 3600 },
        { afterUnknown: { assume_role_policy: true } },
      ),
    ),
    finding("cannot-verify", "aws_iam_role.runtime"),
  ),
  risky(
    "unknown: a user's inline policy known only after apply",
    runtimeCi(create("aws_iam_user_policy.later", { name: "later", user: "ci-bot" }, { afterUnknown: { policy: true } })),
    finding("cannot-verify", "aws_iam_user_policy.later"),
  ),
  risky(
    "unknown: a policy ARN known only after apply, referring to nothing in the plan",
    runtimeCi(
      create("aws_iam_role_policy_attachment.mystery", { role: "bedrock-runtime" }, { afterUnknown: { policy_arn: true, id: true } }),
    ),
    finding("cannot-verify", "aws_iam_role_policy_attachment.mystery"),
  ),
  risky(
    "unknown: a group attachment's policy ARN known only after apply",
    runtimeCi(create("aws_iam_group_policy_attachment.mystery", { group: "developers" }, { afterUnknown: { policy_arn: true, id: true } })),
    finding("cannot-verify", "aws_iam_group_policy_attachment.mystery"),
  ),
  risky(
    "unknown: an attachment to a role known only after apply",
    runtimeCi(create("aws_iam_role_policy_attachment.somewhere", { policy_arn: INVOKE_ARN }, { afterUnknown: { role: true, id: true } })),
    finding("cannot-verify", "aws_iam_role_policy_attachment.somewhere"),
  ),
  risky(
    "sensitive: an inline policy document marked sensitive",
    runtimeCi(create("aws_iam_role_policy.secret", inline("bedrock-runtime", doc(INVOKE)), { afterSensitive: { policy: true } })),
    finding("cannot-verify", "aws_iam_role_policy.secret"),
  ),
  risky(
    "unknown: a customer-managed policy outside the plan attached by ARN",
    runtimeCi(create("aws_iam_role_policy_attachment.elsewhere", { role: "bedrock-runtime", policy_arn: policyArn("managed-elsewhere") })),
    finding("cannot-verify", "aws_iam_role_policy_attachment.elsewhere"),
  ),
  risky(
    "unparseable: a policy given as an object instead of a JSON string",
    runtimeCi(
      create(
        "aws_iam_policy.object",
        { name: "object", path: "/", policy: JSON.parse(doc(INVOKE)) as unknown },
        { afterUnknown: { arn: true } },
      ),
    ),
    finding("cannot-verify", "aws_iam_policy.object"),
  ),
  risky(
    "unparseable: a double-encoded policy",
    runtimeCi(create("aws_iam_role_policy.double", inline("bedrock-runtime", JSON.stringify(doc(MARKETPLACE_SUBSCRIBE))))),
    finding("cannot-verify", "aws_iam_role_policy.double"),
  ),
  risky(
    "unparseable: invalid JSON in an inline policy",
    runtimeCi(create("aws_iam_role_policy.broken", inline("bedrock-runtime", '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'))),
    finding("cannot-verify", "aws_iam_role_policy.broken"),
  ),
  risky(
    "unparseable: invalid JSON in a trust policy",
    runtimeCi(createRole("broken", role("broken", "{not json"))),
    finding("cannot-verify", "aws_iam_role.broken"),
  ),
];

const principals: RiskyCase[] = [
  risky(
    "outside: a new role trusting a foreign account root",
    runtimeCi(createRole("partner", role("partner-access", doc(trusts({ AWS: `arn:aws:iam::${FOREIGN}:root` }, { Sid: "Partner" }))))),
    finding("principal-outside-organization", "aws_iam_role.partner", FOREIGN),
  ),
  risky(
    "outside: the runtime role's trust gains a bare foreign account id",
    runtimeCi(
      update(
        "aws_iam_role.runtime",
        role("bedrock-runtime", PIPELINE_TRUST),
        role("bedrock-runtime", doc(trusts({ AWS: [PIPELINE, FOREIGN] }, { Sid: "TrustedPrincipals" }))),
      ),
    ),
    finding("principal-outside-organization", "aws_iam_role.runtime", FOREIGN),
  ),
  risky(
    "outside: a foreign role in a single-statement trust (Statement an object)",
    runtimeCi(createRole("partner", role("partner-access", single(trusts({ AWS: `arn:aws:iam::${FOREIGN}:role/deployer` }))))),
    finding("principal-outside-organization", "aws_iam_role.partner", FOREIGN),
  ),
  risky(
    "outside: a foreign assumed-role session",
    runtimeCi(createRole("partner", role("partner-access", doc(trusts({ AWS: `arn:aws:sts::${FOREIGN}:assumed-role/deployer/session` }))))),
    finding("principal-outside-organization", "aws_iam_role.partner", FOREIGN),
  ),
  risky(
    "outside: a foreign IAM user",
    runtimeCi(createRole("partner", role("partner-access", doc(trusts({ AWS: `arn:aws:iam::${FOREIGN}:user/deployer` }))))),
    finding("principal-outside-organization", "aws_iam_role.partner", FOREIGN),
  ),
  risky(
    "NotPrincipal: Allow everyone but the pipeline",
    runtimeCi(createRole("np", role("not-principal", doc({ Effect: "Allow", NotPrincipal: { AWS: PIPELINE }, Action: "sts:AssumeRole" })))),
    finding("not-principal", "aws_iam_role.np"),
  ),
  risky(
    'wildcard principal: Principal "*"',
    runtimeCi(createRole("open", role("open", doc(trusts("*", { Sid: "Anyone" }))))),
    finding("wildcard-principal", "aws_iam_role.open"),
  ),
  risky(
    'wildcard principal: the runtime role\'s trust gains { AWS: ["*"] }',
    runtimeCi(
      update(
        "aws_iam_role.runtime",
        role("bedrock-runtime", PIPELINE_TRUST),
        role("bedrock-runtime", doc(trusts({ AWS: ["*"] }, { Sid: "TrustedPrincipals" }))),
      ),
    ),
    finding("wildcard-principal", "aws_iam_role.runtime"),
  ),
  risky(
    "first-use trust widened to a role of another configured account",
    runtimeCi(
      update(
        "aws_iam_role.first_use",
        firstUseRole(PIPELINE_TRUST),
        firstUseRole(firstUseTrust(PIPELINE, `arn:aws:iam::${OTHER_ACCOUNT}:role/x`)),
      ),
    ),
    finding("first-use-trust-widened", "aws_iam_role.first_use", `arn:aws:iam::${OTHER_ACCOUNT}:role/x`),
  ),
  risky(
    "first-use trust widened to another role of the management account",
    runtimeCi(
      update(
        "aws_iam_role.first_use",
        firstUseRole(PIPELINE_TRUST),
        firstUseRole(firstUseTrust(PIPELINE, "arn:aws:iam::111111111111:role/other")),
      ),
    ),
    finding("first-use-trust-widened", "aws_iam_role.first_use", "arn:aws:iam::111111111111:role/other"),
  ),
  risky(
    "first-use role created trusting its own account's root",
    runtimeCi(createRole("first_use", firstUseRole(firstUseTrust(PIPELINE, `arn:aws:iam::${ACCOUNT}:root`)))),
    finding("first-use-trust-widened", "aws_iam_role.first_use", `arn:aws:iam::${ACCOUNT}:root`),
  ),
  risky(
    "first-use trust moved from the pipeline to the runtime role",
    runtimeCi(
      update(
        "aws_iam_role.first_use",
        firstUseRole(PIPELINE_TRUST),
        firstUseRole(firstUseTrust(`arn:aws:iam::${ACCOUNT}:role/bedrock/bedrock-runtime`)),
      ),
    ),
    finding("first-use-trust-widened", "aws_iam_role.first_use", `arn:aws:iam::${ACCOUNT}:role/bedrock/bedrock-runtime`),
  ),
  risky(
    "first-use trust gains GitHub Actions OIDC",
    runtimeCi(update("aws_iam_role.first_use", firstUseRole(PIPELINE_TRUST), firstUseRole(pinned))),
    finding("first-use-trust-widened", "aws_iam_role.first_use"),
  ),
];

const wildcards: RiskyCase[] = [
  risky(
    "wildcard action: bedrock:*",
    runtimeCi(create("aws_iam_role_policy.extra", inline("bedrock-runtime", doc(allow("bedrock:*", PROFILE, { Sid: "All" }))))),
    finding("wildcard-action", "aws_iam_role_policy.extra", "bedrock:*"),
  ),
  risky(
    "wildcard action: * on one profile",
    runtimeCi(createPolicy("any", "any", doc(allow("*", PROFILE, { Sid: "Any" })))),
    finding("wildcard-action", "aws_iam_policy.any"),
  ),
  risky(
    "wildcard action: bedrock:Invoke*",
    runtimeCi(
      update(
        "aws_iam_policy.invoke",
        existingPolicy("bedrock-invoke", doc(INVOKE)),
        existingPolicy("bedrock-invoke", doc(allow("bedrock:Invoke*", PROFILE, { Sid: "InvokeInferenceProfiles" }))),
      ),
    ),
    finding("wildcard-action", "aws_iam_policy.invoke", "bedrock:Invoke*"),
  ),
  risky(
    "wildcard action: ? in an action",
    runtimeCi(
      create("aws_iam_role_policy.extra", inline("bedrock-runtime", doc(allow("bedrock:InvokeMode?", PROFILE, { Sid: "Invoke" })))),
    ),
    finding("wildcard-action", "aws_iam_role_policy.extra", "bedrock:InvokeMode?"),
  ),
  risky(
    "wildcard action: Allow with NotAction",
    runtimeCi(
      create(
        "aws_iam_role_policy.extra",
        inline("bedrock-runtime", doc({ Sid: "Rest", Effect: "Allow", NotAction: "iam:*", Resource: PROFILE })),
      ),
    ),
    finding("wildcard-action", "aws_iam_role_policy.extra", "iam:*"),
  ),
  // The Messages API's inference action (Service Authorization Reference for bedrock-mantle: CreateInference on
  // `project` resources; docs/models.md).
  risky(
    "wildcard action: bedrock-mantle:*",
    runtimeCi(
      create(
        "aws_iam_role_policy.extra",
        inline(
          "bedrock-runtime",
          doc(allow("bedrock-mantle:*", `arn:aws:bedrock-mantle:us-east-1:${ACCOUNT}:project/default`, { Sid: "Mantle" })),
        ),
      ),
    ),
    finding("wildcard-action", "aws_iam_role_policy.extra", "bedrock-mantle:*"),
  ),
  risky(
    'wildcard resource: bedrock-mantle:CreateInference on Resource "*"',
    runtimeCi(
      create("aws_iam_role_policy.extra", inline("bedrock-runtime", doc(allow("bedrock-mantle:CreateInference", "*", { Sid: "Mantle" })))),
    ),
    finding("wildcard-resource", "aws_iam_role_policy.extra", "bedrock-mantle:CreateInference"),
  ),
  risky(
    'wildcard resource: bedrock:InvokeModel on Resource "*"',
    runtimeCi(create("aws_iam_role_policy.extra", inline("bedrock-runtime", doc(allow("bedrock:InvokeModel", "*", { Sid: "Invoke" }))))),
    finding("wildcard-resource", "aws_iam_role_policy.extra", "bedrock:InvokeModel"),
  ),
  ...[
    "arn:aws:bedrock:*",
    "arn:aws:bedrock:*:*:*",
    `arn:aws:bedrock:us-east-1:*:inference-profile/*`,
    `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/*`,
    `arn:*:bedrock:us-east-1:${ACCOUNT}:inference-profile/x`,
  ].map((resource) =>
    risky(
      `wildcard resource: ${resource}`,
      runtimeCi(
        update(
          "aws_iam_policy.invoke",
          existingPolicy("bedrock-invoke", doc(INVOKE)),
          existingPolicy("bedrock-invoke", doc(INVOKE, invokeOn(resource))),
        ),
      ),
      finding("wildcard-resource", "aws_iam_policy.invoke", resource),
    ),
  ),
  risky(
    "wildcard resource: NotResource",
    runtimeCi(
      create(
        "aws_iam_role_policy.extra",
        inline("bedrock-runtime", doc({ Sid: "Invoke", Effect: "Allow", Action: INVOKE_ACTIONS, NotResource: PROFILE })),
      ),
    ),
    finding("wildcard-resource", "aws_iam_role_policy.extra"),
  ),
  risky(
    'wildcard resource: an existing invoke statement gains "*"',
    runtimeCi(
      update(
        "aws_iam_policy.invoke",
        existingPolicy("bedrock-invoke", doc(invokeOn(PROFILE))),
        existingPolicy("bedrock-invoke", doc(invokeOn([PROFILE, "*"]))),
      ),
    ),
    finding("wildcard-resource", "aws_iam_policy.invoke", "bedrock:InvokeModel"),
  ),
  risky(
    'wildcard resource: Sid-less statements, the second on "*"',
    runtimeCi(
      create(
        "aws_iam_role_policy.extra",
        inline("bedrock-runtime", doc(allow("bedrock:InvokeModel", PROFILE), allow("bedrock:InvokeModelWithResponseStream", "*"))),
      ),
    ),
    finding("wildcard-resource", "aws_iam_role_policy.extra", "bedrock:InvokeModelWithResponseStream"),
  ),
  risky(
    "wildcard action: a single statement object (Statement not a list)",
    runtimeCi(create("aws_iam_role_policy.extra", inline("bedrock-runtime", single(allow("bedrock:*", PROFILE))))),
    finding("wildcard-action", "aws_iam_role_policy.extra", "bedrock:*"),
  ),
];

const combinations: RiskyCase[] = [
  risky(
    "combination: a user's wildcard policy and an unknown managed policy",
    runtimeCi(
      create("aws_iam_user_policy.ci_bot", {
        name: "bedrock",
        user: "ci-bot",
        policy: doc(allow("bedrock:*", "*", { Sid: "Everything" })),
      }),
      create("aws_iam_policy.later", { name: "later", path: "/" }, { afterUnknown: { policy: true, arn: true } }),
    ),
    finding("wildcard-action", "aws_iam_user_policy.ci_bot", "bedrock:*"),
    finding("wildcard-resource", "aws_iam_user_policy.ci_bot"),
    finding("cannot-verify", "aws_iam_policy.later"),
  ),
  risky(
    "combination: a trust with a wildcard GitHub subject and a foreign account",
    runtimeCi(
      createRole(
        "gh",
        githubRole(
          doc(
            githubStatement({ StringEquals: AUD, StringLike: sub("repo:example-org/*:*") }),
            trusts({ AWS: `arn:aws:iam::${FOREIGN}:root` }, { Sid: "Partner" }),
          ),
        ),
      ),
    ),
    finding("wildcard-oidc-subject", "aws_iam_role.gh", "repo:example-org/*:*"),
    finding("principal-outside-organization", "aws_iam_role.gh", FOREIGN),
  ),
  risky(
    "combination: the hand-edited stack (Marketplace + bedrock:* to RunsOn and first-use, AdministratorAccess to runtime)",
    runtimeCi(
      createPolicy(
        "extra",
        "bedrock-extra",
        doc(
          allow(["aws-marketplace:ViewSubscriptions", "aws-marketplace:Subscribe"], "*", { Sid: "Marketplace" }),
          allow("bedrock:*", "*", { Sid: "Everything" }),
        ),
      ),
      attachCreatedPolicy("aws_iam_role_policy_attachment.extra-runs-on", { role: "runs-on-RunnerInstanceRole" }, "extra"),
      attachCreatedPolicy("aws_iam_role_policy_attachment.extra-first-use", { role: FIRST_USE }, "extra"),
      create("aws_iam_role_policy_attachment.extra-admin", { role: "bedrock-runtime", policy_arn: awsManaged("AdministratorAccess") }),
    ),
    finding(
      "marketplace-outside-first-use",
      ["aws_iam_policy.extra", "aws_iam_role_policy_attachment.extra-runs-on"],
      "runs-on-RunnerInstanceRole",
    ),
    finding("wildcard-action", "aws_iam_policy.extra", "bedrock:*"),
    finding("admin-rights", "aws_iam_role_policy_attachment.extra-admin", "bedrock-runtime"),
    finding("marketplace-outside-first-use", "aws_iam_role_policy_attachment.extra-admin", "bedrock-runtime"),
  ),
  risky(
    "combination: first-use trust widened and an unknown inline policy on the runtime role",
    runtimeCi(
      update("aws_iam_role.first_use", firstUseRole(PIPELINE_TRUST), firstUseRole(firstUseTrust(PIPELINE, `arn:aws:iam::${FOREIGN}:root`))),
      create("aws_iam_role_policy.later", { name: "later", role: "bedrock-runtime" }, { afterUnknown: { policy: true } }),
    ),
    finding("first-use-trust-widened", "aws_iam_role.first_use", FOREIGN),
    finding("principal-outside-organization", "aws_iam_role.first_use", FOREIGN),
    finding("cannot-verify", "aws_iam_role_policy.later"),
  ),
  risky(
    "combination: a group's admin inline policy and a NotPrincipal trust",
    runtimeCi(
      create("aws_iam_group_policy.ops", { name: "ops", group: "operators", policy: single(ADMIN) }),
      createRole(
        "np",
        role("not-principal", doc({ Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" })),
      ),
    ),
    finding("admin-rights", "aws_iam_group_policy.ops", "operators"),
    finding("marketplace-outside-first-use", "aws_iam_group_policy.ops", "operators"),
    finding("not-principal", "aws_iam_role.np"),
  ),
];

export const RISKY_CASES: readonly RiskyCase[] = [
  ...oidc,
  ...marketplace,
  ...admin,
  ...cannotVerify,
  ...principals,
  ...wildcards,
  ...combinations,
];
