import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveAccountProfiles } from "../../lib/config/account-profiles";
import { parseConfig } from "../../lib/config/load";
import type { AccessConfig } from "../../lib/config/schema";
import type { Clock } from "../../lib/enablement/clock";
import type { StepContext } from "../../lib/enablement/context";
import { noProgress } from "../../lib/enablement/progress/events";
import { createLogger, type Logger } from "../../lib/core/logger";
import { MANAGEMENT_STACK_NAME, runtimeStackName } from "../../lib/contracts/stack-outputs/schema";

export const MANAGEMENT_ID = "111111111111";
export const CI_ID = "222222222222";
export const RESEARCH_ID = "333333333333";
export const PIPELINE_ROLE = `arn:aws:iam::${MANAGEMENT_ID}:role/platform-pipeline`;
export const SUBMITTER_ROLE = `arn:aws:iam::${MANAGEMENT_ID}:role/bedrock/bedrock-ftu-submitter`;
export const firstUseRole = (account: string): string => `arn:aws:iam::${account}:role/bedrock/bedrock-first-use`;
export const runtimeRole = (account: string): string => `arn:aws:iam::${account}:role/bedrock/bedrock-runtime`;

export const SONNET = "anthropic.claude-sonnet-4-6";
export const OPUS = "anthropic.claude-opus-4-6-v1";

/** Two accounts, five profiles: ci (us-east-1: sonnet us + global, opus us), research (eu-west-1: sonnet eu + global). */
export function rawConfig(): Record<string, unknown> & { accounts: Record<string, unknown>[] } {
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
      { id: SONNET, profiles: ["us", "eu", "global"] },
      { id: OPUS, profiles: ["us"] },
    ],
    accounts: [
      { name: "ci", id: CI_ID, regions: ["us-east-1"], trustedPrincipals: [PIPELINE_ROLE] },
      { name: "research", id: RESEARCH_ID, regions: ["eu-west-1"], models: [SONNET] },
    ],
    iam: { rolePath: "/bedrock/" },
  };
}

export function testConfig(mutate: (raw: ReturnType<typeof rawConfig>) => void = () => undefined): AccessConfig {
  const raw = rawConfig();
  mutate(raw);
  return parseConfig(raw);
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
      model_profiles: resolveAccountProfiles(config, account).map((p) => ({
        region: p.sourceRegion,
        model_id: p.modelId,
        kind: p.kind,
        invocation_id: p.invocationId,
        inference_profile_arn: p.inferenceProfileArn ?? "",
      })),
    };
  }
  return out;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "enable-test-"));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

export interface FakeClock extends Clock {
  readonly slept: number[];
}

/** Sleeping advances the clock at once: minutes of polling take no time. */
export function fakeClock(start = Date.UTC(2025, 0, 2, 3, 4, 5)): FakeClock {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

export interface CapturedLog extends Logger {
  readonly lines: string[];
  text(): string;
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  return { ...createLogger("debug", (line) => lines.push(line)), lines, text: () => lines.join("\n") };
}

export function stepContext(parts: Pick<StepContext, "aws"> & Partial<StepContext>): StepContext {
  return {
    log: captureLog(),
    progress: noProgress,
    clock: fakeClock(),
    random: () => 0.5,
    retry: { attempts: 3, baseDelayMs: 1000, maxDelayMs: 8000 },
    sessionName: "bedrock-org-access-enable-test",
    ...parts,
  };
}
