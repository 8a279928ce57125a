import { resolveAccountProfiles } from "../../lib/config/account-profiles";
import { offeredKinds, ModelCatalog } from "../../lib/domain/catalog/catalog";
import { stackConfig } from "../helpers/fixtures";

const SONNET = "anthropic.claude-sonnet-4-6";

describe("model catalog", () => {
  it("turns a geography profile into its id, ARN and destination models", () => {
    expect(ModelCatalog.builtIn.resolve(SONNET, "jp", "ap-northeast-1", "222222222222")).toMatchObject({
      invocationId: `jp.${SONNET}`,
      inferenceProfileArn: `arn:aws:bedrock:ap-northeast-1:222222222222:inference-profile/jp.${SONNET}`,
      destinationRegions: ["ap-northeast-1", "ap-northeast-3"],
      destinationsFrom: "built-in",
    });
  });

  it("has no profile a model's AWS model card does not list (no apac. for Sonnet 4.6)", () => {
    expect(ModelCatalog.builtIn.resolve(SONNET, "apac", "ap-northeast-1", "222222222222")).toBeUndefined();
    expect(offeredKinds(ModelCatalog.builtIn.find(SONNET)!)).not.toContain("apac");
  });

  it("routes each source region to its own destinations (us-west-1 also to itself)", () => {
    expect(ModelCatalog.builtIn.resolve(SONNET, "us", "us-east-1", "222222222222")?.destinationRegions).toEqual([
      "us-east-1",
      "us-east-2",
      "us-west-2",
    ]);
    expect(ModelCatalog.builtIn.resolve(SONNET, "us", "us-west-1", "222222222222")?.destinationRegions).toEqual([
      "us-east-1",
      "us-east-2",
      "us-west-1",
      "us-west-2",
    ]);
  });

  it("knows nothing of a model outside the catalog", () => {
    expect(ModelCatalog.builtIn.resolve("anthropic.claude-sonet-4-6", "us", "us-east-1", "222222222222")).toBeUndefined();
  });

  it("routes a global profile to the source region plus the region-less model ARN", () => {
    expect(ModelCatalog.builtIn.resolve(SONNET, "global", "eu-west-2", "222222222222")?.foundationModelArns).toEqual([
      `arn:aws:bedrock:eu-west-2::foundation-model/${SONNET}`,
      `arn:aws:bedrock:::foundation-model/${SONNET}`,
    ]);
  });

  it("invokes the base model itself in-region, without a profile", () => {
    const profile = ModelCatalog.builtIn.resolve(SONNET, "in-region", "eu-west-2", "222222222222");
    expect(profile).toMatchObject({ invocationId: SONNET, destinationRegions: ["eu-west-2"] });
    expect(ModelCatalog.builtIn.resolve(SONNET, "in-region", "us-east-1", "222222222222")).toBeUndefined();
    expect(profile?.inferenceProfileArn).toBeUndefined();
  });

  it("cannot call a geography's profile from outside it", () => {
    expect(ModelCatalog.builtIn.resolve(SONNET, "eu", "us-east-1", "222222222222")).toBeUndefined();
    expect(ModelCatalog.builtIn.resolve(SONNET, "us", "sa-east-1", "222222222222")).toBeUndefined();
  });

  it("resolves each account region to the profiles its geography allows", () => {
    const cfg = stackConfig((raw) => {
      raw.models = [{ id: SONNET, profiles: ["us", "eu", "global"] }];
      raw.accounts[0].regions = ["us-west-2", "eu-central-1"];
    });
    expect(resolveAccountProfiles(cfg, cfg.accounts[0]).map((p) => `${p.sourceRegion} ${p.invocationId}`)).toEqual([
      `us-west-2 us.${SONNET}`,
      `us-west-2 global.${SONNET}`,
      `eu-central-1 eu.${SONNET}`,
      `eu-central-1 global.${SONNET}`,
    ]);
  });

  it("enables only the account's model subset", () => {
    const cfg = stackConfig((raw) => (raw.accounts[0].models = ["anthropic.claude-opus-4-6-v1"]));
    expect(new Set(resolveAccountProfiles(cfg, cfg.accounts[0]).map((p) => p.modelId))).toEqual(new Set(["anthropic.claude-opus-4-6-v1"]));
  });
});
