import { resolveAccountProfiles } from "../../lib/config/account-profiles";
import { parseConfig } from "../../lib/config/load";
import type { AccessConfig } from "../../lib/config/schema";
import { MANAGEMENT_STACK_NAME, modelProfileOutput, runtimeStackName } from "../../lib/contracts/stack-outputs/schema";
import { InputError } from "../../lib/core/errors";

/** The Organization of the test configs: the management account and two member accounts (the stack config has only ci). */
export const MANAGEMENT_ID = "111111111111";
export const CI_ID = "222222222222";
export const RESEARCH_ID = "333333333333";
export const PIPELINE_ROLE = `arn:aws:iam::${MANAGEMENT_ID}:role/platform-pipeline`;
export const SUBMITTER_ROLE = `arn:aws:iam::${MANAGEMENT_ID}:role/bedrock/bedrock-ftu-submitter`;
export const firstUseRole = (account: string): string => `arn:aws:iam::${account}:role/bedrock/bedrock-first-use`;
export const runtimeRole = (account: string): string => `arn:aws:iam::${account}:role/bedrock/bedrock-runtime`;

export const SONNET = "anthropic.claude-sonnet-4-6";
export const OPUS = "anthropic.claude-opus-4-6-v1";

/** Six 4.x models: in two Regions their invoke policy outgrows one managed policy, so the stack splits it. */
export const MODELS_THAT_SPLIT_THE_INVOKE_POLICY = [
  "anthropic.claude-opus-4-8",
  "anthropic.claude-opus-4-7",
  OPUS,
  SONNET,
  "anthropic.claude-opus-4-5-20251101-v1:0",
  "anthropic.claude-haiku-4-5-20251001-v1:0",
].map((id) => ({ id }));

/** A config as a user would write it (before defaults); tests change one field at a time. */
export type RawConfig = Record<string, unknown> & { accounts: Record<string, unknown>[]; models: Record<string, unknown>[] };

function raw(parts: Pick<RawConfig, "models" | "accounts"> & { iam?: Record<string, unknown> }): RawConfig {
  return {
    managementAccount: { id: MANAGEMENT_ID, pipelinePrincipals: [PIPELINE_ROLE] },
    useCaseForm: {
      companyName: "Example Corp",
      companyWebsite: "https://example.com",
      intendedUsers: "internal",
      industryOption: "Technology",
      useCases: "Code review in CI.",
    },
    models: parts.models,
    accounts: parts.accounts,
    iam: { rolePath: "/bedrock/", ...parts.iam },
  };
}

const ciAccount = () => ({ name: "ci", id: CI_ID, regions: ["us-east-1"], trustedPrincipals: [PIPELINE_ROLE] });

/**
 * For the stacks, their IAM and the config schema: one account (ci) with every kind of principal
 * (pipeline role, RunsOn runners, GitHub OIDC), Opus also in-region, and tags.
 */
export function rawStackConfig(): RawConfig {
  return raw({
    models: [
      { id: SONNET, profiles: ["us", "global"] },
      { id: OPUS, profiles: ["us", "in-region"] },
      // Opus 4.6 is invocable in-region only in eu-west-2 (its AWS model card); tests that need it add that region.
    ],
    accounts: [
      {
        ...ciAccount(),
        runsOnRoleNames: ["runs-on-RunnerInstanceRole"],
        githubOidc: { repositories: [{ repository: "example-org/app", refs: ["refs/heads/main"], environments: ["prod"] }] },
      },
    ],
    iam: { tags: { ManagedBy: "bedrock-org-access" } },
  });
}

/**
 * For enablement: two accounts, five profiles: ci (us-east-1: sonnet us + global, opus us, a
 * pipeline-assumable runtime role), research (eu-west-1: sonnet eu + global, no runtime role).
 */
export function rawEnablementConfig(): RawConfig {
  return raw({
    models: [
      { id: SONNET, profiles: ["us", "eu", "global"] },
      { id: OPUS, profiles: ["us"] },
    ],
    accounts: [ciAccount(), { name: "research", id: RESEARCH_ID, regions: ["eu-west-1"], models: [SONNET] }],
  });
}

/** rawStackConfig, changed by `mutate`, parsed. */
export function stackConfig(mutate: (raw: RawConfig) => void = () => undefined): AccessConfig {
  const config = rawStackConfig();
  mutate(config);
  return parseConfig(config);
}

/** rawEnablementConfig, changed by `mutate`, parsed. */
export function enablementConfig(mutate: (raw: RawConfig) => void = () => undefined): AccessConfig {
  const config = rawEnablementConfig();
  mutate(config);
  return parseConfig(config);
}

/** The JSON `cdktf deploy --outputs-file` writes for the config, as the stacks would export it. */
export function outputsFor(config: AccessConfig): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {
    [MANAGEMENT_STACK_NAME]: {
      account_id: config.managementAccount.id,
      use_case_submitter_role_arn: SUBMITTER_ROLE,
      use_case_region: config.useCaseForm.region,
    },
  };
  for (const account of config.accounts) {
    out[runtimeStackName(account.name)] = {
      account_id: account.id,
      regions: account.regions,
      first_use_role_arn: firstUseRole(account.id),
      invoke_policy_arn: `arn:aws:iam::${account.id}:policy/bedrock/bedrock-invoke`,
      runtime_roles:
        account.trustedPrincipals.length > 0 ? [{ arn: runtimeRole(account.id), kind: "plain", pipeline_assumable: true }] : [],
      model_profiles: resolveAccountProfiles(config, account).map(modelProfileOutput),
    };
  }
  return out;
}

/** The InputError message of parsing `rawStackConfig()` changed by `mutate`; fails the test when the config is accepted. */
export function configProblems(mutate: (raw: RawConfig) => void): string {
  const config = rawStackConfig();
  mutate(config);
  try {
    parseConfig(config);
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error("config was accepted");
}
