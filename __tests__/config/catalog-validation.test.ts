import { parseConfig } from "../../lib/config/load";
import { configWarnings } from "../../lib/config/warnings";
import { CLAUDE_MODELS } from "../../lib/domain/catalog/models";
import { MODELS_NOT_IN_CATALOG } from "../../lib/domain/catalog/not-in-catalog";
import { configProblems, rawStackConfig, SONNET } from "../helpers/fixtures";

/** The config checked against the model catalog (lib/domain/catalog/models.ts), every problem at once. */
const problemsOf = configProblems;

describe("config against the model catalog", () => {
  it("rejects an unknown model id, naming the field and the nearest known ids", () => {
    expect(problemsOf((r) => (r.models[0].id = "anthropic.claude-sonet-4-6"))).toMatch(
      /models\[0\]\.id: not a Claude model in the catalog; nearest: anthropic\.claude-sonnet-4-6, .*\(got "anthropic\.claude-sonet-4-6"\)/,
    );
  });

  it("rejects a model Bedrock serves that the catalog lacks, saying why and where its card is", () => {
    expect(problemsOf((r) => (r.models[0].id = "anthropic.claude-sonnet-5"))).toMatch(
      /models\[0\]\.id: Claude Sonnet 5 \(anthropic\.claude-sonnet-5\) is served by Bedrock \(https:\/\/docs\.aws\.amazon\.com\/bedrock\/latest\/userguide\/model-card-anthropic-claude-sonnet-5\.html\) but is not in this project's catalog yet: .*destination Region/,
    );
    expect(problemsOf((r) => (r.models[0].id = "global.anthropic.claude-opus-5"))).toMatch(
      /models\[0\]\.id: Claude Opus 5 \(anthropic\.claude-opus-5\)/,
    );
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

  it("warns about a legacy model with its end-of-life date, and about a missing catalog lock", () => {
    const raw = rawStackConfig();
    raw.models = [{ id: "anthropic.claude-sonnet-4-5-20250929-v1:0", profiles: ["us"] }];
    const warnings = configWarnings(parseConfig(raw), "2026-11-27");
    expect(warnings).toContainEqual(
      expect.stringMatching(/^models\[0\]\.id: anthropic\.claude-sonnet-4-5-20250929-v1:0 is a legacy model; end of life 2027-04-08/),
    );
    expect(warnings).toContainEqual(expect.stringMatching(/no catalog lock \(bedrock-catalog\.lock\.json\)/));
  });

  it("says when a legacy model's end of life has passed", () => {
    const raw = rawStackConfig();
    raw.models = [{ id: "anthropic.claude-sonnet-4-20250514-v1:0", profiles: ["us"] }];
    expect(configWarnings(parseConfig(raw), "2026-11-27")[0]).toMatch(/is a legacy model; its end of life was 2026-10-14/);
  });
});

describe("config warnings", () => {
  it("warns when the management account is also a runtime account", () => {
    const raw = rawStackConfig();
    raw.accounts[0].id = "111111111111";
    expect(configWarnings(parseConfig(raw), "2026-11-27")).toContainEqual(
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
