import { parseConfig } from "../../lib/config/load";
import { configWarnings } from "../../lib/config/warnings";
import { CLAUDE_MODELS } from "../../lib/domain/catalog/models";
import { MODELS_NOT_IN_CATALOG } from "../../lib/domain/catalog/not-in-catalog";
import { CI_ID, configProblems, rawStackConfig, SONNET } from "../helpers/fixtures";

const LEGACY_SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0";

/** The config checked against the model catalog (lib/domain/catalog/models.ts), every problem at once. */
const problemsOf = configProblems;

describe("config against the model catalog", () => {
  it("rejects an unknown model id, naming the field and the nearest known ids", () => {
    expect(problemsOf((r) => (r.models[0].id = "anthropic.claude-sonet-4-6"))).toMatch(
      /models\[0\]\.id: not a Claude model in the catalog; nearest: anthropic\.claude-sonnet-4-6, .*\(got "anthropic\.claude-sonet-4-6"\)/,
    );
  });

  it("refuses a model Bedrock serves under a requirement this project does not manage, saying which and where its card is", () => {
    expect(problemsOf((r) => (r.models[0].id = "anthropic.claude-fable-5-1"))).toMatch(
      /models\[0\]\.id: Claude Fable 5\.1 \(anthropic\.claude-fable-5-1\) is served by Bedrock but not supported here: .*data retention mode to `aws_review`.*model-card-anthropic-claude-fable-5-1\.html/,
    );
    expect(problemsOf((r) => (r.models[0].id = "in.anthropic.claude-mythos-5-1"))).toMatch(
      /models\[0\]\.id: Claude Mythos 5\.1 \(anthropic\.claude-mythos-5-1\) .*access is gated/,
    );
  });

  it("accepts the Claude 5 generation with every geography its card lists, `in.` included", () => {
    const raw = rawStackConfig();
    raw.models = [{ id: "anthropic.claude-opus-5" }, { id: "anthropic.claude-sonnet-5-5" }, { id: "anthropic.claude-haiku-5-5" }];
    raw.accounts[0].regions = ["ap-south-1"];
    const config = parseConfig(raw);
    expect(config.models.map((m) => m.profiles)).toEqual([
      ["us", "eu", "au", "in", "global"],
      ["us", "eu", "global"],
      ["us", "eu", "jp", "au", "global"],
    ]);
    expect(config.catalog.resolve("anthropic.claude-opus-5", "in", "ap-south-2", CI_ID)?.destinationRegions).toEqual([
      "ap-south-1",
      "ap-south-2",
    ]);
  });

  it("lists as not in the catalog only models the catalog does not hold", () => {
    const catalog = new Set(CLAUDE_MODELS.map((m) => m.id));
    expect(MODELS_NOT_IN_CATALOG.filter((m) => catalog.has(m.id))).toEqual([]);
  });

  it("rejects a profile the model does not have, listing the ones it has", () => {
    expect(problemsOf((r) => (r.models[0].profiles = ["us", "apac"]))).toMatch(
      /models\[0\]\.profiles\[1\]: anthropic\.claude-sonnet-4-6 has no apac profile; it offers us, eu, jp, au, global, in-region \(got "apac"\)/,
    );
  });

  it("rejects an account region none of its models' profiles can be called from, naming the account", () => {
    const message = problemsOf((r) => {
      r.models = [{ id: SONNET, profiles: ["us"] }];
      r.accounts[0].regions = ["us-east-1", "eu-west-1"];
    });
    expect(message).toMatch(
      /accounts\[0\]\.regions\[1\]: account ci: no profile of its models can be called from eu-west-1 \(got "eu-west-1"\)/,
    );
  });

  it("lists every catalog problem at once", () => {
    const message = problemsOf((r) => {
      r.models[0].id = "anthropic.claude-sonet-4-6";
      r.models[1].profiles = ["apac"];
    });
    expect(message).toMatch(/models\[0\]\.id: not a Claude model/);
    expect(message).toMatch(/models\[1\]\.profiles\[0\]: anthropic\.claude-opus-4-6-v1 has no apac profile/);
  });

  it("defaults a model's profiles to every geography it has", () => {
    const raw = rawStackConfig();
    raw.models = [{ id: SONNET }];
    expect(parseConfig(raw).models[0].profiles).toEqual(["us", "eu", "jp", "au", "global"]);
  });

  it("refuses a Legacy model, naming its dates and the lifecycle page, unless the entry says the accounts already use it", () => {
    const raw = rawStackConfig();
    raw.models = [{ id: LEGACY_SONNET, profiles: ["us"] }];
    expect(() => parseConfig(raw, "<config>", { today: "2026-12-04" })).toThrow(
      /models\[0\]\.id: Claude Sonnet 4\.5 \(anthropic\.claude-sonnet-4-5-20250929-v1:0\): Legacy since 2026-10-08, public extended access from 2027-01-08, end of life 2027-04-08 \(https:\/\/docs\.aws\.amazon\.com\/bedrock\/latest\/userguide\/model-lifecycle-legacy\.html\): new customers can't use Legacy models.*alreadyInUse: true/,
    );

    raw.models = [{ id: LEGACY_SONNET, profiles: ["us"], alreadyInUse: true }];
    const warnings = configWarnings(parseConfig(raw, "<config>", { today: "2026-12-04" }));
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^models\[0\]\.id: anthropic\.claude-sonnet-4-5-20250929-v1:0 is a Legacy model, kept because alreadyInUse is set; end of life 2027-04-08/,
      ),
    );
    expect(warnings).toContainEqual(expect.stringMatching(/no catalog lock \(bedrock-catalog\.lock\.json\)/));
  });

  it("accepts a model before its Legacy date, and refuses it after", () => {
    const raw = rawStackConfig();
    raw.models = [{ id: LEGACY_SONNET, profiles: ["us"] }];
    expect(() => parseConfig(raw, "<config>", { today: "2026-10-07" })).not.toThrow();
    expect(() => parseConfig(raw, "<config>", { today: "2026-10-08" })).toThrow(/Legacy since 2026-10-08/);
  });

  it("always refuses a model past its end of life, even when the accounts used it", () => {
    const raw = rawStackConfig();
    raw.models = [{ id: "anthropic.claude-sonnet-4-20250514-v1:0", profiles: ["us"], alreadyInUse: true }];
    expect(() => parseConfig(raw, "<config>", { today: "2026-12-04" })).toThrow(
      /models\[0\]\.id: Claude Sonnet 4 \(anthropic\.claude-sonnet-4-20250514-v1:0\): Legacy since 2026-04-14, end of life 2026-10-14 .*past its end of life/,
    );
  });
});

describe("config warnings", () => {
  it("warns when the management account is also a runtime account", () => {
    const raw = rawStackConfig();
    raw.accounts[0].id = "111111111111";
    expect(configWarnings(parseConfig(raw))).toContainEqual(
      expect.stringMatching(/^accounts\[0\]\.id: 111111111111 is the management account/),
    );
  });
});

describe("the use-case form", () => {
  it("is rejected when it encodes to more than PutUseCaseForModelAccess's 16,384 bytes", () => {
    expect(configProblems((r) => ((r.useCaseForm as Record<string, unknown>).useCases = "x".repeat(16_400)))).toMatch(
      /useCaseForm: encodes to \d+ bytes; PutUseCaseForModelAccess accepts at most 16384/,
    );
  });
});
