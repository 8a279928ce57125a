import { z } from "zod";
import { ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE } from "../domain/organization/stack-names";
import { accountId, DEFAULT_TERRAFORM_ROLE_NAME, nonEmpty, principalArn, region, roleName, sessionDurationSeconds } from "./fields";

/**
 * A runtime account's settings: listed under `accounts[]` with its name and id, or given once per Organization
 * selection (`organization.selections[].defaults`, changed per account by `overrides`).
 */
/**
 * `OWNER/REPO`, `OWNER/*`, or GitHub's immutable form `OWNER@OWNER_ID/REPO@REPO_ID` (the `sub` of repositories created,
 * renamed or transferred after 2026-07-15, and of older ones that opted in: GitHub docs, OpenID Connect reference,
 * "Immutable subject claims"; `@` cannot appear in GitHub user or repository names).
 */
const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]*\/(?:[A-Za-z0-9._-]+|\*)$|^[A-Za-z0-9][A-Za-z0-9-]*@\d+\/(?:[A-Za-z0-9._-]+@\d+|\*)$/;

const githubRepositorySchema = z.strictObject({
  repository: z.string().regex(REPOSITORY, {
    error:
      "expected OWNER/REPO, OWNER@OWNER_ID/REPO@REPO_ID (GitHub's immutable subject form: ids on both or neither), or OWNER/* with allowWildcard",
  }),
  repositoryId: z
    .string()
    .regex(/^\d+$/, { error: "expected the repository's numeric id (GET /repos/OWNER/REPO: id)" })
    .optional()
    .describe(
      "Also require this repository id (token.actions.githubusercontent.com:repository_id): a repository deleted and re-created under the same name no longer matches.",
    ),
  refs: z.array(z.string().regex(/^refs\/(heads|tags)\/\S+$/, { error: "expected refs/heads/NAME or refs/tags/NAME" })).default([]),
  environments: z.array(nonEmpty).default([]),
  pullRequests: z.boolean().default(false).describe("Also trust pull_request workflows of this repository."),
  allowWildcard: z
    .boolean()
    .default(false)
    .describe("Required for a wildcard (* or ?) in the repository (OWNER/*: every repository of the owner), a ref or an environment."),
});

const githubOidcSchema = z.strictObject({
  providerArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/, {
      error: "expected the ARN of an existing token.actions.githubusercontent.com OIDC provider",
    })
    .optional()
    .describe("Reuse this provider instead of creating one."),
  roleName: roleName.default("github-actions").describe("Suffix of the OIDC role's name."),
  repositories: z.array(githubRepositorySchema).min(1, { error: "expected at least one repository" }),
  maxSessionDurationSeconds: sessionDurationSeconds.describe(
    "The OIDC role's longest session; iam.maxSessionDurationSeconds does not apply to it.",
  ),
});

/** Each setting without its default: what an override may set (an unset field keeps the selection's default). */
const settingFields = {
  regions: z.array(region).min(1, { error: "expected at least one region" }),
  terraformRoleName: roleName,
  models: z.array(z.string()).min(1, { error: "expected at least one model id (omit the field for all models)" }),
  runsOnRoleNames: z.array(roleName),
  githubOidc: githubOidcSchema,
  trustedPrincipals: z.array(principalArn),
  firstUseMarketplaceAccess: z.boolean(),
};

/** Every setting with its default, in the order the stacks and the docs list them. */
const accountSettingsShape = {
  regions: settingFields.regions,
  terraformRoleName: settingFields.terraformRoleName.default(DEFAULT_TERRAFORM_ROLE_NAME),
  models: settingFields.models.optional().describe("Subset of the top-level model ids; default all."),
  runsOnRoleNames: settingFields.runsOnRoleNames.default([]).describe("Existing RunsOn instance roles to attach the invoke policy to."),
  githubOidc: settingFields.githubOidc.optional(),
  trustedPrincipals: settingFields.trustedPrincipals.default([]).describe("Principals trusted by a plain runtime role."),
  firstUseMarketplaceAccess: settingFields.firstUseMarketplaceAccess
    .default(true)
    .describe("Give the first-use role the Marketplace permissions (false only where an SCP or other role handles it)."),
};

export const accountNameSchema = z.string().regex(ACCOUNT_NAME_PATTERN, { error: `expected ${ACCOUNT_NAME_RULE}` });

export const runtimeAccountSchema = z.strictObject({ name: accountNameSchema, id: accountId, ...accountSettingsShape });

/** The settings of every account a selection takes, defaults applied. */
export const accountSettingsSchema = z.strictObject(accountSettingsShape);

/** One account's changes to its selection's settings: each field given replaces the default whole (lists are not merged). */
export const accountOverrideSchema = z.strictObject({
  regions: settingFields.regions.optional(),
  terraformRoleName: settingFields.terraformRoleName.optional(),
  models: settingFields.models.optional(),
  runsOnRoleNames: settingFields.runsOnRoleNames.optional(),
  githubOidc: settingFields.githubOidc.optional(),
  trustedPrincipals: settingFields.trustedPrincipals.optional(),
  firstUseMarketplaceAccess: settingFields.firstUseMarketplaceAccess.optional(),
});

export type AccountSettings = z.output<typeof accountSettingsSchema>;
export type AccountOverride = z.output<typeof accountOverrideSchema>;
