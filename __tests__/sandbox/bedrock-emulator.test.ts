import {
  BedrockClient,
  ConflictException,
  CreateFoundationModelAgreementCommand,
  GetFoundationModelAvailabilityCommand,
  GetInferenceProfileCommand,
  GetUseCaseForModelAccessCommand,
  ListFoundationModelAgreementOffersCommand,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  PutUseCaseForModelAccessCommand,
  ResourceNotFoundException,
  ThrottlingException,
} from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import type { Credentials } from "../../sandbox/bedrock-emulator/aws/moto-sessions";
import { startBedrockEmulator, type BedrockEmulator } from "../../sandbox/bedrock-emulator/server";
import type { StateDump } from "../../sandbox/bedrock-emulator/state/dump";
import { MotoAccounts } from "../helpers/moto-accounts";
import { startMoto, type MotoServer } from "../../sandbox/moto";

const MANAGEMENT = "111111111111";
const CI = "222222222222";
const RESEARCH = "333333333333";
const SONNET = "anthropic.claude-sonnet-4-6";
const OPUS = "anthropic.claude-opus-4-6-v1";
const SONNET_PRODUCT = "prod-ffvjxvh4ltq64";
const OPUS_PRODUCT = "prod-5ukwuglpt66kg";
const LEGACY_SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const LEGACY_SONNET_PRODUCT = "prod-mxcfnwvpd6kb4";
/** Where us.* profiles called from us-east-1 route Claude Sonnet 4.6 and Opus 4.6 (the model cards' US tables). */
const US_REGIONS = ["us-east-1", "us-east-2", "us-west-2"];
const INVOKE_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
const PENDING_MS = 400;

const profileArn = (account: string, id: string, region = "us-east-1") => `arn:aws:bedrock:${region}:${account}:inference-profile/${id}`;
const fmArn = (region: string, model: string) => `arn:aws:bedrock:${region}::foundation-model/${model}`;

/** The invoke policy the project's stacks deploy: profiles, then destination FMs conditioned on the profiles. */
function invokePolicy(account: string, models: string[], opts: { omitRegions?: string[] } = {}) {
  const profiles = models.flatMap((m) => [profileArn(account, `us.${m}`), profileArn(account, `global.${m}`)]);
  const regions = US_REGIONS.filter((r) => !opts.omitRegions?.includes(r));
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "InvokeProfiles", Effect: "Allow", Action: INVOKE_ACTIONS, Resource: profiles },
      {
        Sid: "InvokeThroughProfiles",
        Effect: "Allow",
        Action: INVOKE_ACTIONS,
        Resource: models.flatMap((m) => [...regions.map((r) => fmArn(r, m)), fmArn("", m)]),
        Condition: { StringEquals: { "bedrock:InferenceProfileArn": profiles } },
      },
    ],
  };
}

function firstUsePolicy(account: string, productIds: string[]) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "SubscribeToModelOffers",
        Effect: "Allow",
        Action: "aws-marketplace:Subscribe",
        Resource: "*",
        Condition: { "ForAnyValue:StringEquals": { "aws-marketplace:ProductId": productIds } },
      },
      { Sid: "ViewSubscriptions", Effect: "Allow", Action: "aws-marketplace:ViewSubscriptions", Resource: "*" },
      {
        Sid: "ReadModelAvailability",
        Effect: "Allow",
        Action: [
          "bedrock:GetFoundationModelAvailability",
          "bedrock:ListInferenceProfiles",
          "bedrock:ListFoundationModelAgreementOffers",
          "bedrock:CreateFoundationModelAgreement",
          "bedrock:ListFoundationModels",
        ],
        Resource: "*",
      },
      {
        Sid: "ReadInferenceProfiles",
        Effect: "Allow",
        Action: "bedrock:GetInferenceProfile",
        Resource: [profileArn(account, `us.${SONNET}`)],
      },
    ],
  };
}

const submitterPolicy = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["bedrock:PutUseCaseForModelAccess", "bedrock:GetUseCaseForModelAccess"], Resource: "*" }],
};

const FORM = {
  companyName: "Example Corp",
  companyWebsite: "https://example.com",
  intendedUsers: "0",
  industryOption: "Technology",
  useCases: "CI code review",
};

let moto: MotoServer;
let emulator: BedrockEmulator;
let accounts: MotoAccounts;
let memberAccount: string;
const roles: Record<string, { roleArn: string; credentials: Credentials }> = {};

const bedrock = (credentials: Credentials, region = "us-east-1") =>
  new BedrockClient({ endpoint: emulator.url, region, credentials, maxAttempts: 1 });
const runtime = (credentials: Credentials, region = "us-east-1") =>
  new BedrockRuntimeClient({ endpoint: emulator.url, region, credentials, maxAttempts: 1 });
const sayOk = (credentials: Credentials, modelId = `us.${SONNET}`, region = "us-east-1") =>
  runtime(credentials, region).send(
    new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text: "Reply with OK only." }] }] }),
  );
const encode = (value: object) => new TextEncoder().encode(JSON.stringify(value));
const state = async (): Promise<StateDump> => (await fetch(`${emulator.url}/__emulator/state`)).json() as Promise<StateDump>;

beforeAll(async () => {
  moto = await startMoto();
  // Lifecycle answers are judged on 2026-12-04 (Sonnet 4.5 Legacy since 2026-10-08), with time passing from there.
  const started = Date.now();
  const now = () => Date.parse("2026-12-04T12:00:00Z") + (Date.now() - started);
  emulator = await startBedrockEmulator({ motoEndpoint: moto.endpoint, pendingMs: PENDING_MS, seed: 7, now });
  accounts = new MotoAccounts(moto.endpoint);

  const orgs = new OrganizationsClient({ endpoint: moto.endpoint, region: "us-east-1", credentials: await accounts.admin(MANAGEMENT) });
  await orgs.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const created = await orgs.send(new CreateAccountCommand({ AccountName: "member", Email: "member@example.com" }));
  const id = created.CreateAccountStatus?.AccountId;
  if (!id) throw new Error("moto CreateAccount returned no AccountId");
  memberAccount = id;

  const bedrockRoles = async (account: string, key: string, models: string[], products: string[]) => {
    roles[`${key}-first-use`] = await accounts.role(account, {
      name: "bedrock-first-use",
      path: "/bedrock/",
      managed: { invoke: invokePolicy(account, models) },
      inline: { "first-use": firstUsePolicy(account, products) },
    });
    roles[`${key}-runtime`] = await accounts.role(account, {
      name: "bedrock-runtime",
      path: "/bedrock/",
      managed: { invoke: invokePolicy(account, models) },
    });
    roles[`${key}-submitter`] = await accounts.role(account, {
      name: "bedrock-ftu-submitter",
      path: "/bedrock/",
      inline: { submit: submitterPolicy },
    });
  };
  await bedrockRoles(MANAGEMENT, "mgmt", [SONNET], [SONNET_PRODUCT]);
  await bedrockRoles(CI, "ci", [SONNET, OPUS], [SONNET_PRODUCT, OPUS_PRODUCT]);
  await bedrockRoles(RESEARCH, "research", [SONNET], [SONNET_PRODUCT]);
  await bedrockRoles(memberAccount, "member", [SONNET, OPUS], [SONNET_PRODUCT, OPUS_PRODUCT]);
  // A member-account role that may invoke any model from anywhere and submit the form: only the emulator's gates stop it.
  roles["member-anywhere"] = await accounts.role(memberAccount, {
    name: "anywhere",
    inline: {
      invoke: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: INVOKE_ACTIONS, Resource: "*" }] },
      "first-use": firstUsePolicy(memberAccount, [SONNET_PRODUCT, LEGACY_SONNET_PRODUCT]),
      submit: submitterPolicy,
    },
  });
  roles["ci-partial"] = await accounts.role(CI, {
    name: "partial-invoke",
    managed: { invoke: invokePolicy(CI, [SONNET], { omitRegions: ["us-west-2"] }) },
  });

  await bedrock(roles["mgmt-submitter"].credentials).send(new PutUseCaseForModelAccessCommand({ formData: encode(FORM) }));
  await bedrock(roles["ci-submitter"].credentials).send(
    new PutUseCaseForModelAccessCommand({ formData: encode({ ...FORM, companyName: "CI" }) }),
  );
}, 60_000);

afterAll(async () => {
  await emulator?.close();
  await moto?.stop();
});

describe("use-case form", () => {
  it("stores the decoded formData bytes and returns them base64-encoded", async () => {
    const got = await bedrock(roles["mgmt-submitter"].credentials).send(new GetUseCaseForModelAccessCommand({}));

    expect(new TextDecoder().decode(got.formData)).toEqual(JSON.stringify(FORM));
    const form = (await state()).forms.find((f) => f.account === MANAGEMENT);
    expect(form).toMatchObject({
      submissions: 1,
      formJson: FORM,
      submittedBy: `arn:aws:sts::${MANAGEMENT}:assumed-role/bedrock-ftu-submitter/bedrock-ftu-submitter`,
    });
  });

  it("lets Organization member accounts inherit the management account's form", async () => {
    const got = await bedrock(roles["member-submitter"].credentials).send(new GetUseCaseForModelAccessCommand({}));
    expect(JSON.parse(new TextDecoder().decode(got.formData))).toEqual(FORM);

    const reply = await sayOk(roles["member-first-use"].credentials);
    expect(reply.output?.message?.content?.[0]?.text).toBe("OK");
  });

  it("reports ResourceNotFoundException for an account outside the Organization that never submitted", async () => {
    await expect(bedrock(roles["research-submitter"].credentials).send(new GetUseCaseForModelAccessCommand({}))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it("refuses invocations before the form is submitted with FTUFormNotFilled", async () => {
    const attempt = sayOk(roles["research-first-use"].credentials);
    await expect(attempt).rejects.toThrow(/Model use case details have not been submitted for this account.*FTUFormNotFilled/);
    await expect(sayOk(roles["research-first-use"].credentials)).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe("use-case form in opt-in Regions", () => {
  it("needs the account's own form in each opt-in Region: the management account's form does not reach there", async () => {
    const credentials = roles["member-anywhere"].credentials;
    // GIVEN the member account, which inherits the management account's form in the default Regions
    expect((await sayOk(credentials, `global.${SONNET}`, "us-east-1")).output?.message?.content).toEqual([{ text: "OK" }]);

    // WHEN it calls from Hyderabad (ap-south-2, opt-in) THEN the form gate answers as for an account with no form
    await expect(sayOk(credentials, `global.${SONNET}`, "ap-south-2")).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: expect.stringMatching(/Model use case details have not been submitted for this account.*FTUFormNotFilled/),
    });
    await expect(bedrock(credentials, "ap-south-2").send(new GetUseCaseForModelAccessCommand({}))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );

    // WHEN it submits its own form there THEN calls from there pass, and another opt-in Region still needs its own
    await bedrock(credentials, "ap-south-2").send(new PutUseCaseForModelAccessCommand({ formData: encode(FORM) }));
    expect((await sayOk(credentials, `global.${SONNET}`, "ap-south-2")).output?.message?.content).toEqual([{ text: "OK" }]);
    await expect(sayOk(credentials, `global.${SONNET}`, "ap-southeast-4")).rejects.toThrow(/FTUFormNotFilled/);
  });
});

describe("Legacy models", () => {
  it("refuse the first use in an account with no agreement for them, as AWS does for new customers", async () => {
    await expect(sayOk(roles["member-anywhere"].credentials, `us.${LEGACY_SONNET}`)).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: expect.stringContaining("This Model is marked by provider as Legacy"),
    });
    expect((await state()).agreements.filter((a) => a.account === memberAccount && a.modelId === LEGACY_SONNET)).toEqual([]);
  });
});

describe("Marketplace agreement on first use", () => {
  it("denies the first invocation by a role without the Marketplace actions, naming them", async () => {
    await expect(sayOk(roles["ci-runtime"].credentials)).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringContaining(
        "Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe)",
      ),
    });
    expect((await state()).agreements.filter((a) => a.account === CI && a.modelId === SONNET)).toEqual([]);
  });

  it("creates the agreement when the first-use role (ProductId-scoped Subscribe) invokes", async () => {
    const reply = await sayOk(roles["ci-first-use"].credentials);

    expect(reply.output?.message?.content).toEqual([{ text: "OK" }]);
    expect(reply.stopReason).toBe("end_turn");
    expect(reply.usage).toMatchObject({
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
      totalTokens: expect.any(Number),
    });
    expect((await state()).agreements).toContainEqual(
      expect.objectContaining({
        account: CI,
        modelId: SONNET,
        createdVia: "invocation",
        createdBy: `arn:aws:sts::${CI}:assumed-role/bedrock-first-use/bedrock-first-use`,
      }),
    );
  });

  it("then lets a role with only the invoke policy invoke", async () => {
    const reply = await sayOk(roles["ci-runtime"].credentials);
    expect(reply.output?.message?.content?.[0]?.text).toBe("OK");
  });

  it("denies a role whose policy lacks one destination region's foundation-model ARN", async () => {
    await expect(sayOk(roles["ci-partial"].credentials)).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: `User: arn:aws:sts::${CI}:assumed-role/partial-invoke/partial-invoke is not authorized to perform: bedrock:InvokeModel on resource: ${fmArn("us-west-2", SONNET)} because no identity-based policy allows the bedrock:InvokeModel action`,
    });
  });

  it("authorizes global profiles against the source region and the region-less foundation-model ARN", async () => {
    const reply = await sayOk(roles["ci-runtime"].credentials, `global.${SONNET}`);
    expect(reply.output?.message?.content?.[0]?.text).toBe("OK");
  });

  it("moves a CreateFoundationModelAgreement agreement from PENDING to AVAILABLE", async () => {
    const client = bedrock(roles["ci-first-use"].credentials);
    const before = await client.send(new GetFoundationModelAvailabilityCommand({ modelId: OPUS }));
    expect(before.agreementAvailability?.status).toBe("NOT_AVAILABLE");

    const offers = await client.send(new ListFoundationModelAgreementOffersCommand({ modelId: OPUS }));
    const offerToken = offers.offers?.[0]?.offerToken;
    await client.send(new CreateFoundationModelAgreementCommand({ modelId: OPUS, offerToken }));
    const pending = await client.send(new GetFoundationModelAvailabilityCommand({ modelId: OPUS }));
    await new Promise((resolve) => setTimeout(resolve, PENDING_MS + 50));
    const available = await client.send(new GetFoundationModelAvailabilityCommand({ modelId: OPUS }));

    expect(pending).toMatchObject({
      modelId: OPUS,
      agreementAvailability: { status: "PENDING" },
      entitlementAvailability: "NOT_AVAILABLE",
    });
    expect(available).toMatchObject({
      modelId: OPUS,
      agreementAvailability: { status: "AVAILABLE" },
      authorizationStatus: "AUTHORIZED",
      entitlementAvailability: "AVAILABLE",
      regionAvailability: "AVAILABLE",
    });
    await expect(client.send(new CreateFoundationModelAgreementCommand({ modelId: OPUS, offerToken }))).rejects.toBeInstanceOf(
      ConflictException,
    );
  });
});

describe("model identifiers and the catalog", () => {
  it("rejects a profile called from a region outside its geography", async () => {
    await expect(sayOk(roles["ci-runtime"].credentials, `eu.${SONNET}`)).rejects.toMatchObject({
      name: "ValidationException",
      message: "The provided model identifier is invalid.",
    });
  });

  it("describes the system-defined profile with one foundation-model ARN per destination region", async () => {
    const profile = await bedrock(roles["ci-first-use"].credentials).send(
      new GetInferenceProfileCommand({ inferenceProfileIdentifier: `us.${SONNET}` }),
    );
    expect(profile).toMatchObject({
      inferenceProfileId: `us.${SONNET}`,
      inferenceProfileArn: profileArn(CI, `us.${SONNET}`),
      status: "ACTIVE",
      type: "SYSTEM_DEFINED",
    });
    expect(profile.models?.map((m) => m.modelArn)).toEqual(US_REGIONS.map((r) => fmArn(r, SONNET)));

    const list = await bedrock(roles["ci-first-use"].credentials).send(new ListInferenceProfilesCommand({ typeEquals: "SYSTEM_DEFINED" }));
    expect(list.inferenceProfileSummaries?.map((p) => p.inferenceProfileId)).toEqual(
      expect.arrayContaining([`us.${SONNET}`, `global.${OPUS}`]),
    );
    expect(list.inferenceProfileSummaries?.map((p) => p.inferenceProfileId)).not.toContain(`eu.${SONNET}`);
  });

  it("rejects a profile the model does not have (no apac profile for Claude Sonnet 4.6) like an unknown model id", async () => {
    const attempt = sayOk(roles["member-runtime"].credentials, `apac.${SONNET}`, "ap-southeast-1");
    await expect(attempt).rejects.toMatchObject({
      name: "ValidationException",
      message: "The provided model identifier is invalid.",
      $metadata: { httpStatusCode: 400 },
    });

    const ids = async (region: string) =>
      (
        await bedrock(roles["ci-first-use"].credentials, region).send(new ListInferenceProfilesCommand({ typeEquals: "SYSTEM_DEFINED" }))
      ).inferenceProfileSummaries?.map((p) => p.inferenceProfileId) ?? [];
    const sydney = await ids("ap-southeast-2");
    expect(sydney).toEqual(expect.arrayContaining([`au.${SONNET}`, `global.${SONNET}`, `au.${OPUS}`]));
    expect(sydney.filter((id) => id?.startsWith("apac."))).toEqual([]);
    expect(await ids("ap-northeast-1")).toEqual(expect.arrayContaining([`jp.${SONNET}`, `global.${SONNET}`]));
    expect(await ids("ap-northeast-1")).not.toContain(`jp.${OPUS}`);
  });

  it("lists the models served in a region from the catalog, leaving out those past their end of life there", async () => {
    const summaries = async (region: string) =>
      (await bedrock(roles["ci-first-use"].credentials, region).send(new ListFoundationModelsCommand({ byProvider: "Anthropic" })))
        .modelSummaries ?? [];
    const virginia = await summaries("us-east-1");
    expect(virginia.find((m) => m.modelId === SONNET)).toMatchObject({
      modelArn: fmArn("us-east-1", SONNET),
      modelLifecycle: { status: "ACTIVE" },
      inferenceTypesSupported: ["INFERENCE_PROFILE"],
    });
    // Past their end of life in us-east-1 (Model lifecycle page: 2026-10-14 and 2026-09-10).
    expect(virginia.map((m) => m.modelId)).not.toContain("anthropic.claude-sonnet-4-20250514-v1:0");
    expect(virginia.map((m) => m.modelId)).not.toContain("anthropic.claude-3-haiku-20240307-v1:0");
    // Claude Sonnet 4.6 is on demand in London only.
    expect((await summaries("eu-west-2")).find((m) => m.modelId === SONNET)?.inferenceTypesSupported).toEqual([
      "ON_DEMAND",
      "INFERENCE_PROFILE",
    ]);
  });

  it("answers InvokeModel with an Anthropic Messages response", async () => {
    const out = await runtime(roles["ci-runtime"].credentials).send(
      new InvokeModelCommand({
        modelId: `us.${SONNET}`,
        contentType: "application/json",
        body: JSON.stringify({
          anthropic_version: "bedrock-2023-05-31",
          max_tokens: 16,
          messages: [{ role: "user", content: "Reply with OK only." }],
        }),
      }),
    );
    expect(JSON.parse(new TextDecoder().decode(out.body))).toMatchObject({
      type: "message",
      role: "assistant",
      content: [{ type: "text", text: "OK" }],
      stop_reason: "end_turn",
      usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
    });
  });

  it("answers an unknown operation like AWS: 404 UnknownOperationException", async () => {
    const res = await fetch(`${emulator.url}/no-such-operation`, {
      headers: {
        Authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0",
      },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    expect(await res.json()).toEqual({ message: "No operation matches GET /no-such-operation." });
  });
});

describe("fault injection", () => {
  afterEach(() => emulator.setFaults({}, "replace"));

  it("throttles every matching call at throttleRate 1", async () => {
    await fetch(`${emulator.url}/__emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ throttleRate: 1, operations: ["ListFoundationModels"] }),
    });

    const listing = bedrock(roles["ci-first-use"].credentials).send(new ListFoundationModelsCommand({}));
    await expect(listing).rejects.toBeInstanceOf(ThrottlingException);
    await expect(listing).rejects.toMatchObject({ $metadata: { httpStatusCode: 429 } });
    expect((await sayOk(roles["ci-runtime"].credentials)).output?.message?.content?.[0]?.text).toBe("OK");
  });

  it("replays the same 5xx sequence for the same seed", async () => {
    const outcomes = async () => {
      emulator.setFaults({ serverErrorRate: 0.5, operations: ["ListFoundationModels"] }, "replace", 42);
      const client = bedrock(roles["ci-first-use"].credentials);
      const results: string[] = [];
      for (let i = 0; i < 8; i++)
        results.push(
          await client.send(new ListFoundationModelsCommand({})).then(
            () => "ok",
            (e: Error) => e.name,
          ),
        );
      return results;
    };
    const first = await outcomes();
    expect(await outcomes()).toEqual(first);
    expect(first).toContain("ServiceUnavailableException");
    expect(first).toContain("ok");
  });

  it("rejects other invocations while the agreement is PENDING when rejectWhilePending is on", async () => {
    emulator.setFaults({ rejectWhilePending: true, agreementPendingMs: 60_000 });

    const creating = await sayOk(roles["member-first-use"].credentials, `us.${OPUS}`);
    const other = sayOk(roles["member-runtime"].credentials, `us.${OPUS}`);

    expect(creating.output?.message?.content?.[0]?.text).toBe("OK");
    await expect(other).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringContaining("(MPAgreementBeingCreated)"),
    });
  });

  it("adds a destination region to a profile at runtime: GetInferenceProfile lists it and invocations need it in IAM", async () => {
    const res = await fetch(`${emulator.url}/__emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ extraDestinations: { [`us.${SONNET}`]: ["ca-central-1"] } }),
    });
    expect(res.status).toBe(200);

    const profile = await bedrock(roles["ci-first-use"].credentials).send(
      new GetInferenceProfileCommand({ inferenceProfileIdentifier: `us.${SONNET}` }),
    );
    expect(profile.models?.map((m) => m.modelArn)).toEqual([...US_REGIONS, "ca-central-1"].map((r) => fmArn(r, SONNET)));
    await expect(sayOk(roles["member-runtime"].credentials)).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringContaining(`bedrock:InvokeModel on resource: ${fmArn("ca-central-1", SONNET)}`),
    });
    // Other profiles keep their destinations.
    expect((await sayOk(roles["member-runtime"].credentials, `global.${SONNET}`)).output?.message?.content?.[0]?.text).toBe("OK");

    emulator.setFaults({ extraDestinations: {} });
    expect((await sayOk(roles["member-runtime"].credentials)).output?.message?.content?.[0]?.text).toBe("OK");
  });

  it("rejects an invalid fault config, naming the field", async () => {
    const res = await fetch(`${emulator.url}/__emulator/faults`, { method: "POST", body: JSON.stringify({ throttleRate: 2 }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/throttleRate/);
  });

  it("applies an SCP-style deny on Marketplace actions to the first invocation", async () => {
    emulator.setFaults({ scpDenyMarketplaceAccounts: [RESEARCH] });
    await bedrock(roles["research-submitter"].credentials).send(new PutUseCaseForModelAccessCommand({ formData: encode(FORM) }));

    await expect(sayOk(roles["research-first-use"].credentials)).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringMatching(/aws-marketplace:ViewSubscriptions with an explicit deny in a service control policy/),
    });
  });
});

describe("admin state", () => {
  it("counts calls by operation, account and caller principal", async () => {
    const dump = await state();
    const converse = (principalArn: string, outcome: string) =>
      dump.counts.find((c) => c.operation === "Converse" && c.principalArn === principalArn && c.outcome === outcome)?.count;

    // The member account's only form is its own in an opt-in Region ("use-case form in opt-in Regions").
    expect(
      dump.forms
        .filter((f) => f.account !== memberAccount)
        .map((f) => f.account)
        .sort(),
    ).toEqual([MANAGEMENT, CI, RESEARCH].sort());
    expect(dump.forms.every((f) => f.submissions === 1)).toBe(true);
    expect(converse(`arn:aws:sts::${CI}:assumed-role/bedrock-first-use/bedrock-first-use`, "ok")).toBe(1);
    expect(converse(`arn:aws:sts::${CI}:assumed-role/bedrock-runtime/bedrock-runtime`, "AccessDeniedException")).toBe(1);
    expect(dump.agreements.map((a) => `${a.account}/${a.modelId}`).sort()).toEqual(
      [`${CI}/${OPUS}`, `${CI}/${SONNET}`, `${memberAccount}/${SONNET}`, `${memberAccount}/${OPUS}`].sort(),
    );
    expect(dump.calls.at(-1)).toMatchObject({
      operation: "Converse",
      account: RESEARCH,
      region: "us-east-1",
      modelId: `us.${SONNET}`,
      outcome: "AccessDeniedException",
    });
  });

  it("forgets everything on reset", async () => {
    const res = await fetch(`${emulator.url}/__emulator/reset`, { method: "POST" });
    expect(res.status).toBe(200);

    const dump = await state();
    expect(dump).toMatchObject({ forms: [], agreements: [], calls: [], counts: [] });
    expect(dump.faults.agreementPendingMs).toBe(PENDING_MS);
  });
});
