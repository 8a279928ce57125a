import type { PrincipalPolicies } from "../../sandbox/bedrock-emulator/aws/identity-policies";
import { findModel } from "../../sandbox/bedrock-emulator/catalog";
import rawMantle from "../../sandbox/bedrock-emulator/data/mantle-models.json";
import { evaluateAccess } from "../../sandbox/bedrock-emulator/iam/evaluate";
import { findMantleModel, MANTLE_MODELS, parseMantleCatalog } from "../../sandbox/bedrock-emulator/mantle-catalog";
import { contentText, parseMessagesRequest } from "../../sandbox/bedrock-emulator/operations/messages-request";
import { matchRoute } from "../../sandbox/bedrock-emulator/operations/router";
import { ROUTES } from "../../sandbox/bedrock-emulator/operations/routes";
import { modelIdsOfProduct } from "../../sandbox/bedrock-emulator/products";
import { anthropicErrorStatus, anthropicErrorType } from "../../sandbox/bedrock-emulator/protocol/anthropic-errors";
import { parseSettingsPatch } from "../../sandbox/bedrock-emulator/settings";

const ACCOUNT = "222222222222";
const CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/bedrock-runtime/s`;
const PROJECT = `arn:aws:bedrock-mantle:us-east-1:${ACCOUNT}:project/default`;
const OPUS_4_8 = "anthropic.claude-opus-4-8";
const VERSION = { "anthropic-version": "2023-06-01" };

const copy = (): { models: Record<string, unknown>[] } & Record<string, unknown> => structuredClone(rawMantle);
const body = (value: object) => Buffer.from(JSON.stringify(value));
const minimal = { model: OPUS_4_8, max_tokens: 16, messages: [{ role: "user", content: "Reply with OK only." }] };

describe("bedrock-mantle data file", () => {
  it("loads the models of the cards' bedrock-mantle In-Region tables, commercial Regions only", () => {
    expect(MANTLE_MODELS.map((m) => [m.modelId, m.productId, m.inRegion])).toEqual([
      [OPUS_4_8, "prod-bk5rjg4eo2pke", ["us-east-1", "eu-north-1", "eu-west-1", "ap-northeast-1", "ap-southeast-4"]],
      ["anthropic.claude-opus-4-7", "prod-d2ik6zgct5hxi", ["us-east-1", "eu-north-1", "eu-west-1", "ap-northeast-1", "ap-southeast-4"]],
      [
        "anthropic.claude-haiku-4-5",
        "prod-xdkflymybwmvi",
        ["us-east-1", "us-east-2", "us-west-2", "eu-north-1", "eu-west-1", "ap-northeast-1", "ap-southeast-4"],
      ],
      ["anthropic.claude-opus-5-5", "prod-e5xo6z26ie45g", ["us-east-1", "ap-southeast-4"]],
      ["anthropic.claude-opus-5", "prod-if5d653ow7ehg", ["us-east-1", "eu-north-1", "eu-west-1", "ap-southeast-4"]],
      ["anthropic.claude-sonnet-5", "prod-4ezhkeia6k2cs", ["us-east-1", "eu-north-1", "eu-west-1", "ap-southeast-4"]],
    ]);
  });

  it("sells bedrock-mantle's Haiku 4.5 as the same Marketplace product as bedrock-runtime's, so they share one agreement", () => {
    const runtimeHaiku = findModel("anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(runtimeHaiku?.productId).toBe(findMantleModel("anthropic.claude-haiku-4-5")?.productId);
    expect(modelIdsOfProduct("prod-xdkflymybwmvi")).toEqual(["anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5"]);
    expect(modelIdsOfProduct("prod-bk5rjg4eo2pke")).toEqual([OPUS_4_8]);
  });

  it("rejects a Region code, a duplicate model, an unknown source and a prefixed id, naming each field", () => {
    const file = copy();
    file.models[0].inRegion = ["us-east-1", "Virginia"];
    file.models[1].modelId = OPUS_4_8;
    file.models[2].sources = ["nowhere"];
    expect(() => parseMantleCatalog(file)).toThrow(/expected an AWS Region code such as us-east-1\s*→ at models\[0\]\.inRegion\[1\]/);
    expect(() => parseMantleCatalog(file)).toThrow(/anthropic\.claude-opus-4-8 is listed twice/);
    expect(() => parseMantleCatalog(file)).toThrow(/unknown source nowhere/);

    const prefixed = copy();
    prefixed.models[0].modelId = `us.${OPUS_4_8}`;
    expect(() => parseMantleCatalog(prefixed)).toThrow(/expected a bare anthropic\.\* model id/);
  });

  it("rejects a product id that disagrees with the linked bedrock-runtime model, or a shared one left undeclared", () => {
    const disagreeing = copy();
    disagreeing.models[2].productId = "prod-other";
    expect(() => parseMantleCatalog(disagreeing)).toThrow(/sold as prod-other but its bedrock-runtime model .* as prod-xdkflymybwmvi/);

    const undeclared = copy();
    delete undeclared.models[2].bedrockRuntimeModelId;
    expect(() => parseMantleCatalog(undeclared)).toThrow(/has the product id of anthropic\.claude-haiku-4-5-20251001-v1:0/);

    const unknown = copy();
    unknown.models[0].bedrockRuntimeModelId = "anthropic.claude-opus-4-8-v1:0";
    expect(() => parseMantleCatalog(unknown)).toThrow(/anthropic\.claude-opus-4-8-v1:0 is not a model of claude-models\.json/);
  });
});

describe("Messages API request", () => {
  it("accepts the documented fields and reads string and block content", () => {
    const request = parseMessagesRequest(
      VERSION,
      body({
        ...minimal,
        system: [{ type: "text", text: "Be brief." }],
        temperature: 0,
        stop_sequences: ["\n"],
        metadata: { user_id: "u" },
      }),
    );
    expect(request.model).toBe(OPUS_4_8);
    expect(contentText(request.system)).toBe("Be brief.");
    expect(
      contentText([
        { type: "text", text: "a" },
        { type: "text", text: "b" },
      ]),
    ).toBe("ab");
  });

  it("requires the anthropic-version header (stricter than the docs) and accepts any dated version", () => {
    expect(() => parseMessagesRequest({}, body(minimal))).toThrow("anthropic-version: header is required");
    expect(() => parseMessagesRequest({ "anthropic-version": "latest" }, body(minimal))).toThrow("'latest' is not a valid version");
    expect(parseMessagesRequest({ "anthropic-version": "2026-10-21" }, body(minimal)).max_tokens).toBe(16);
  });

  it.each([
    [{ ...minimal, max_tokens: undefined }, "max_tokens: Field required"],
    [{ ...minimal, max_tokens: 0 }, "max_tokens: "],
    [{ ...minimal, max_tokens: 1.5 }, "max_tokens: "],
    [{ ...minimal, messages: [] }, "messages: "],
    [{ ...minimal, messages: [{ role: "system", content: "x" }] }, "messages.0.role: "],
    [{ ...minimal, messages: [{ role: "user", content: [{ type: "image", source: {} }] }] }, "messages.0.content"],
    [{ ...minimal, model: 7 }, "model: "],
    [{ ...minimal, top_k: 5 }, "top_k: Extra inputs are not permitted"],
  ])("names the bad field of %j", (value, message) => {
    expect(() => parseMessagesRequest(VERSION, body(value))).toThrow(
      expect.objectContaining({ code: "ValidationException", message: expect.stringContaining(message) }),
    );
  });

  it("refuses stream: true as not emulated", () => {
    expect(() => parseMessagesRequest(VERSION, body({ ...minimal, stream: true }))).toThrow(/stream: streaming responses are not emulated/);
  });
});

describe("bedrock-mantle routing, errors and settings", () => {
  it("routes /anthropic/v1/messages to CreateInference only when signed for bedrock-mantle", () => {
    expect(matchRoute(ROUTES, "POST", "/anthropic/v1/messages", "bedrock-mantle")?.route.operation).toBe("CreateInference");
    expect(matchRoute(ROUTES, "POST", "/anthropic/v1/messages", "bedrock")).toBeUndefined();
    expect(matchRoute(ROUTES, "POST", "/anthropic/v1/messages")).toBeUndefined();
  });

  it.each([
    ["AccessDeniedException", "permission_error", 403],
    ["ValidationException", "invalid_request_error", 400],
    ["ResourceNotFoundException", "not_found_error", 404],
    ["ThrottlingException", "rate_limit_error", 429],
    ["InternalServerException", "api_error", 500],
    ["ServiceUnavailableException", "overloaded_error", 529],
    ["MissingAuthenticationTokenException", "authentication_error", 401],
  ] as const)("answers %s as Anthropic's %s (%i)", (code, type, status) => {
    expect([anthropicErrorType(code), anthropicErrorStatus(code)]).toEqual([type, status]);
  });

  it("validates the mantleAgreement setting", () => {
    expect(parseSettingsPatch({ mantleAgreement: "none" })).toEqual({ mantleAgreement: "none" });
    expect(() => parseSettingsPatch({ mantleAgreement: "always" })).toThrow(/mantleAgreement/);
  });
});

describe("IAM for bedrock-mantle:CreateInference (iam-simulate with iam-data's bedrock-mantle service)", () => {
  const policies = (statement: object): PrincipalPolicies => ({
    principalArn: `arn:aws:iam::${ACCOUNT}:role/bedrock-runtime`,
    identityPolicies: [{ name: "p", document: { Version: "2012-10-17", Statement: [statement] } }],
    isRoot: false,
  });
  const check = (model: string) => ({
    action: "bedrock-mantle:CreateInference",
    resource: PROJECT,
    context: { "bedrock-mantle:Model": model, "aws:RequestedRegion": "us-east-1" },
  });
  const allow = {
    Effect: "Allow",
    Action: "bedrock-mantle:CreateInference",
    Resource: `arn:aws:bedrock-mantle:us-east-1:${ACCOUNT}:project/*`,
  };

  it("allows the default project through a project/* resource and evaluates bedrock-mantle:Model conditions", async () => {
    await expect(evaluateAccess(CALLER, ACCOUNT, policies(allow), check(OPUS_4_8))).resolves.toEqual({ allowed: true });
    const onlyHaiku = policies({ ...allow, Condition: { StringEquals: { "bedrock-mantle:Model": "anthropic.claude-haiku-4-5" } } });
    await expect(evaluateAccess(CALLER, ACCOUNT, onlyHaiku, check("anthropic.claude-haiku-4-5"))).resolves.toEqual({ allowed: true });
    await expect(evaluateAccess(CALLER, ACCOUNT, onlyHaiku, check(OPUS_4_8))).resolves.toEqual({
      allowed: false,
      reason: "implicit-identity",
    });
  });
});
