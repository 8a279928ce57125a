import { z } from "zod";
import { enumValues } from "../core/validation";
import { findModel, isSourceRegion, offeredKinds, PROFILE_KINDS, type ProfileKind } from "../domain/catalog/catalog";
import { DEFAULT_CATALOG_LOCK_FILE, type CatalogLock } from "../domain/catalog/lock";
import { CLAUDE_MODELS } from "../domain/catalog/models";
import { encodeForm, formData, USE_CASE_FORM_MAX_BYTES } from "../domain/use-case-form";
import { nearest } from "../core/nearest";
import { BEDROCK_REGIONS, DEFAULT_USE_CASE_REGION } from "../domain/catalog/regions";
import { DEFAULT_NAME_PREFIX, RESOURCE_NAMES } from "../domain/names";
import { principalAccount } from "../domain/arn";

const ACCOUNT_ID = /^\d{12}$/;
const IAM_NAME = /^[\w+=,.@-]+$/;
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|(role|user)\/[\w+=,.@/-]+)$/;
const ROLE_PATH = /^\/([\w+=,.@-]+\/)*$/;
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]*)\/(?:[A-Za-z0-9._-]+|\*)$/;

export const DEFAULT_MODEL_IDS = ["anthropic.claude-sonnet-4-6", "anthropic.claude-opus-4-6-v1"] as const;
export const DEFAULT_TERRAFORM_ROLE_NAME = "OrganizationAccountAccessRole";

/** Codes the use-case form expects for `intendedUsers`. */
export const INTENDED_USERS_CODES = { internal: "0", external: "1", both: "2" } as const;

const isIntendedUsersName = (value: string): value is keyof typeof INTENDED_USERS_CODES => Object.hasOwn(INTENDED_USERS_CODES, value);

const accountId = z
  .string({ error: "expected a quoted string of 12 digits (YAML reads bare numbers and drops leading zeros)" })
  .regex(ACCOUNT_ID, { error: "expected 12 digits" });

const roleName = z
  .string()
  .min(1)
  .max(64, { error: "expected at most 64 characters (IAM role name limit)" })
  .regex(IAM_NAME, { error: "expected an IAM role name (letters, digits and +=,.@_-)" });

const principalArn = z
  .string()
  .regex(PRINCIPAL_ARN, { error: "expected an IAM role, user or account-root ARN (arn:aws:iam::123456789012:role/NAME)" });

const region = z.enum(enumValues(BEDROCK_REGIONS, "BEDROCK_REGIONS"), {
  error: `expected a region where Bedrock serves Anthropic models: ${BEDROCK_REGIONS.join(", ")}`,
});

const nonEmpty = z.string().trim().min(1, { error: "expected a non-empty string" });

const intendedUsers = z
  .union([z.enum(["internal", "external", "both"]), z.enum(["0", "1", "2"])], {
    error: 'expected one of internal, external, both, or the raw codes "0", "1", "2"',
  })
  .transform((value) => (isIntendedUsersName(value) ? INTENDED_USERS_CODES[value] : value))
  .pipe(z.enum(["0", "1", "2"]));

export const useCaseFormSchema = z.strictObject({
  companyName: nonEmpty.describe("Legal or trading name submitted to Anthropic."),
  companyWebsite: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }),
  intendedUsers: intendedUsers.describe('internal ("0"), external ("1") or both ("2").'),
  industryOption: nonEmpty.describe("Industry, as offered by the Bedrock console's form."),
  otherIndustryOption: z.string().default("").describe("Free text when industryOption is Other."),
  useCases: nonEmpty.describe("What the models are used for."),
  region: region.default(DEFAULT_USE_CASE_REGION).describe("Region the form is submitted in."),
});

/** Read-only plans (docs/ci.md, "Read-only plans"): who may assume each account's plan-reader role. */
const planPrincipalsSchema = z
  .array(principalArn)
  .default([])
  .describe(
    "Principals (the pull-request plan job's role) trusted by each account's plan-reader role, which may only read what the stacks manage. Empty: no plan-reader roles, and `bedrock-access plan` needs --deploy-role.",
  );

const managementAccountSchema = z.strictObject({
  id: accountId.describe("The Organization management account."),
  terraformRoleName: roleName.default(DEFAULT_TERRAFORM_ROLE_NAME).describe("Role Terraform assumes there."),
  region: region.default(DEFAULT_USE_CASE_REGION).describe("Provider region for the management stack."),
  planPrincipals: planPrincipalsSchema,
  pipelinePrincipals: z
    .array(principalArn)
    .min(1, { error: "expected at least one pipeline principal ARN" })
    .describe("Principals (the pipeline's role) trusted by the FTU-submitter and first-use roles."),
});

/** A model's default profiles: every geography AWS offers it in (in-region is never a default). */
export const defaultProfiles = (modelId: string): ProfileKind[] => {
  const model = findModel(modelId);
  return model ? offeredKinds(model).filter((kind) => kind !== "in-region") : [];
};

const modelSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^anthropic\.[a-z0-9][a-z0-9.:-]*$/, { error: "expected an Anthropic base model id (anthropic.claude-...)" })
      .describe(`A Claude model of the catalog (lib/domain/catalog/models.ts): ${CLAUDE_MODELS.map((m) => m.id).join(", ")}.`),
    profiles: z
      .array(z.enum(PROFILE_KINDS, { error: `expected one of ${PROFILE_KINDS.join(", ")}` }))
      .min(1, { error: "expected at least one profile kind" })
      .optional()
      .describe(
        "Inference profiles to enable; each applies in the account regions it can be called from. Default: every profile the model has.",
      ),
    marketplaceProductId: z
      .string()
      .regex(/^[a-z0-9-]+$/, { error: "expected an AWS Marketplace product id" })
      .optional()
      .describe("Scopes aws-marketplace:Subscribe on the first-use role to this product."),
  })
  .transform(({ profiles, ...model }) => ({ ...model, profiles: profiles ?? defaultProfiles(model.id) }));

const githubRepositorySchema = z.strictObject({
  repository: z.string().regex(REPOSITORY, { error: "expected OWNER/REPO (or OWNER/* with allowWildcard)" }),
  refs: z.array(z.string().regex(/^refs\/(heads|tags)\/\S+$/, { error: "expected refs/heads/NAME or refs/tags/NAME" })).default([]),
  environments: z.array(nonEmpty).default([]),
  pullRequests: z.boolean().default(false).describe("Also trust pull_request workflows of this repository."),
  allowWildcard: z.boolean().default(false).describe("Required to trust OWNER/* (every repository of the owner)."),
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
});

const runtimeAccountSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,29}$/, { error: "expected lowercase letters, digits and dashes, starting with a letter, at most 30" }),
  id: accountId,
  regions: z.array(region).min(1, { error: "expected at least one region" }),
  terraformRoleName: roleName.default(DEFAULT_TERRAFORM_ROLE_NAME),
  models: z
    .array(z.string())
    .min(1, { error: "expected at least one model id (omit the field for all models)" })
    .optional()
    .describe("Subset of the top-level model ids; default all."),
  runsOnRoleNames: z.array(roleName).default([]).describe("Existing RunsOn instance roles to attach the invoke policy to."),
  githubOidc: githubOidcSchema.optional(),
  trustedPrincipals: z.array(principalArn).default([]).describe("Principals trusted by a plain runtime role."),
  firstUseMarketplaceAccess: z
    .boolean()
    .default(true)
    .describe("Give the first-use role the Marketplace permissions (false only where an SCP or other role handles it)."),
});

const iamSchema = z.strictObject({
  namePrefix: z
    .string()
    .regex(/^[\w+=,.@-]{0,32}$/, { error: "expected at most 32 IAM name characters" })
    .default(DEFAULT_NAME_PREFIX),
  rolePath: z.string().regex(ROLE_PATH, { error: "expected an IAM path such as / or /bedrock/" }).default("/"),
  permissionsBoundaryArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/, { error: "expected an IAM managed policy ARN" })
    .optional(),
  maxSessionDurationSeconds: z
    .number()
    .int()
    .min(3600, { error: "expected 3600..43200 seconds" })
    .max(43200, { error: "expected 3600..43200 seconds" })
    .default(3600)
    .describe("For runtime roles; the first-use role is always capped at 3600."),
  tags: z.record(z.string().regex(/^[\w .:/=+@-]{1,128}$/), z.string().max(256)).default({}),
});

const backendSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("local"), directory: z.string().optional() }),
    z.strictObject({
      type: z.literal("s3"),
      bucket: nonEmpty,
      region,
      keyPrefix: z.string().default("bedrock-access"),
      dynamodbTable: z.string().optional(),
      useLockfile: z.boolean().default(true),
    }),
    z.strictObject({
      type: z.literal("cloud"),
      organization: nonEmpty,
      hostname: z.string().default("app.terraform.io"),
      workspacePrefix: z.string().default("bedrock-access"),
      workspaceTags: z.array(nonEmpty).optional().describe("Select workspaces by tags instead of one name per stack."),
    }),
  ],
  { error: "expected type local, s3 or cloud" },
);

export const accessConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    managementAccount: managementAccountSchema,
    useCaseForm: useCaseFormSchema,
    models: z
      .array(modelSchema)
      .min(1, { error: "expected at least one model" })
      .default(DEFAULT_MODEL_IDS.map((id) => ({ id, profiles: defaultProfiles(id) }))),
    accounts: z.array(runtimeAccountSchema).min(1, { error: "expected at least one runtime account" }),
    iam: iamSchema.default(() => iamSchema.parse({})),
    backend: backendSchema.default({ type: "local" }),
    externalPrincipals: z
      .array(z.union([principalArn, accountId]))
      .default([])
      .describe(
        "Principals (ARNs, or account ids) outside the management and runtime accounts that pipelinePrincipals, planPrincipals or trustedPrincipals may name on purpose. Without this list they are rejected: a role that trusts another account lets that account's administrators use it.",
      ),
    catalogLock: z
      .string()
      .min(1)
      .default(DEFAULT_CATALOG_LOCK_FILE)
      .describe("The catalog lock written by `bedrock-access catalog refresh`, relative to this file; used when it exists."),
  })
  .superRefine((config, ctx) => {
    const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    flagDuplicates(
      config.models.map((m) => m.id),
      (i) => add(["models", i, "id"], "duplicate model id"),
    );
    flagDuplicates(
      config.accounts.map((a) => a.id),
      (i) => add(["accounts", i, "id"], "duplicate account id"),
    );
    flagDuplicates(
      config.accounts.map((a) => a.name),
      (i) => add(["accounts", i, "name"], "duplicate account name"),
    );
    config.models.forEach((m, i) => {
      const model = findModel(m.id);
      if (!model) {
        const ids = CLAUDE_MODELS.map((known) => known.id);
        add(["models", i, "id"], `not a Claude model Bedrock serves; nearest: ${nearest(m.id, ids, 3).join(", ")}`);
        return;
      }
      const offered = offeredKinds(model);
      m.profiles.forEach((kind, k) => {
        if (!offered.includes(kind)) add(["models", i, "profiles", k], `${m.id} has no ${kind} profile; it offers ${offered.join(", ")}`);
      });
    });
    const pipeline = new Set(config.managementAccount.pipelinePrincipals);
    config.managementAccount.planPrincipals.forEach((principal, i) => {
      if (pipeline.has(principal))
        add(
          ["managementAccount", "planPrincipals", i],
          `${principal} is also a pipeline principal: pull-request plans would run with deploy rights; give plans their own read-only role`,
        );
    });
    flagDuplicates(config.managementAccount.planPrincipals, (i) =>
      add(["managementAccount", "planPrincipals", i], "duplicate plan principal"),
    );
    const formBytes = encodeForm(formData(config.useCaseForm)).byteLength;
    if (formBytes > USE_CASE_FORM_MAX_BYTES) {
      add(
        ["useCaseForm"],
        `encodes to ${formBytes} bytes; PutUseCaseForModelAccess accepts at most ${USE_CASE_FORM_MAX_BYTES}: shorten useCases or the other fields`,
      );
    }
    const outside = principalsOutside(config);
    for (const field of ["pipelinePrincipals", "planPrincipals"] as const) {
      config.managementAccount[field].forEach((principal, i) => {
        if (outside(principal)) add(["managementAccount", field, i], outsideMessage(principal));
      });
    }
    config.accounts.forEach((account, a) =>
      account.trustedPrincipals.forEach((principal, i) => {
        if (outside(principal)) add(["accounts", a, "trustedPrincipals", i], outsideMessage(principal));
      }),
    );
    const modelIds = new Set(config.models.map((m) => m.id));
    config.accounts.forEach((account, a) => {
      flagDuplicates(account.regions, (i) => add(["accounts", a, "regions", i], "duplicate region"));
      account.models?.forEach((id, m) => {
        if (!modelIds.has(id)) add(["accounts", a, "models", m], `expected one of the configured models: ${[...modelIds].join(", ")}`);
      });
      const models = config.models.filter((m) => account.models?.includes(m.id) ?? true);
      const withProduct = models.filter((m) => m.marketplaceProductId !== undefined);
      if (withProduct.length > 0 && withProduct.length < models.length) {
        // Subscribe is scoped to the configured product ids: a model without one could never be subscribed to.
        add(
          ["accounts", a, "models"],
          `marketplaceProductId is set for ${withProduct.map((m) => m.id).join(", ")} but not for ${models
            .filter((m) => m.marketplaceProductId === undefined)
            .map((m) => m.id)
            .join(", ")}: set it on every model of the account or on none`,
        );
      }
      const known = models.flatMap((m) => {
        const model = findModel(m.id);
        return model ? [{ model, kinds: m.profiles }] : [];
      });
      for (const { model, kinds } of known) {
        const usable = kinds.some((kind) => account.regions.some((r) => isSourceRegion(model, kind, r)));
        if (!usable)
          add(["accounts", a, "regions"], `none of ${model.id}'s profiles [${kinds.join(", ")}] can be called from these regions`);
      }
      account.regions.forEach((region, r) => {
        const callable = known.some(({ model, kinds }) => kinds.some((kind) => isSourceRegion(model, kind, region)));
        if (known.length > 0 && !callable) {
          add(["accounts", a, "regions", r], `account ${account.name}: no profile of its models can be called from ${region}`);
        }
      });
      account.githubOidc?.repositories.forEach((repo, r) => {
        if (repo.repository.endsWith("/*") && !repo.allowWildcard) {
          add(
            ["accounts", a, "githubOidc", "repositories", r, "repository"],
            "trusts every repository of the owner: name the repository, or set allowWildcard: true to accept that",
          );
        }
      });
      const longest = Math.max(
        ...[RESOURCE_NAMES.firstUseRole, RESOURCE_NAMES.runtimeRole, RESOURCE_NAMES.planReaderRole, account.githubOidc?.roleName ?? ""].map(
          (s) => s.length,
        ),
      );
      if (config.iam.namePrefix.length + longest > 64) add(["iam", "namePrefix"], "makes role names longer than 64 characters");
    });
  });

/** Whether a principal ARN is in an account the config does not name, and not allowed under externalPrincipals. */
function principalsOutside(config: {
  managementAccount: { id: string };
  accounts: readonly { id: string }[];
  externalPrincipals: readonly string[];
}): (principal: string) => boolean {
  const accounts = new Set([config.managementAccount.id, ...config.accounts.map((a) => a.id)]);
  const allowed = new Set(config.externalPrincipals);
  return (principal) => {
    const account = principalAccount(principal);
    return account !== undefined && !accounts.has(account) && !allowed.has(principal) && !allowed.has(account);
  };
}

const outsideMessage = (principal: string) =>
  `${principal} is in an account that is neither the management account nor a runtime account: list it under externalPrincipals if that is intended`;

function flagDuplicates(values: readonly string[], report: (index: number) => void): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) report(index);
    seen.add(value);
  });
}

/** The validated config, defaults applied. */
/** The config as validated, plus the catalog lock found next to it (loadConfigFile reads it). */
export type AccessConfig = z.output<typeof accessConfigSchema> & {
  /** What AWS said about the profiles (`catalog refresh`); undefined: destinations from the built-in tables. */
  readonly lock?: CatalogLock;
};
export type RuntimeAccount = AccessConfig["accounts"][number];
export type ModelConfig = AccessConfig["models"][number];
export type UseCaseForm = AccessConfig["useCaseForm"];
export type IamSettings = AccessConfig["iam"];
export type BackendConfig = AccessConfig["backend"];
