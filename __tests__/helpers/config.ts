import { parseConfig } from "../../lib/config/load";
import type { AccessConfig } from "../../lib/config/schema";

export const MANAGEMENT_ID = "111111111111";
export const PIPELINE_ROLE = "arn:aws:iam::111111111111:role/platform-pipeline";

/** A small valid config as a user would write it (before defaults); tests change one field at a time. */
export function rawConfig(): Record<string, unknown> & { accounts: Record<string, unknown>[]; models: Record<string, unknown>[] } {
  return {
    managementAccount: { id: MANAGEMENT_ID, pipelinePrincipals: [PIPELINE_ROLE] },
    useCaseForm: {
      companyName: "Example Corp",
      companyWebsite: "https://example.com",
      intendedUsers: "internal",
      industryOption: "Technology",
      useCases: "Code review in CI.",
    },
    models: [
      { id: "anthropic.claude-sonnet-4-6", profiles: ["us", "global"] },
      { id: "anthropic.claude-opus-4-6-v1", profiles: ["us", "in-region"] },
    ],
    accounts: [
      {
        name: "ci",
        id: "222222222222",
        regions: ["us-east-1"],
        runsOnRoleNames: ["runs-on-RunnerInstanceRole"],
        trustedPrincipals: [PIPELINE_ROLE],
        githubOidc: { repositories: [{ repository: "example-org/app", refs: ["refs/heads/main"], environments: ["prod"] }] },
      },
    ],
    iam: { rolePath: "/bedrock/", tags: { ManagedBy: "bedrock-org-access" } },
  };
}

export function config(mutate: (raw: ReturnType<typeof rawConfig>) => void = () => undefined): AccessConfig {
  const raw = rawConfig();
  mutate(raw);
  return parseConfig(raw);
}
