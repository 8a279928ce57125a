import { z } from "zod";
import { ModelCatalog, offeredKinds, PROFILE_KINDS, type ProfileKind } from "../domain/catalog/catalog";
import { accessOf } from "../domain/catalog/profile-access";
import { DEFAULT_CATALOG_LOCK_FILE } from "../domain/catalog/lock";
import { notInCatalogReason } from "../domain/catalog/not-in-catalog";
import { lifecycleProblem } from "./lifecycle-checks";
import { encodeForm, formData, USE_CASE_FORM_MAX_BYTES } from "../domain/use-case-form";
import { nearest } from "../core/nearest";
import { DEFAULT_USE_CASE_REGION } from "../domain/catalog/regions";
import { DEFAULT_NAME_PREFIX } from "../domain/names";
import { checkAccountSettings, flagDuplicates } from "./account-checks";
import { runtimeAccountSchema } from "./account-schema";
import { accountId, DEFAULT_TERRAFORM_ROLE_NAME, nonEmpty, principalArn, region, roleName, sessionDurationSeconds } from "./fields";
import {
  checkLock,
  checkSelections,
  discoveredAccounts,
  selectionTrustedPrincipals,
  type DiscoveredAccountsInput,
  type Discovery,
} from "./organization-checks";
import { checkHcpWorkspaces, hcpWorkspacesSchema } from "./hcp-workspaces-schema";
import { organizationSchema } from "./organization-schema";
import { externalPrincipalOf, outsideMessage, principalsOutside } from "./principal-checks";
import { principalAccount } from "../domain/arn";

const ROLE_PATH = /^\/([\w+=,.@-]+\/)*$/;

const DEFAULT_MODEL_IDS = ["anthropic.claude-sonnet-4-6", "anthropic.claude-opus-4-6-v1"] as const;

/** Codes the use-case form expects for `intendedUsers`. */
const INTENDED_USERS_CODES = { internal: "0", external: "1", both: "2" } as const;

const isIntendedUsersName = (value: string): value is keyof typeof INTENDED_USERS_CODES => Object.hasOwn(INTENDED_USERS_CODES, value);

const intendedUsers = z
  .union([z.enum(["internal", "external", "both"]), z.enum(["0", "1", "2"])], {
    error: 'expected one of internal, external, both, or the raw codes "0", "1", "2"',
  })
  .transform((value) => (isIntendedUsersName(value) ? INTENDED_USERS_CODES[value] : value))
  .pipe(z.enum(["0", "1", "2"]));

const useCaseFormSchema = z.strictObject({
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
    "Principals (the pull-request plan job's role) trusted by each account's plan-reader role, which may only read what the stacks manage. Empty: no plan-reader roles, and `bedrock-access plan` refuses to run (exit 2) unless --deploy-role.",
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

/**
 * An external principal, or one with the external id the runtime roles' trust requires of it (STS AssumeRole
 * `ExternalId`: 2 to 1224 characters of `[\w+=,.@:/-]`, botocore's sts model, externalIdType; the confused-deputy
 * protection of the IAM User Guide, "The confused deputy problem").
 */
const externalPrincipalSchema = z.union([
  principalArn,
  accountId,
  z.strictObject({
    principal: z.union([principalArn, accountId]),
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, { error: "expected 2 to 1224 characters of letters, digits and +=,.@:/_-" }),
  }),
]);

/** A model's default profiles: every geography AWS offers it in (in-region and messages are never defaults). */
const defaultProfiles = (modelId: string, catalog: ModelCatalog = ModelCatalog.builtIn): ProfileKind[] => {
  const model = catalog.find(modelId);
  return model ? offeredKinds(model).filter((kind) => accessOf(kind).byDefault) : [];
};

/** Endpoints serving the Anthropic Messages API; only bedrock-mantle's can be granted and proven (see below). */
const MESSAGES_ENDPOINTS = ["bedrock-mantle", "bedrock-runtime"] as const;

/**
 * Why the Messages API on bedrock-runtime (`/anthropic/v1/messages`) is refused: docs/models.md §1, §4 questions 1-2.
 * @internal its tests read it
 */
export const RUNTIME_MESSAGES_REFUSAL =
  "the Messages API on bedrock-runtime (/anthropic/v1/messages) cannot be granted honestly: AWS documents neither the IAM action nor the resource it is authorized on (its inference page names Converse, Invoke, Chat Completions and Responses, not Messages), so a policy written for it might not work. Use messagesEndpoint: bedrock-mantle, or the model's geography profiles (Converse/InvokeModel on bedrock-runtime); docs/models.md §3";

const modelSchema = (catalog: ModelCatalog) =>
  z
    .strictObject({
      id: z
        .string()
        .regex(/^anthropic\.[a-z0-9][a-z0-9.:-]*$/, { error: "expected an Anthropic base model id (anthropic.claude-...)" })
        .describe(
          `A Claude model of the catalog (lib/domain/catalog/models.ts: ${ModelCatalog.builtIn.models.map((m) => m.id).join(", ")}), or one the catalog lock lists.`,
        ),
      profiles: z
        .array(z.enum(PROFILE_KINDS, { error: `expected one of ${PROFILE_KINDS.join(", ")}` }))
        .min(1, { error: "expected at least one profile kind" })
        .optional()
        .describe(
          "Inference profiles to enable; each applies in the account regions it can be called from. `in-region` calls the base model without a profile; `messages` is the Anthropic Messages API on the bedrock-mantle endpoint. Default: every geography profile the model has.",
        ),
      messagesEndpoint: z
        .enum(MESSAGES_ENDPOINTS, { error: `expected one of ${MESSAGES_ENDPOINTS.join(", ")}` })
        .optional()
        .describe(
          "For the messages profile: the endpoint CI sends Messages API requests to. Default bedrock-mantle; bedrock-runtime is refused (its IAM is undocumented).",
        ),
      marketplaceProductId: z
        .string()
        .regex(/^[a-z0-9-]+$/, { error: "expected an AWS Marketplace product id" })
        .optional()
        .describe("Scopes aws-marketplace:Subscribe on the first-use role to this product."),
      alreadyInUse: z
        .boolean()
        .default(false)
        .describe(
          "Set on purpose for a Legacy model that every account enabling it already uses: AWS lets new customers use no Legacy model, and existing ones lose access after 15 days of inactivity. Without it a Legacy model is refused; a model past its end of life always is.",
        ),
    })
    .transform(({ profiles, ...model }) => ({ ...model, profiles: profiles ?? defaultProfiles(model.id, catalog) }));

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
  maxSessionDurationSeconds: sessionDurationSeconds.describe(
    "For the plain runtime role; the first-use role is always capped at 3600, the GitHub OIDC role has githubOidc.maxSessionDurationSeconds.",
  ),
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
      workspaces: hcpWorkspacesSchema
        .optional()
        .describe("Create the workspaces from this pipeline (the hcp-workspaces stack, tfe provider)."),
    }),
  ],
  { error: "expected type local, s3 or cloud" },
);

/** What the config is checked against besides itself. */
export interface SchemaContext {
  /**
   * The accounts lock: the accounts the config's `organization.selections` resolved to are checked against it and added
   * after the listed ones. Without it, the config holds the listed accounts only (what `discover` reads, and the JSON
   * Schema describes).
   */
  readonly discovered?: DiscoveredAccountsInput;
  /** The models the config may name: the built-in tables and the catalog lock. @default the built-in tables */
  readonly catalog?: ModelCatalog;
  /** The day lifecycle is judged on (YYYY-MM-DD). @default today (UTC) */
  readonly today?: string;
  /**
   * "accept-unknown": a model id neither the tables nor the lock know is accepted with no profile checks (what
   * `catalog refresh` reads, to ask AWS about a model it names). @default "check"
   */
  readonly models?: "check" | "accept-unknown";
}

/** The config file's schema, checked against `context` (the accounts lock, the model catalog, today's date). */
export const accessConfigSchema = ({
  discovered,
  catalog = ModelCatalog.builtIn,
  today = utcToday(),
  models = "check",
}: SchemaContext = {}) =>
  z
    .strictObject({
      $schema: z.string().optional(),
      managementAccount: managementAccountSchema,
      useCaseForm: useCaseFormSchema,
      models: z
        .array(modelSchema(catalog))
        .min(1, { error: "expected at least one model" })
        .default(DEFAULT_MODEL_IDS.map((id) => ({ id, profiles: defaultProfiles(id, catalog), alreadyInUse: false }))),
      accounts: z
        .array(runtimeAccountSchema)
        .default([])
        .describe("Runtime accounts listed by hand; with organization.selections, these and the selected ones."),
      organization: organizationSchema
        .optional()
        .describe(
          "Runtime accounts selected from the Organization by OU and tags, resolved by `bedrock-access discover` into the accounts lock.",
        ),
      iam: iamSchema.default(() => iamSchema.parse({})),
      backend: backendSchema.default({ type: "local" }),
      externalPrincipals: z
        .array(externalPrincipalSchema)
        .default([])
        .describe(
          "Principals (ARNs, or account ids) outside the management and runtime accounts that pipelinePrincipals, planPrincipals or trustedPrincipals may name on purpose. Without this list they are rejected: a role that trusts another account lets that account's administrators use it. Give one as { principal, externalId } to make the runtime roles that trust it require that sts:ExternalId.",
        ),
      catalogLock: z
        .string()
        .min(1)
        .default(DEFAULT_CATALOG_LOCK_FILE)
        .describe("The catalog lock written by `bedrock-access catalog refresh`, relative to this file; used when it exists."),
    })
    .superRefine((config, ctx) => {
      const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
      if (config.accounts.length === 0 && !config.organization) {
        add(["accounts"], "expected at least one runtime account (listed here, or selected under organization.selections)");
      }
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
        const model = catalog.find(m.id);
        if (!model) {
          if (models === "accept-unknown") return;
          const ids = catalog.models.map((known) => known.id);
          add(
            ["models", i, "id"],
            notInCatalogReason(m.id) ?? `not a Claude model in the catalog; nearest: ${nearest(m.id, ids, 3).join(", ")}`,
          );
          return;
        }
        const lifecycle = lifecycleProblem(model, m, today, catalog.lock);
        if (lifecycle) add(["models", i, "id"], lifecycle);
        const offered = offeredKinds(model);
        m.profiles.forEach((kind, k) => {
          if (offered.includes(kind)) return;
          if (accessOf(kind).protocol === "messages-api") {
            const served = catalog.models.filter((known) => known.messages).map((known) => known.id);
            add(
              ["models", i, "profiles", k],
              `${m.id} is not in the catalog's Messages API (bedrock-mantle) table; it has ${served.join(", ")} (docs/models.md §2b says why others are not)`,
            );
          } else add(["models", i, "profiles", k], `${m.id} has no ${kind} profile; it offers ${offered.join(", ")}`);
        });
        if (m.messagesEndpoint === "bedrock-runtime") add(["models", i, "messagesEndpoint"], RUNTIME_MESSAGES_REFUSAL);
        else if (m.messagesEndpoint && !m.profiles.some((kind) => accessOf(kind).protocol === "messages-api"))
          add(["models", i, "messagesEndpoint"], "applies to the messages profile only: add messages to profiles, or remove it");
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
      // Without the accounts lock the selected accounts are unknown, so whether a principal lies outside cannot be told
      // (only `discover` reads the config so, to write the lock).
      const accountsKnown = !config.organization || discovered !== undefined;
      const selected = config.organization ? (discovered?.lock.accounts ?? []) : [];
      const outside = principalsOutside(
        [config.managementAccount.id, ...config.accounts.map((a) => a.id), ...selected.map((a) => a.id)],
        config.externalPrincipals.map(externalPrincipalOf),
      );
      flagDuplicates(config.externalPrincipals.map(externalPrincipalOf), (i) =>
        add(["externalPrincipals", i], "listed twice: give each principal one entry (and at most one externalId)"),
      );
      // This tool (enable, status, preflight) and Terraform assume the pipeline's and plan principals' roles, and send no external id.
      const withId = new Set(config.externalPrincipals.flatMap((e) => (typeof e === "string" ? [] : [e.principal])));
      for (const field of ["pipelinePrincipals", "planPrincipals"] as const) {
        config.managementAccount[field].forEach((principal, i) => {
          if (withId.has(principal) || withId.has(principalAccount(principal) ?? ""))
            add(
              ["managementAccount", field, i],
              `${principal} has an externalId under externalPrincipals: only roles in trustedPrincipals can require one (bedrock-access and Terraform send none when they assume the pipeline's and plan roles)`,
            );
        });
      }
      const checkPrincipal = (principal: string, path: (string | number)[]) => {
        if (accountsKnown && outside(principal)) add(path, outsideMessage(principal));
      };
      for (const field of ["pipelinePrincipals", "planPrincipals"] as const) {
        config.managementAccount[field].forEach((principal, i) => checkPrincipal(principal, ["managementAccount", field, i]));
      }
      config.accounts.forEach((account, a) =>
        account.trustedPrincipals.forEach((principal, i) => checkPrincipal(principal, ["accounts", a, "trustedPrincipals", i])),
      );
      const context = { models: config.models, namePrefix: config.iam.namePrefix, catalog };
      config.accounts.forEach((account, a) =>
        checkAccountSettings(account, { ...context, label: `account ${account.name}` }, (field) => ["accounts", a, field], add),
      );
      if (config.backend.type === "cloud" && config.backend.workspaces)
        checkHcpWorkspaces(config.backend.workspaces, config.managementAccount, add);
      if (config.organization) {
        checkSelections(config.organization, context, add);
        for (const { principal, path } of selectionTrustedPrincipals(config.organization)) checkPrincipal(principal, path);
        if (discovered) checkLock(config.organization, config.accounts, discovered, add);
      }
    })
    .transform((config): typeof config & { readonly discovery?: Discovery; readonly catalog: ModelCatalog } => {
      if (!config.organization || !discovered) return { ...config, catalog };
      const { accounts, discovery } = discoveredAccounts(config.organization, config.accounts, config.managementAccount.id, discovered);
      return { ...config, accounts: [...config.accounts, ...accounts], discovery, catalog };
    });

const utcToday = () => new Date().toISOString().slice(0, 10);

/** The config as validated, with the model catalog it was checked against (built-in tables, and the catalog lock next to it). */
export type AccessConfig = z.output<ReturnType<typeof accessConfigSchema>>;
export type RuntimeAccount = AccessConfig["accounts"][number];
export type ModelConfig = AccessConfig["models"][number];
export type BackendConfig = AccessConfig["backend"];
