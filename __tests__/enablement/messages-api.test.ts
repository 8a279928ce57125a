import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isTransient } from "../../lib/enablement/aws/errors";
import { messagesApiEndpoint } from "../../lib/enablement/aws/messages-api";
import { SdkEnablementAws } from "../../lib/enablement/aws/sdk-adapter";
import { saveEnv } from "../helpers/env";

/**
 * The Messages API on bedrock-mantle has no AWS SDK client: SdkEnablementAws signs the request itself. A local server
 * stands in for bedrock-mantle (and for STS), and checks what arrives.
 */
interface Seen {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const ENV_KEYS = [
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_STS",
  "AWS_ENDPOINT_URL_BEDROCK_MANTLE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
] as const;
const restoreEnv = saveEnv(ENV_KEYS);
const seen: Seen[] = [];
type Answer = { status: number; headers?: Record<string, string>; body: unknown };
let answer: Answer = { status: 200, body: {} };
/** Answered first, one each, before `answer`. */
const queued: Answer[] = [];
let server: Server;

const ASSUME_ROLE_XML = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>
<AccessKeyId>ASIAMANTLEKEY0000001</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>mantle-session-token</SessionToken>
<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`;
const MESSAGE = {
  id: "msg_bdrk_01",
  type: "message",
  role: "assistant",
  model: "anthropic.claude-opus-4-8",
  content: [{ type: "text", text: "OK" }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 1 },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (req.url === "/") {
        res.writeHead(200, { "content-type": "text/xml" }).end(ASSUME_ROLE_XML);
        return;
      }
      seen.push({ path: req.url ?? "", headers: req.headers, body });
      const next = queued.shift() ?? answer;
      res.writeHead(next.status, { "content-type": "application/json", ...next.headers }).end(JSON.stringify(next.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_STS: url,
    AWS_ENDPOINT_URL_BEDROCK_MANTLE: url,
    AWS_ACCESS_KEY_ID: "AKIAPIPELINEKEY00001",
    AWS_SECRET_ACCESS_KEY: "pipeline-secret",
  });
  delete process.env.AWS_ENDPOINT_URL;
});

afterAll(async () => {
  restoreEnv();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
  queued.length = 0;
  answer = { status: 200, body: MESSAGE };
});

async function call(region = "eu-west-1") {
  const aws = new SdkEnablementAws({ stsRegion: "us-east-1" });
  try {
    const session = await aws.assumeRole("arn:aws:iam::222222222222:role/bedrock/bedrock-runtime", "t");
    return await aws.createMessage(session, region, { modelId: "anthropic.claude-opus-4-8", prompt: "Reply with OK only.", maxTokens: 8 });
  } finally {
    aws.destroy();
  }
}

describe("the Messages API request", () => {
  it("is a POST to /anthropic/v1/messages, SigV4-signed for bedrock-mantle in the region with the assumed session", async () => {
    const reply = await call();

    expect(reply.text).toBe("OK");
    expect(seen).toHaveLength(1);
    const [{ path, headers, body }] = seen;
    expect(path).toBe("/anthropic/v1/messages");
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAMANTLEKEY0000001\/\d{8}\/eu-west-1\/bedrock-mantle\/aws4_request, SignedHeaders=[^,]*anthropic-version;content-type;host;[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(headers["x-amz-security-token"]).toBe("mantle-session-token");
    expect(headers["anthropic-version"]).toBe("2023-06-01");
    expect(JSON.parse(body)).toEqual({
      model: "anthropic.claude-opus-4-8",
      max_tokens: 8,
      messages: [{ role: "user", content: "Reply with OK only." }],
    });
  });

  it("goes to AWS's bedrock-mantle endpoint of the region unless an endpoint variable says otherwise", () => {
    expect(messagesApiEndpoint("eu-west-1", {})).toBe("https://bedrock-mantle.eu-west-1.api.aws");
    expect(messagesApiEndpoint("eu-west-1", { AWS_ENDPOINT_URL_BEDROCK_MANTLE: "" })).toBe("https://bedrock-mantle.eu-west-1.api.aws");
    expect(messagesApiEndpoint("eu-west-1", { AWS_ENDPOINT_URL: "http://127.0.0.1:9/" })).toBe("http://127.0.0.1:9");
    expect(messagesApiEndpoint("eu-west-1", { AWS_ENDPOINT_URL: "http://a", AWS_ENDPOINT_URL_BEDROCK_MANTLE: "http://b" })).toBe(
      "http://b",
    );
  });
});

/**
 * What AWS does on receipt, written from the SigV4 description (AWS IAM User Guide, "Create a signed AWS API request"),
 * independently of the signer under test: the canonical request from the headers the Authorization header lists, the
 * string to sign, the signing key from the secret key, and the signature.
 */
function expectedSignature(seen: Seen, secretAccessKey: string): string {
  const auth = String(seen.headers.authorization);
  const [, scope, signedHeaders] = /Credential=[^/]+\/([^,]+), SignedHeaders=([^,]+),/.exec(auth) ?? [];
  const [date, region, service] = scope.split("/");
  const hash = (data: string) => createHash("sha256").update(data).digest("hex");
  const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
  const canonicalHeaders = signedHeaders
    .split(";")
    .map((name) => `${name}:${String(seen.headers[name]).trim()}\n`)
    .join("");
  const canonicalRequest = ["POST", seen.path, "", canonicalHeaders, signedHeaders, hash(seen.body)].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", String(seen.headers["x-amz-date"]), scope, hash(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), "aws4_request");
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

describe("the Messages API signature", () => {
  it("is the SigV4 signature AWS would compute for the request, with the assumed session's secret key", async () => {
    await call();

    const [request] = seen;
    expect(String(request.headers.authorization)).toContain(`Signature=${expectedSignature(request, "s")}`);
    expect(String(request.headers.authorization)).not.toContain(`Signature=${expectedSignature(request, "another-secret")}`);
  });
});

describe("a Messages API error", () => {
  it("keeps Anthropic's message and maps permission_error to AccessDeniedException", async () => {
    answer = { status: 403, body: { type: "error", error: { type: "permission_error", message: "User: x is not authorized" } } };

    await expect(call()).rejects.toMatchObject({
      operation: "createMessage",
      code: "AccessDeniedException",
      httpStatus: 403,
      message: "User: x is not authorized",
    });
  });

  it("prefers the x-amzn-errortype header's code when bedrock-mantle sends one", async () => {
    answer = { status: 400, headers: { "x-amzn-errortype": "ValidationException:http://internal" }, body: { message: "bad model" } };

    await expect(call()).rejects.toMatchObject({ code: "ValidationException", message: expect.stringContaining("bad model") });
  });

  it("is attempted again on a transient answer, as the SDK clients' calls are", async () => {
    queued.push({ status: 429, body: { type: "error", error: { type: "rate_limit_error", message: "slow down" } } });

    expect((await call()).text).toBe("OK");
    expect(seen).toHaveLength(2);
  });

  it("treats rate_limit_error and overloaded_error as transient", async () => {
    answer = { status: 429, body: { type: "error", error: { type: "rate_limit_error", message: "slow down" } } };
    const throttled: unknown = await call().catch((e: unknown) => e);
    answer = { status: 529, body: { type: "error", error: { type: "overloaded_error", message: "busy" } } };
    const overloaded: unknown = await call().catch((e: unknown) => e);

    expect(throttled).toMatchObject({ code: "ThrottlingException" });
    expect(isTransient(throttled)).toBe(true);
    expect(overloaded).toMatchObject({ code: "ServiceUnavailableException" });
    expect(isTransient(overloaded)).toBe(true);
  });

  it("falls back on the HTTP status when the answer names no error type", async () => {
    answer = { status: 403, body: { message: "not available for this account" } };

    await expect(call()).rejects.toMatchObject({ code: "AccessDeniedException", httpStatus: 403 });
  });

  it("rejects a 200 answer that is not a Message", async () => {
    answer = { status: 200, body: { output: "something else" } };

    await expect(call()).rejects.toMatchObject({ code: "UnexpectedResponse" });
  });
});
