import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { resolveAccountProfiles } from "../../lib/config/account-profiles";
import { RUNTIME_MESSAGES_REFUSAL } from "../../lib/config/schema";
import { ModelCatalog } from "../../lib/domain/catalog/catalog";
import { MESSAGES_API_SID } from "../../lib/domain/iam/bedrock-policies";
import { CI_ID, SONNET, stackConfig, type RawConfig } from "../helpers/fixtures";
import { decide } from "../helpers/simulate";
import { asList, synthRuntime, type PolicyJson } from "../helpers/synth";

/** The Anthropic Messages API on bedrock-mantle, next to the ARN-versioned models (issue 14; docs/models.md). */
const OPUS_48 = "anthropic.claude-opus-4-8";
const HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0";
const project = (region: string, id: string) => `arn:aws:bedrock-mantle:${region}:${CI_ID}:project/${id}`;

const withMessages = (raw: RawConfig) => {
  raw.models = [
    { id: SONNET, profiles: ["us"] },
    { id: OPUS_48, profiles: ["messages"] },
  ];
  raw.accounts[0].regions = ["us-east-1", "eu-west-1"];
};

const statement = (doc: PolicyJson, sid: string) => {
  const found = doc.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${JSON.stringify(doc)}`);
  return found;
};

describe("the messages profile in the catalog", () => {
  it("resolves to bedrock-mantle's id, the account's default project in the source region and no foundation-model ARN", () => {
    expect(ModelCatalog.builtIn.resolve(HAIKU_45, "messages", "eu-west-1", CI_ID)).toEqual({
      modelId: HAIKU_45,
      kind: "messages",
      accountId: CI_ID,
      sourceRegion: "eu-west-1",
      invocationId: "anthropic.claude-haiku-4-5",
      mantleProjectArn: project("eu-west-1", "default"),
      destinationRegions: ["eu-west-1"],
      foundationModelArns: [],
      destinationsFrom: "built-in",
    });
  });

  it("does not resolve in a region the card does not mark for bedrock-mantle", () => {
    expect(ModelCatalog.builtIn.resolve(OPUS_48, "messages", "us-west-2", CI_ID)).toBeUndefined();
  });

  it("is never a default profile", () => {
    const config = stackConfig((raw) => (raw.models = [{ id: OPUS_48 }]));
    expect(config.models[0].profiles).not.toContain("messages");
  });

  it("enables it in each account region the model is served in on bedrock-mantle, next to the geography profiles", () => {
    const profiles = resolveAccountProfiles(stackConfig(withMessages), stackConfig(withMessages).accounts[0]);
    expect(profiles.map((p) => `${p.sourceRegion} ${p.kind} ${p.invocationId}`)).toEqual([
      `us-east-1 us us.${SONNET}`,
      `us-east-1 messages ${OPUS_48}`,
      `eu-west-1 messages ${OPUS_48}`,
    ]);
  });
});

describe("the messages profile in the config", () => {
  const problems = (mutate: (raw: RawConfig) => void): string => {
    try {
      stackConfig(mutate);
      return "";
    } catch (err) {
      return String(err instanceof Error && "problems" in err ? JSON.stringify(err.problems) : err);
    }
  };

  it("refuses a model bedrock-mantle does not serve, naming the ones it does", () => {
    expect(problems((raw) => (raw.models = [{ id: SONNET, profiles: ["messages"] }]))).toMatch(
      /anthropic\.claude-sonnet-4-6 is not in the catalog's Messages API \(bedrock-mantle\) table; it has anthropic\.claude-opus-5-5, anthropic\.claude-opus-5, anthropic\.claude-sonnet-5, anthropic\.claude-opus-4-8, anthropic\.claude-opus-4-7/,
    );
  });

  it("refuses the Messages API on bedrock-runtime, saying why", () => {
    const text = problems((raw) => (raw.models = [{ id: OPUS_48, profiles: ["messages"], messagesEndpoint: "bedrock-runtime" }]));
    expect(text).toContain("models[0].messagesEndpoint");
    expect(text).toContain(RUNTIME_MESSAGES_REFUSAL.slice(0, 80));
  });

  it("refuses messagesEndpoint on a model without the messages profile", () => {
    expect(problems((raw) => (raw.models = [{ id: OPUS_48, profiles: ["us"], messagesEndpoint: "bedrock-mantle" }]))).toMatch(
      /applies to the messages profile only/,
    );
  });

  it("refuses an account whose regions bedrock-mantle does not serve the model in", () => {
    expect(
      problems((raw) => {
        raw.models = [{ id: OPUS_48, profiles: ["messages"] }];
        raw.accounts[0].regions = ["us-west-2"];
      }),
    ).toMatch(/none of anthropic\.claude-opus-4-8's profiles \[messages\] can be called from these regions/);
  });
});

describe("the invoke policy for the Messages API", () => {
  const { out } = synthRuntime(stackConfig(withMessages));
  const policy = out.managedPolicy("bedrock-invoke");
  const grant = statement(policy, MESSAGES_API_SID);

  it("grants bedrock-mantle:CreateInference on the account's default project in each region, never on a wildcard", () => {
    expect(asList(grant.Action)).toEqual(["bedrock-mantle:CreateInference"]);
    expect(asList(grant.Resource)).toEqual([project("eu-west-1", "default"), project("us-east-1", "default")]);
    expect(grant.Condition).toBeUndefined();
    for (const s of policy.Statement) expect(asList(s.Resource).filter((r) => r.includes("*"))).toEqual([]);
  });

  it("keeps the bedrock-runtime grants of the other models as they were", () => {
    expect(asList(statement(policy, "InvokeInferenceProfiles").Resource)).toEqual([
      `arn:aws:bedrock:us-east-1:${CI_ID}:inference-profile/us.${SONNET}`,
    ]);
    expect(JSON.stringify(policy)).not.toContain(`foundation-model/${OPUS_48}`);
  });

  it("is the managed invoke policy every role of the account gets", () => {
    expect(out.json).toHaveResourceWithProperties(IamPolicy, { name: "bedrock-invoke", path: "/bedrock/" });
  });

  const runtime = `arn:aws:sts::${CI_ID}:assumed-role/bedrock-runtime/ci`;
  const ask = (action: string, resource: string, context: Record<string, string> = {}) =>
    decide({ policies: [policy], principal: runtime, action, resource, accountId: CI_ID, context });

  it("lets the runtime role call the Messages API in its default project, in the configured regions only", async () => {
    expect(await ask("bedrock-mantle:CreateInference", project("us-east-1", "default"), { "bedrock-mantle:Model": OPUS_48 })).toBe(
      "Allowed",
    );
    expect(await ask("bedrock-mantle:CreateInference", project("us-west-2", "default"))).toBe("ImplicitlyDenied");
  });

  it("does not grant any other bedrock-mantle action, nor a named project, nor another account's project", async () => {
    expect(await ask("bedrock-mantle:CreateInference", project("us-east-1", "proj_abc123"))).toBe("ImplicitlyDenied");
    expect(await ask("bedrock-mantle:CreateProject", project("us-east-1", "default"))).toBe("ImplicitlyDenied");
    expect(await ask("bedrock-mantle:CreateInference", "arn:aws:bedrock-mantle:us-east-1:999999999999:project/default")).toBe(
      "ImplicitlyDenied",
    );
  });
});
