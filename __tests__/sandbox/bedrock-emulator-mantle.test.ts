import { AnthropicBedrockMantle } from "@anthropic-ai/bedrock-sdk";
import { BedrockClient, GetFoundationModelAvailabilityCommand, PutUseCaseForModelAccessCommand } from "@aws-sdk/client-bedrock";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import type { Credentials } from "../../sandbox/bedrock-emulator/aws/moto-sessions";
import { startBedrockEmulator, type BedrockEmulator } from "../../sandbox/bedrock-emulator/server";
import type { StateDump } from "../../sandbox/bedrock-emulator/state/dump";
import { startMoto, type MotoServer } from "../../sandbox/moto";
import { MotoAccounts } from "../helpers/moto-accounts";
import { clientTracker, runtimeClient } from "./emulator-clients";

/** No use-case form is ever submitted in this account. */
const ACCOUNT = "666666666666";
/** Submits the form: its bedrock-runtime first call creates the agreement its bedrock-mantle calls then rely on. */
const FORM_ACCOUNT = "888888888888";
const MANAGEMENT = "121212121212";
const OPUS_4_8 = "anthropic.claude-opus-4-8";
const OPUS_4_7 = "anthropic.claude-opus-4-7";
const HAIKU = "anthropic.claude-haiku-4-5";
const HAIKU_RUNTIME = "anthropic.claude-haiku-4-5-20251001-v1:0";
const PRODUCTS = { [OPUS_4_8]: "prod-bk5rjg4eo2pke", [OPUS_4_7]: "prod-d2ik6zgct5hxi", [HAIKU]: "prod-xdkflymybwmvi" };
const CREATE_INFERENCE = "bedrock-mantle:CreateInference";
const PENDING_MS = 300;
const OK_PROMPT = "Reply with OK only.";
const MARKETPLACE_DENIED =
  "Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions " +
  "(aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model. Refer to the Amazon Bedrock " +
  "documentation for further details. Your AWS Marketplace subscription for this model cannot be completed at this time. " +
  "If you recently fixed this issue, try again after 15 minutes.";

const project = (account: string, region = "us-east-1") => `arn:aws:bedrock-mantle:${region}:${account}:project/default`;
const sessionArn = (account: string, role: string) => `arn:aws:sts::${account}:assumed-role/${role}/${role}`;
// Haiku 4.5 is profile-only on bedrock-runtime (its card: In-Region endpoint URL N/A): called through `us.`.
const haikuFm = `arn:aws:bedrock:*::foundation-model/${HAIKU_RUNTIME}`;
const haikuProfile = `arn:aws:bedrock:us-east-1:*:inference-profile/us.${HAIKU_RUNTIME}`;
const doc = (...statements: object[]) => ({ Version: "2012-10-17", Statement: statements });

/** What the project's stacks grant a Messages API profile: CreateInference on the account's projects in a Region. */
const mantlePolicy = (account: string, region = "us-east-1", condition?: object) =>
  doc({
    Effect: "Allow",
    Action: CREATE_INFERENCE,
    Resource: `arn:aws:bedrock-mantle:${region}:${account}:project/*`,
    ...(condition ? { Condition: condition } : {}),
  });

const marketplacePolicy = doc(
  {
    Effect: "Allow",
    Action: "aws-marketplace:Subscribe",
    Resource: "*",
    Condition: { "ForAnyValue:StringEquals": { "aws-marketplace:ProductId": Object.values(PRODUCTS) } },
  },
  { Effect: "Allow", Action: ["aws-marketplace:ViewSubscriptions", "bedrock:GetFoundationModelAvailability"], Resource: "*" },
);

const invokeHaikuPolicy = doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: [haikuFm, haikuProfile] });

let moto: MotoServer;
let emulator: BedrockEmulator;
const roles: Record<string, Credentials> = {};
const clients = clientTracker();
const track = clients.track;

interface MessagesReply {
  readonly status: number;
  readonly errorType: string | null;
  readonly body: unknown;
}

interface MessagesCall {
  readonly region?: string;
  /** The SigV4 signing name. @default "bedrock-mantle" */
  readonly service?: string;
  /** null: no anthropic-version header. @default "2023-06-01" */
  readonly version?: string | null;
}

/**
 * POST /anthropic/v1/messages with a SigV4 Authorization header. The emulator, like moto, reads the credential scope
 * and does not verify signatures, so none is computed here; the Anthropic SDK test below signs for real.
 */
async function messages(credentials: Credentials, body: object, call: MessagesCall = {}): Promise<MessagesReply> {
  const region = call.region ?? "us-east-1";
  const version = call.version === undefined ? "2023-06-01" : call.version;
  const res = await fetch(`${emulator.url}/anthropic/v1/messages`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(version !== null ? { "anthropic-version": version } : {}),
      "x-amz-date": "20261128T000000Z",
      ...(credentials.sessionToken ? { "x-amz-security-token": credentials.sessionToken } : {}),
      authorization:
        `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/20261128/${region}/${call.service ?? "bedrock-mantle"}/aws4_request, ` +
        `SignedHeaders=content-type;host;x-amz-date, Signature=${"0".repeat(64)}`,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, errorType: res.headers.get("x-amzn-errortype"), body: (await res.json()) as unknown };
}

const ask = (model: string, prompt = OK_PROMPT) => ({ model, max_tokens: 16, messages: [{ role: "user", content: prompt }] });
const anthropicError = (type: string, message: string | RegExp) => ({
  type: "error",
  error: { type, message: typeof message === "string" ? message : expect.stringMatching(message) },
});
const state = async (): Promise<StateDump> => (await fetch(`${emulator.url}/__emulator/state`)).json() as Promise<StateDump>;
const mantleCalls = async (model: string) =>
  (await state()).calls
    .filter((c) => c.operation === "CreateInference" && c.account === ACCOUNT && c.modelId === model)
    .map((c) => ({ principalArn: c.principalArn, outcome: c.outcome }));

beforeAll(async () => {
  moto = await startMoto();
  emulator = await startBedrockEmulator({ motoEndpoint: moto.endpoint, pendingMs: PENDING_MS, seed: 5 });
  const accounts = new MotoAccounts(moto.endpoint);
  const role = async (account: string, name: string, managed: Record<string, object>, inline: Record<string, object> = {}) =>
    (await accounts.role(account, { name, managed, inline })).credentials;

  roles.firstUse = await role(ACCOUNT, "bedrock-first-use", { mantle: mantlePolicy(ACCOUNT, "*") }, { mp: marketplacePolicy });
  roles.runtime = await role(ACCOUNT, "bedrock-runtime", { mantle: mantlePolicy(ACCOUNT), invoke: invokeHaikuPolicy });
  roles.noMantle = await role(ACCOUNT, "marketplace-only", {}, { mp: marketplacePolicy });
  roles.haikuOnly = await role(ACCOUNT, "haiku-only", {
    mantle: mantlePolicy(ACCOUNT, "us-east-1", { StringEquals: { "bedrock-mantle:Model": HAIKU } }),
  });

  const submitter = await role(FORM_ACCOUNT, "bedrock-ftu-submitter", {
    submit: doc({ Effect: "Allow", Action: "bedrock:PutUseCaseForModelAccess", Resource: "*" }),
  });
  roles.formFirstUse = await role(FORM_ACCOUNT, "bedrock-first-use", { invoke: invokeHaikuPolicy }, { mp: marketplacePolicy });
  roles.formMantle = await role(FORM_ACCOUNT, "bedrock-runtime", { mantle: mantlePolicy(FORM_ACCOUNT) });
  const bedrock = track(new BedrockClient({ endpoint: emulator.url, region: "us-east-1", credentials: submitter, maxAttempts: 1 }));
  await bedrock.send(new PutUseCaseForModelAccessCommand({ formData: new TextEncoder().encode(JSON.stringify({ companyName: "Form" })) }));
}, 60_000);

afterAll(async () => {
  clients.destroyAll();
  await emulator?.close();
  await moto?.stop();
});

const runtime = (credentials: Credentials) => track(runtimeClient(emulator.url, credentials));
const converseHaiku = (credentials: Credentials) =>
  runtime(credentials).send(
    new ConverseCommand({ modelId: `us.${HAIKU_RUNTIME}`, messages: [{ role: "user", content: [{ text: OK_PROMPT }] }] }),
  );

describe("IAM: bedrock-mantle:CreateInference on the caller's default project", () => {
  it("denies a role without the action with a 403 permission_error naming the action and the project ARN", async () => {
    const reply = await messages(roles.noMantle, ask(OPUS_4_8));

    expect(reply).toEqual({
      status: 403,
      errorType: "AccessDeniedException",
      body: anthropicError(
        "permission_error",
        `User: ${sessionArn(ACCOUNT, "marketplace-only")} is not authorized to perform: ${CREATE_INFERENCE} on resource: ${project(ACCOUNT)} because no identity-based policy allows the ${CREATE_INFERENCE} action`,
      ),
    });
  });

  it("denies a model that the policy's bedrock-mantle:Model StringEquals condition does not name", async () => {
    const reply = await messages(roles.haikuOnly, ask(OPUS_4_8));

    expect(reply).toMatchObject({
      status: 403,
      body: anthropicError(
        "permission_error",
        `User: ${sessionArn(ACCOUNT, "haiku-only")} is not authorized to perform: ${CREATE_INFERENCE} on resource: ${project(ACCOUNT)} because no identity-based policy allows the ${CREATE_INFERENCE} action`,
      ),
    });
  });

  it("evaluates SCPs first: an explicit deny in the Organization names the SCP", async () => {
    const accounts = new MotoAccounts(moto.endpoint);
    const orgs = new OrganizationsClient({ endpoint: moto.endpoint, region: "us-east-1", credentials: await accounts.admin(MANAGEMENT) });
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const member = (await orgs.send(new CreateAccountCommand({ AccountName: "mantle", Email: "mantle@example.com" }))).CreateAccountStatus
      ?.AccountId;
    if (!member) throw new Error("moto CreateAccount returned no AccountId");
    const rootId = (await orgs.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: "SERVICE_CONTROL_POLICY" }));
    const scp = await orgs.send(
      new CreatePolicyCommand({
        Name: "DenyOpus48OnMantle",
        Description: "test",
        Type: "SERVICE_CONTROL_POLICY",
        Content: JSON.stringify(
          doc({
            Effect: "Deny",
            Action: "bedrock-mantle:*",
            Resource: "*",
            Condition: { StringEquals: { "bedrock-mantle:Model": OPUS_4_8 } },
          }),
        ),
      }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: scp.Policy?.PolicySummary?.Id, TargetId: member }));
    const allowed = (await accounts.role(member, { name: "bedrock-runtime", managed: { mantle: mantlePolicy(member) } })).credentials;

    const reply = await messages(allowed, ask(OPUS_4_8));

    expect(reply).toMatchObject({
      status: 403,
      errorType: "AccessDeniedException",
      body: anthropicError(
        "permission_error",
        `User: ${sessionArn(member, "bedrock-runtime")} is not authorized to perform: ${CREATE_INFERENCE} on resource: ${project(member)} with an explicit deny in a service control policy: ${scp.Policy?.PolicySummary?.Arn ?? "?"}`,
      ),
    });
  });
});

describe('Marketplace agreement, mantleAgreement "first-call" (the default)', () => {
  it("denies a caller without the Marketplace actions while the product has no agreement", async () => {
    const reply = await messages(roles.runtime, ask(OPUS_4_8));

    expect(reply).toMatchObject({
      status: 403,
      errorType: "AccessDeniedException",
      body: anthropicError("permission_error", MARKETPLACE_DENIED),
    });
    expect((await state()).agreements.filter((a) => a.account === ACCOUNT)).toEqual([]);
  });

  it("answers the first-use role's first call with the Messages shape and creates the product's agreement", async () => {
    const reply = await messages(roles.firstUse, ask(OPUS_4_8));

    expect(reply).toEqual({
      status: 200,
      errorType: null,
      body: {
        id: expect.stringMatching(/^msg_bdrk_[0-9a-f]+$/),
        type: "message",
        role: "assistant",
        model: OPUS_4_8,
        content: [{ type: "text", text: "OK" }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
      },
    });
    expect((await state()).agreements).toContainEqual(
      expect.objectContaining({
        account: ACCOUNT,
        productId: PRODUCTS[OPUS_4_8],
        modelId: OPUS_4_8,
        modelIds: [OPUS_4_8],
        status: "PENDING",
        createdVia: "invocation",
        service: "bedrock-mantle",
        createdBy: sessionArn(ACCOUNT, "bedrock-first-use"),
      }),
    );
  });

  it("then lets the runtime role (no Marketplace actions) through, and records who made which call", async () => {
    const reply = await messages(roles.runtime, ask(OPUS_4_8));

    expect(reply.status).toBe(200);
    expect(await mantleCalls(OPUS_4_8)).toEqual([
      { principalArn: sessionArn(ACCOUNT, "marketplace-only"), outcome: "AccessDeniedException" },
      { principalArn: sessionArn(ACCOUNT, "haiku-only"), outcome: "AccessDeniedException" },
      { principalArn: sessionArn(ACCOUNT, "bedrock-runtime"), outcome: "AccessDeniedException" },
      { principalArn: sessionArn(ACCOUNT, "bedrock-first-use"), outcome: "ok" },
      { principalArn: sessionArn(ACCOUNT, "bedrock-runtime"), outcome: "ok" },
    ]);
    expect((await state()).calls.at(-1)).toMatchObject({
      operation: "CreateInference",
      account: ACCOUNT,
      region: "us-east-1",
      status: 200,
    });
  });

  it("needs no use-case form, which the same account's bedrock-runtime call of the same model does need", async () => {
    await expect(converseHaiku(roles.runtime)).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: expect.stringContaining("(FTUFormNotFilled)"),
    });

    expect((await messages(roles.firstUse, ask(HAIKU))).status).toBe(200);
    expect((await messages(roles.runtime, ask(HAIKU))).status).toBe(200);
    expect((await state()).forms.filter((f) => f.account === ACCOUNT)).toEqual([]);
  });

  it("shares one agreement per product with bedrock-runtime: made through bedrock-mantle, seen by bedrock-runtime", async () => {
    const bedrock = track(new BedrockClient({ endpoint: emulator.url, region: "us-east-1", credentials: roles.firstUse, maxAttempts: 1 }));

    const availability = await bedrock.send(new GetFoundationModelAvailabilityCommand({ modelId: HAIKU_RUNTIME }));

    expect(availability.agreementAvailability?.status).toMatch(/^(PENDING|AVAILABLE)$/);
    expect((await state()).agreements.find((a) => a.account === ACCOUNT && a.productId === PRODUCTS[HAIKU])).toMatchObject({
      modelId: HAIKU,
      modelIds: [HAIKU_RUNTIME, HAIKU],
      service: "bedrock-mantle",
    });
  });

  it("shares one agreement per product with bedrock-runtime: made through bedrock-runtime, used by bedrock-mantle", async () => {
    await converseHaiku(roles.formFirstUse);

    const reply = await messages(roles.formMantle, ask(HAIKU));

    expect(reply.status).toBe(200);
    expect((await state()).agreements.filter((a) => a.account === FORM_ACCOUNT)).toEqual([
      expect.objectContaining({ productId: PRODUCTS[HAIKU], modelId: HAIKU_RUNTIME, service: "bedrock-runtime" }),
    ]);
  });
});

describe('Marketplace agreement, mantleAgreement "none"', () => {
  afterEach(() => emulator.setSettings({ mantleAgreement: "first-call" }));

  it("has no Marketplace gate: a caller without the Marketplace actions succeeds and no agreement is made", async () => {
    const set = await fetch(`${emulator.url}/__emulator/settings`, { method: "POST", body: JSON.stringify({ mantleAgreement: "none" }) });
    expect(await set.json()).toEqual({ settings: { mantleAgreement: "none" } });

    const reply = await messages(roles.runtime, ask(OPUS_4_7));

    expect(reply.status).toBe(200);
    const dump = await state();
    expect(dump.settings).toEqual({ mantleAgreement: "none" });
    expect(dump.agreements.filter((a) => a.productId === PRODUCTS[OPUS_4_7])).toEqual([]);
  });

  it('gates again once set back to "first-call"', async () => {
    emulator.setSettings({ mantleAgreement: "first-call" });
    expect((await messages(roles.runtime, ask(OPUS_4_7))).body).toEqual(anthropicError("permission_error", MARKETPLACE_DENIED));
  });
});

describe("models and Regions", () => {
  it("answers a Region where the model is not served with a 404 not_found_error naming the model and the Region", async () => {
    expect(await messages(roles.firstUse, ask(OPUS_4_7), { region: "eu-central-1" })).toEqual({
      status: 404,
      errorType: "ResourceNotFoundException",
      body: anthropicError("not_found_error", `model: ${OPUS_4_7} is not served on bedrock-mantle in eu-central-1.`),
    });
    expect(await messages(roles.firstUse, ask(OPUS_4_8), { region: "eu-central-1" })).toMatchObject({ status: 404 });
  });

  it("answers bedrock-runtime's ids and profile ids, which bedrock-mantle does not take, with a 404", async () => {
    for (const id of [HAIKU_RUNTIME, `us.${HAIKU}`]) {
      expect(await messages(roles.firstUse, ask(id))).toMatchObject({
        status: 404,
        body: anthropicError(
          "not_found_error",
          new RegExp(`^model: ${id.replace(/[.:]/g, "\\$&")} is not a model served on bedrock-mantle`),
        ),
      });
    }
  });
});

describe("request validation", () => {
  it("requires the anthropic-version header: 400 invalid_request_error", async () => {
    expect(await messages(roles.runtime, ask(OPUS_4_8), { version: null })).toEqual({
      status: 400,
      errorType: "ValidationException",
      body: anthropicError("invalid_request_error", "anthropic-version: header is required"),
    });
  });

  it("answers a bad body with a 400 invalid_request_error naming the field", async () => {
    const noMaxTokens = { model: OPUS_4_8, messages: [{ role: "user", content: OK_PROMPT }] };
    expect((await messages(roles.runtime, noMaxTokens)).body).toEqual(
      anthropicError("invalid_request_error", "max_tokens: Field required"),
    );
    expect(await messages(roles.runtime, { ...ask(OPUS_4_8), messages: [{ role: "robot", content: "hi" }] })).toMatchObject({
      status: 400,
      body: anthropicError("invalid_request_error", /^messages\.0\.role: /),
    });
  });

  it("refuses temperature for Opus 4.7 and later, whose card says it is no longer supported", async () => {
    expect(await messages(roles.runtime, { ...ask(OPUS_4_8), temperature: 0 })).toMatchObject({
      status: 400,
      body: anthropicError("invalid_request_error", /^temperature: not supported for anthropic\.claude-opus-4-8/),
    });
  });

  it("refuses stream: true, which is not emulated", async () => {
    expect(await messages(roles.runtime, { ...ask(OPUS_4_8), stream: true })).toMatchObject({
      status: 400,
      body: anthropicError("invalid_request_error", /^stream: streaming responses are not emulated/),
    });
  });

  it("does not serve the path signed for bedrock (bedrock-runtime's /anthropic Messages API): an unknown operation", async () => {
    expect(await messages(roles.runtime, ask(OPUS_4_8), { service: "bedrock" })).toEqual({
      status: 404,
      errorType: "UnknownOperationException",
      body: { message: "No operation matches POST /anthropic/v1/messages." },
    });
  });
});

describe("faults", () => {
  afterEach(() => emulator.setFaults({ throttleRate: 0, serverErrorRate: 0, operations: [] }));

  it("throttles CreateInference as a 429 rate_limit_error and a 503 fault as a 529 overloaded_error", async () => {
    emulator.setFaults({ throttleRate: 1, operations: ["CreateInference"] });
    expect(await messages(roles.runtime, ask(OPUS_4_8))).toMatchObject({
      status: 429,
      errorType: "ThrottlingException",
      body: anthropicError("rate_limit_error", /Too many requests/),
    });

    emulator.setFaults({ throttleRate: 0, serverErrorRate: 1, serverErrorCode: "ServiceUnavailableException" });
    const overloaded = await messages(roles.runtime, ask(OPUS_4_8));
    expect(overloaded).toMatchObject({
      status: 529,
      errorType: "ServiceUnavailableException",
      body: { error: { type: "overloaded_error" } },
    });
    expect((await state()).calls.at(-1)).toMatchObject({
      operation: "CreateInference",
      outcome: "ServiceUnavailableException",
      status: 529,
    });
  });
});

describe("wire compatibility with Anthropic's TypeScript SDK (AnthropicBedrockMantle)", () => {
  const sdk = (credentials: Credentials) =>
    new AnthropicBedrockMantle({
      baseURL: `${emulator.url}/anthropic`,
      awsRegion: "us-east-1",
      awsAccessKey: credentials.accessKeyId,
      awsSecretAccessKey: credentials.secretAccessKey,
      awsSessionToken: credentials.sessionToken ?? null,
      maxRetries: 0,
    });

  it("gets a message back through the SDK's SigV4-signed request", async () => {
    const message = await sdk(roles.runtime).messages.create({
      model: OPUS_4_8,
      max_tokens: 16,
      messages: [{ role: "user", content: OK_PROMPT }],
    });

    expect(message).toMatchObject({ type: "message", role: "assistant", model: OPUS_4_8, content: [{ type: "text", text: "OK" }] });
  });

  it("surfaces a denial as the SDK's 403 error with Anthropic's error body", async () => {
    const attempt = sdk(roles.noMantle).messages.create({
      model: OPUS_4_8,
      max_tokens: 16,
      messages: [{ role: "user", content: OK_PROMPT }],
    });

    await expect(attempt).rejects.toMatchObject({ status: 403, error: { type: "error", error: { type: "permission_error" } } });
  });
});
