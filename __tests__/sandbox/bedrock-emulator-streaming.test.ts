import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
import { PutUseCaseForModelAccessCommand, BedrockClient } from "@aws-sdk/client-bedrock";
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type ConverseStreamOutput,
} from "@aws-sdk/client-bedrock-runtime";
import type { Credentials } from "../../sandbox/bedrock-emulator/aws/moto-sessions";
import { startBedrockEmulator, type BedrockEmulator } from "../../sandbox/bedrock-emulator/server";
import type { StateDump } from "../../sandbox/bedrock-emulator/state/dump";
import { startMoto, type MotoServer } from "../../sandbox/moto";
import { MotoAccounts } from "../helpers/moto-accounts";
import { clientTracker, runtimeClient } from "./emulator-clients";

const ACCOUNT = "444444444444";
const NO_FORM = "555555555555";
const SONNET = "anthropic.claude-sonnet-4-6";
const SONNET_PRODUCT = "prod-ffvjxvh4ltq64";
const PROFILE = `us.${SONNET}`;
const US_REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2"];
const STREAM = "bedrock:InvokeModelWithResponseStream";
const BEDROCK_VERSION = "bedrock-2023-05-31";
const OK_PROMPT = "Reply with OK only.";
const SENTENCE = "Hello from the Bedrock emulator (Claude Sonnet 4.6).";

const profileArn = (account: string) => `arn:aws:bedrock:us-east-1:${account}:inference-profile/${PROFILE}`;
const fmArn = (region: string) => `arn:aws:bedrock:${region}::foundation-model/${SONNET}`;

/** The stacks' invoke policy shape (profile, then its destination FMs conditioned on it), with the actions given. */
const invokePolicy = (account: string, actions: string[]) => ({
  Version: "2012-10-17",
  Statement: [
    { Sid: "InvokeProfile", Effect: "Allow", Action: actions, Resource: [profileArn(account)] },
    {
      Sid: "InvokeThroughProfile",
      Effect: "Allow",
      Action: actions,
      Resource: US_REGIONS.map(fmArn),
      Condition: { StringEquals: { "bedrock:InferenceProfileArn": [profileArn(account)] } },
    },
  ],
});

const marketplacePolicy = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: "aws-marketplace:Subscribe",
      Resource: "*",
      Condition: { "ForAnyValue:StringEquals": { "aws-marketplace:ProductId": [SONNET_PRODUCT] } },
    },
    { Effect: "Allow", Action: "aws-marketplace:ViewSubscriptions", Resource: "*" },
  ],
};

const BOTH = ["bedrock:InvokeModel", STREAM];

let moto: MotoServer;
let emulator: BedrockEmulator;
const roles = {} as Record<"firstUse" | "runtime" | "invokeOnly" | "noForm", Credentials>;
const clients = clientTracker();
const track = clients.track;

/** HTTP/1.1, as the project's own adapter uses against the (plain-HTTP) sandbox. */
const runtime = (credentials: Credentials) => track(runtimeClient(emulator.url, credentials));

const anthropicBody = (prompt: string, extra: object = {}) =>
  JSON.stringify({ anthropic_version: BEDROCK_VERSION, max_tokens: 64, messages: [{ role: "user", content: prompt }], ...extra });

async function converseStreamEvents(client: BedrockRuntimeClient, prompt = OK_PROMPT): Promise<ConverseStreamOutput[]> {
  const out = await client.send(new ConverseStreamCommand({ modelId: PROFILE, messages: [{ role: "user", content: [{ text: prompt }] }] }));
  const events: ConverseStreamOutput[] = [];
  for await (const event of out.stream ?? []) events.push(event);
  return events;
}

/** Every `chunk` of an InvokeModelWithResponseStream, its bytes parsed as Anthropic's streaming event JSON. */
async function invokeStreamEvents(client: BedrockRuntimeClient, body: string): Promise<{ contentType?: string; events: unknown[] }> {
  const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: PROFILE, contentType: "application/json", body }));
  const events: unknown[] = [];
  for await (const part of out.body ?? []) {
    if (!part.chunk?.bytes) throw new Error(`unexpected stream member: ${JSON.stringify(Object.keys(part))}`);
    events.push(JSON.parse(new TextDecoder().decode(part.chunk.bytes)));
  }
  return { contentType: out.contentType, events };
}

const typesOf = (events: unknown[]) => events.map((e) => (e as { type: string }).type);
const state = async (): Promise<StateDump> => (await fetch(`${emulator.url}/__emulator/state`)).json() as Promise<StateDump>;

beforeAll(async () => {
  moto = await startMoto();
  emulator = await startBedrockEmulator({ motoEndpoint: moto.endpoint, pendingMs: 0, seed: 3 });
  const accounts = new MotoAccounts(moto.endpoint);

  const submitter = await accounts.role(ACCOUNT, {
    name: "bedrock-ftu-submitter",
    inline: {
      submit: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:PutUseCaseForModelAccess", Resource: "*" }] },
    },
  });
  roles.firstUse = (
    await accounts.role(ACCOUNT, {
      name: "bedrock-first-use",
      managed: { invoke: invokePolicy(ACCOUNT, BOTH) },
      inline: { mp: marketplacePolicy },
    })
  ).credentials;
  roles.runtime = (await accounts.role(ACCOUNT, { name: "bedrock-runtime", managed: { invoke: invokePolicy(ACCOUNT, BOTH) } })).credentials;
  // Everything a first call needs (the Marketplace actions too) except bedrock:InvokeModelWithResponseStream.
  roles.invokeOnly = (
    await accounts.role(ACCOUNT, {
      name: "invoke-only",
      managed: { invoke: invokePolicy(ACCOUNT, ["bedrock:InvokeModel"]) },
      inline: { mp: marketplacePolicy },
    })
  ).credentials;
  roles.noForm = (
    await accounts.role(NO_FORM, {
      name: "bedrock-first-use",
      managed: { invoke: invokePolicy(NO_FORM, BOTH) },
      inline: { mp: marketplacePolicy },
    })
  ).credentials;

  const bedrock = track(
    new BedrockClient({ endpoint: emulator.url, region: "us-east-1", credentials: submitter.credentials, maxAttempts: 1 }),
  );
  await bedrock.send(
    new PutUseCaseForModelAccessCommand({ formData: new TextEncoder().encode(JSON.stringify({ companyName: "Example" })) }),
  );
}, 60_000);

afterAll(async () => {
  clients.destroyAll();
  await emulator?.close();
  await moto?.stop();
});

describe("errors before the stream starts are plain HTTP errors", () => {
  afterEach(() => emulator.setFaults({}, "replace"));

  it("denies the first streamed call of a role without the Marketplace actions (403)", async () => {
    const attempt = runtime(roles.runtime).send(
      new InvokeModelWithResponseStreamCommand({ modelId: PROFILE, body: anthropicBody(OK_PROMPT) }),
    );
    await expect(attempt).rejects.toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining("not authorized to perform the required AWS Marketplace actions"),
    });
  });

  it("refuses a streamed call before the use-case form (404 FTUFormNotFilled)", async () => {
    await expect(converseStreamEvents(runtime(roles.noForm))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
      message: expect.stringContaining("(FTUFormNotFilled)"),
    });
  });

  it("throttles ConverseStream like any operation (429)", async () => {
    emulator.setFaults({ throttleRate: 1, operations: ["ConverseStream"] });
    await expect(converseStreamEvents(runtime(roles.firstUse))).rejects.toMatchObject({
      name: "ThrottlingException",
      $metadata: { httpStatusCode: 429 },
    });
  });

  it("validates the Anthropic body before streaming (400)", async () => {
    const attempt = runtime(roles.firstUse).send(
      new InvokeModelWithResponseStreamCommand({ modelId: PROFILE, body: JSON.stringify({ max_tokens: 8, messages: [] }) }),
    );
    await expect(attempt).rejects.toMatchObject({
      name: "ValidationException",
      $metadata: { httpStatusCode: 400 },
      message: expect.stringContaining("required key [anthropic_version] not found"),
    });
  });
});

describe("event streams, read by the AWS SDK's own decoder", () => {
  it("streams ConverseStream events, and the first call creates the Marketplace agreement", async () => {
    const events = await converseStreamEvents(runtime(roles.firstUse));

    expect(events.map((e) => Object.keys(e).filter((k) => k !== "$unknown"))).toEqual([
      ["messageStart"],
      ["contentBlockDelta"],
      ["contentBlockStop"],
      ["messageStop"],
      ["metadata"],
    ]);
    expect(events[0].messageStart).toEqual({ role: "assistant" });
    expect(events[1].contentBlockDelta).toEqual({ contentBlockIndex: 0, delta: { text: "OK" } });
    expect(events[2].contentBlockStop).toEqual({ contentBlockIndex: 0 });
    expect(events[3].messageStop).toEqual({ stopReason: "end_turn" });
    expect(events[4].metadata).toMatchObject({
      usage: { inputTokens: expect.any(Number), outputTokens: 1, totalTokens: expect.any(Number) },
      metrics: { latencyMs: expect.any(Number) },
    });
    const dump = await state();
    expect(dump.agreements).toContainEqual(expect.objectContaining({ account: ACCOUNT, modelId: SONNET, createdVia: "invocation" }));
    expect(dump.calls.at(-1)).toMatchObject({
      operation: "ConverseStream",
      account: ACCOUNT,
      modelId: PROFILE,
      outcome: "ok",
      status: 200,
    });
  });

  it("streams a longer reply as one contentBlockDelta a word", async () => {
    const events = await converseStreamEvents(runtime(roles.runtime), "Say hello.");
    const deltas = events.flatMap((e) => (e.contentBlockDelta?.delta?.text !== undefined ? [e.contentBlockDelta.delta.text] : []));

    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(SENTENCE);
  });

  it("streams InvokeModelWithResponseStream chunks carrying Anthropic's Messages streaming events", async () => {
    const { contentType, events } = await invokeStreamEvents(runtime(roles.runtime), anthropicBody("Say hello.", { system: "Be brief." }));

    expect(contentType).toBe("application/json");
    const types = typesOf(events);
    expect(types[0]).toBe("message_start");
    expect(types[1]).toBe("content_block_start");
    expect(types.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    expect(new Set(types.slice(2, -3))).toEqual(new Set(["content_block_delta"]));
    expect(events[0]).toMatchObject({
      message: { type: "message", role: "assistant", model: "claude-sonnet-4-6", content: [], usage: { input_tokens: expect.any(Number) } },
    });
    const text = events
      .filter((e) => (e as { type: string }).type === "content_block_delta")
      .map((e) => (e as { delta: { type: string; text: string } }).delta)
      .map((d) => (d.type === "text_delta" ? d.text : ""))
      .join("");
    expect(text).toBe(SENTENCE);
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: "end_turn" }, usage: { output_tokens: expect.any(Number) } });
    expect(events.at(-1)).toMatchObject({
      "amazon-bedrock-invocationMetrics": { inputTokenCount: expect.any(Number), outputTokenCount: expect.any(Number) },
    });
  });

  it("streams over HTTP/2 too, the runtime client's default", async () => {
    const h2 = track(new BedrockRuntimeClient({ endpoint: emulator.url, region: "us-east-1", credentials: roles.runtime, maxAttempts: 1 }));
    const events = await converseStreamEvents(h2);
    expect(events.map((e) => e.contentBlockDelta?.delta?.text ?? "").join("")).toBe("OK");
  });
});

describe("IAM: streaming needs bedrock:InvokeModelWithResponseStream", () => {
  const denial = `User: arn:aws:sts::${ACCOUNT}:assumed-role/invoke-only/invoke-only is not authorized to perform: ${STREAM} on resource: ${profileArn(ACCOUNT)} because no identity-based policy allows the ${STREAM} action`;

  it("denies ConverseStream and InvokeModelWithResponseStream to a role allowed only bedrock:InvokeModel", async () => {
    const client = runtime(roles.invokeOnly);
    await expect(converseStreamEvents(client)).rejects.toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403 },
      message: denial,
    });
    await expect(invokeStreamEvents(client, anthropicBody(OK_PROMPT))).rejects.toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403 },
      message: denial,
    });
  });

  it("lets the same role call Converse and InvokeModel", async () => {
    const client = runtime(roles.invokeOnly);
    const converse = await client.send(
      new ConverseCommand({ modelId: PROFILE, messages: [{ role: "user", content: [{ text: OK_PROMPT }] }] }),
    );
    expect(converse.output?.message?.content).toEqual([{ text: "OK" }]);
    const invoke = await client.send(
      new InvokeModelCommand({ modelId: PROFILE, contentType: "application/json", body: anthropicBody(OK_PROMPT) }),
    );
    expect(JSON.parse(new TextDecoder().decode(invoke.body))).toMatchObject({ content: [{ type: "text", text: "OK" }] });
  });
});

describe("Anthropic's Bedrock SDK as a runtime role", () => {
  interface Sent {
    readonly path: string;
    readonly body: Record<string, unknown>;
  }
  const sent: Sent[] = [];
  const recordingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    sent.push({ path: url.pathname, body: typeof init?.body === "string" ? (JSON.parse(init.body) as Record<string, unknown>) : {} });
    return fetch(input, init);
  };
  const anthropic = (pinVersion: boolean) =>
    new AnthropicBedrock({
      baseURL: emulator.url,
      awsRegion: "us-east-1",
      awsAccessKey: roles.runtime.accessKeyId,
      awsSecretKey: roles.runtime.secretAccessKey,
      awsSessionToken: roles.runtime.sessionToken,
      // Ignore AWS_BEARER_TOKEN_BEDROCK: sign with the role's credentials.
      apiKey: null,
      maxRetries: 0,
      fetch: recordingFetch,
      // The SDK moves its anthropic-version header into the body's anthropic_version; 1.x defaults to
      // 2026-10-21, which the ARN-versioned models on Bedrock do not accept.
      ...(pinVersion ? { defaultHeaders: { "anthropic-version": BEDROCK_VERSION } } : {}),
    });
  const params = { model: PROFILE, max_tokens: 64, messages: [{ role: "user" as const, content: OK_PROMPT }] };

  beforeEach(() => {
    sent.length = 0;
  });

  it("messages.create: InvokeModel with anthropic_version bedrock-2023-05-31", async () => {
    const message = await anthropic(true).messages.create(params);

    expect(message).toMatchObject({ role: "assistant", content: [{ type: "text", text: "OK" }], stop_reason: "end_turn" });
    expect(sent).toEqual([
      { path: `/model/${PROFILE}/invoke`, body: expect.objectContaining({ anthropic_version: BEDROCK_VERSION, max_tokens: 64 }) },
    ]);
    expect(sent[0].body).not.toHaveProperty("model");
  });

  it("messages.stream: InvokeModelWithResponseStream, every event decoded", async () => {
    const stream = anthropic(true).messages.stream(params);
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const message = await stream.finalMessage();

    expect(types).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(message).toMatchObject({
      model: "claude-sonnet-4-6",
      content: [{ type: "text", text: "OK" }],
      stop_reason: "end_turn",
      usage: { input_tokens: expect.any(Number), output_tokens: 1 },
    });
    expect(sent).toEqual([
      { path: `/model/${PROFILE}/invoke-with-response-stream`, body: expect.objectContaining({ anthropic_version: BEDROCK_VERSION }) },
    ]);
  });

  it("unpinned, the SDK sends its default API version, which the ARN-versioned models refuse (400)", async () => {
    await expect(anthropic(false).messages.create(params)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("bedrock-2023-05-31 is the supported version"),
    });
    expect(sent[0].body.anthropic_version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
