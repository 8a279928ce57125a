import { stringify } from "yaml";

/** The models every benchmark Organization enables, each through two profiles: three models (6 profiles) by default. */
export const BENCH_MODELS = ["anthropic.claude-sonnet-4-6", "anthropic.claude-opus-4-6-v1", "anthropic.claude-haiku-4-5-20251001-v1:0"];
export const BENCH_PROFILES = ["us", "global"] as const;

/** The use-case form every bench config submits. */
export const BENCH_USE_CASE_FORM = {
  companyName: "Example Corp",
  companyWebsite: "https://example.com",
  intendedUsers: "internal",
  industryOption: "Technology",
  useCases: "AI-assisted code review and test generation in CI pipelines.",
};

/**
 * The benchmarks' access config: a management account and `accounts` runtime accounts (acct-000, acct-001, …),
 * each in us-east-1 with the first `models` of BENCH_MODELS through the us and global profiles.
 */
export function benchConfig(accounts: number, models: number = BENCH_MODELS.length): string {
  const pipeline = "arn:aws:iam::111111111111:role/platform-pipeline";
  return stringify({
    managementAccount: { id: "111111111111", region: "us-east-1", pipelinePrincipals: [pipeline] },
    useCaseForm: BENCH_USE_CASE_FORM,
    models: BENCH_MODELS.slice(0, models).map((id) => ({ id, profiles: [...BENCH_PROFILES] })),
    accounts: Array.from({ length: accounts }, (_, i) => ({
      name: `acct-${String(i).padStart(3, "0")}`,
      id: String(500000000000 + i),
      regions: ["us-east-1"],
      trustedPrincipals: [pipeline],
    })),
  });
}
