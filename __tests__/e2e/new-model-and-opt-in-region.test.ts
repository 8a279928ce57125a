import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { ProcessResult } from "../../lib/core/process";
import type { Report } from "../../lib/contracts/report";
import { CI_ID, PIPELINE_ROLE, rawEnablementConfig } from "../helpers/fixtures";
import { deployStacks, enableAsPipeline, pipelineCli, startUndeployed, stopDeployed, type Undeployed } from "../helpers/deployed-sandbox";

/**
 * Two things the built-in tables cannot know, end to end in the sandbox (the real CLI processes and `cdktf deploy`):
 * - a model AWS launches after this release: the emulator starts serving it at run time; `catalog refresh` records it,
 *   and validate, synth, deploy and enable accept it from the lock alone;
 * - an account in an opt-in Region (Hyderabad, ap-south-2) calling Claude Opus 5 through the `in.` profile: the
 *   management account's form does not reach there (the emulator's strict reading), so enable submits the account's
 *   own form there through its first-use role, then enables every profile.
 */
jest.setTimeout(300_000);

const OPUS_5 = "anthropic.claude-opus-5";
/** A model lib has never heard of. */
const NOVA = "anthropic.claude-nova-9";
const INDIA = ["ap-south-1", "ap-south-2"];

/** The emulator's entry for NOVA (the shape of its data/claude-models.json), as if AWS had just launched it. */
const NOVA_ENTRY = {
  modelId: NOVA,
  modelName: "Claude Nova 9",
  anthropicModel: "claude-nova-9",
  productId: "prod-novanine0000",
  lifecycle: { status: "ACTIVE" },
  onDemandRegions: [],
  profiles: {
    in: { routes: Object.fromEntries(INDIA.map((r) => [r, INDIA])) },
    global: { sourceRegions: ["us-east-1", ...INDIA] },
  },
  sources: ["a test: the model AWS launches tomorrow"],
  notes: [],
};

function configWith(models: { id: string; profiles: string[] }[]): string {
  const raw = rawEnablementConfig();
  raw.models = models;
  raw.accounts = [{ name: "india", id: CI_ID, regions: ["ap-south-2"], trustedPrincipals: [PIPELINE_ROLE] }];
  return stringify(raw);
}

let u: Undeployed;

beforeAll(async () => {
  u = await startUndeployed(configWith([{ id: OPUS_5, profiles: ["in", "global"] }]), "new-model");
});

afterAll(() => stopDeployed(u));

const cli = (...args: string[]): Promise<ProcessResult> => pipelineCli(u, ...args);
const enable = (): Promise<{ run: ProcessResult; report: Report }> => enableAsPipeline(u);

describe("a model AWS launched after this release, and an account in an opt-in Region", () => {
  it("is listed by refresh, then validated, synthesized, deployed and enabled from the lock alone", async () => {
    // GIVEN AWS starts serving a model the built-in tables lack
    u.sandbox.emulator.launchModel(NOVA_ENTRY);

    // WHEN the catalog is refreshed THEN the lock records it, and refresh says the config does not use it
    const refresh = await cli("catalog", "refresh", "--config", u.sandbox.configFile);
    expect([refresh.exitCode, refresh.stderr]).toEqual([
      0,
      expect.stringContaining(`offered by AWS, unused: ${NOVA} (Claude Nova 9): not configured`),
    ]);
    const lock = JSON.parse(readFileSync(join(u.work, "bedrock-catalog.lock.json"), "utf8")) as {
      models: Record<string, unknown>;
      regions: Record<string, Record<string, string[]>>;
    };
    expect(Object.keys(lock.models)).toContain(NOVA);
    expect(lock.regions["ap-south-2"]?.[`in.${NOVA}`]).toEqual(INDIA.map((r) => `arn:aws:bedrock:${r}::foundation-model/${NOVA}`));

    // WHEN the config names it THEN validate accepts it, saying where it is known from
    writeFileSync(
      u.sandbox.configFile,
      readFileSync(u.sandbox.configFile, "utf8").replace("models:\n", `models:\n  - id: ${NOVA}\n    profiles: [in, global]\n`),
    );
    const validate = await cli("validate", "--config", u.sandbox.configFile);
    expect([validate.exitCode, validate.stderr]).toEqual([0, expect.stringMatching(new RegExp(`${NOVA}: known from the catalog lock`))]);

    // WHEN deployed and enabled THEN every profile of both models is enabled in Hyderabad, after the account's own form
    const outputs = await deployStacks(u);
    expect(outputs.india.model_profiles.map((p) => p.invocation_id).sort()).toEqual(
      [`global.${NOVA}`, `global.${OPUS_5}`, `in.${NOVA}`, `in.${OPUS_5}`].sort(),
    );
    const { run, report } = await enable();
    expect([run.exitCode, run.exitCode === 0 ? "" : run.output.slice(-3000)]).toEqual([0, ""]);
    const [india] = report.accounts;
    expect(india?.useCaseForms?.map((f) => [f.accountId, f.region, f.status])).toEqual([[CI_ID, "ap-south-2", "submitted"]]);
    expect(india?.profiles.map((p) => [p.invocationId, p.status, p.proof.status]).sort()).toEqual(
      [
        [`global.${NOVA}`, "enabled", "passed"],
        [`global.${OPUS_5}`, "enabled", "passed"],
        [`in.${NOVA}`, "enabled", "passed"],
        [`in.${OPUS_5}`, "enabled", "passed"],
      ].sort(),
    );
    expect(run.stdout).toContain(`Use-case form in ap-south-2 (opt-in Region): submitted (account india, ${CI_ID})`);
    const forms = u.sandbox.emulator.state().forms.map((f) => [f.account, f.region]);
    expect(forms).toContainEqual([CI_ID, "ap-south-2"]);
  });

  it("leaves everything alone on a second run, and status reports the opt-in Region's form", async () => {
    const { run, report } = await enable();
    expect(run.exitCode).toBe(0);
    expect(report.accounts[0]?.useCaseForms?.map((f) => f.status)).toEqual(["unchanged"]);
    expect(report.accounts[0]?.profiles.every((p) => p.status === "already-enabled")).toBe(true);

    const status = await cli("status", "--config", u.sandbox.configFile, "--outputs", u.outputsFile);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toContain(`Use-case form in ap-south-2 (opt-in Region): unchanged (account india, ${CI_ID})`);
  });
});
