import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isTransient } from "../../lib/enablement/aws/errors";
import { AwsCallError } from "../../lib/enablement/aws/port";
import { SdkEnablementAws } from "../../lib/enablement/aws/sdk-adapter";
import { saveEnv } from "../helpers/env";

/**
 * No SDK mocks here: a local HTTP server stands in for the sandbox, and the SDK's standard endpoint
 * variables must send every call there, signed with the assumed role's credentials.
 */
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly authorization: string;
}

const ENV_KEYS = [
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_STS",
  "AWS_ENDPOINT_URL_BEDROCK",
  "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
] as const;
const restoreEnv = saveEnv(ENV_KEYS);
const seen: Seen[] = [];
let server: Server;
let url: string;

const ASSUME_ROLE_XML = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>ASIASANDBOXKEY000001</AccessKeyId>
      <SecretAccessKey>sandbox-secret</SecretAccessKey>
      <SessionToken>sandbox-token</SessionToken>
      <Expiration>2030-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser><Arn>arn:aws:sts::222222222222:assumed-role/bedrock-first-use/s</Arn><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId></AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;

function respond(req: IncomingMessage): { type: string; body: string } {
  if (req.method === "POST" && req.url === "/") return { type: "text/xml", body: ASSUME_ROLE_XML };
  if (req.url?.startsWith("/foundation-model-availability/")) {
    return {
      type: "application/json",
      body: JSON.stringify({
        modelId: "anthropic.claude-sonnet-4-6",
        agreementAvailability: { status: "AVAILABLE" },
        authorizationStatus: "AUTHORIZED",
        entitlementAvailability: "AVAILABLE",
        regionAvailability: "AVAILABLE",
      }),
    };
  }
  return {
    type: "application/json",
    body: JSON.stringify({
      output: { message: { role: "assistant", content: [{ text: "OK" }] } },
      stopReason: "end_turn",
      usage: {},
      metrics: { latencyMs: 5 },
    }),
  };
}

/** While set, the server accepts Converse requests and never answers them (a frozen endpoint). */
let frozen = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (frozen && req.url?.endsWith("/converse")) return;
      seen.push({ method: req.method ?? "", path: req.url ?? "", authorization: String(req.headers.authorization ?? "") });
      const { type, body } = respond(req);
      res.writeHead(200, { "content-type": type });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_STS: url,
    AWS_ENDPOINT_URL_BEDROCK: url,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url,
    AWS_ACCESS_KEY_ID: "AKIAPIPELINEKEY00001",
    AWS_SECRET_ACCESS_KEY: "pipeline-secret",
  });
  delete process.env.AWS_ENDPOINT_URL;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
});

afterAll(async () => {
  restoreEnv();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it("sends STS, Bedrock and Bedrock Runtime calls to AWS_ENDPOINT_URL_<SERVICE>, signed with the assumed session", async () => {
  const aws = new SdkEnablementAws({ stsRegion: "us-east-1", maxAttempts: 1 });
  try {
    const session = await aws.assumeRole("arn:aws:iam::222222222222:role/bedrock-first-use", "bedrock-org-access-enable-t");
    const availability = await aws.getAvailability(session, "us-east-1", "anthropic.claude-sonnet-4-6");
    const reply = await aws.converse(session, "us-east-1", {
      modelId: "us.anthropic.claude-sonnet-4-6",
      prompt: "Reply with OK only.",
      maxTokens: 8,
    });

    expect(availability.agreement).toBe("AVAILABLE");
    expect(reply.text).toBe("OK");
  } finally {
    aws.destroy();
  }

  expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
    "POST /",
    "GET /foundation-model-availability/anthropic.claude-sonnet-4-6",
    "POST /model/us.anthropic.claude-sonnet-4-6/converse",
  ]);
  expect(seen[0].authorization).toContain("Credential=AKIAPIPELINEKEY00001/");
  expect(seen[1].authorization).toContain("Credential=ASIASANDBOXKEY000001/");
  expect(seen[2].authorization).toContain("Credential=ASIASANDBOXKEY000001/");
});

describe("a network that fails", () => {
  const converse = (aws: SdkEnablementAws) =>
    aws.assumeRole("arn:aws:iam::222222222222:role/bedrock-first-use", "bedrock-org-access-enable-t").then((session) =>
      aws.converse(session, "us-east-1", {
        modelId: "us.anthropic.claude-sonnet-4-6",
        prompt: "Reply with OK only.",
        maxTokens: 8,
      }),
    );

  it("ends a call to a frozen endpoint at the request timeout, as a transient error", async () => {
    frozen = true;
    const aws = new SdkEnablementAws({ stsRegion: "us-east-1", maxAttempts: 1, requestTimeoutMs: 300 });
    try {
      const err: unknown = await converse(aws).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AwsCallError);
      expect(isTransient(err)).toBe(true);
    } finally {
      frozen = false;
      aws.destroy();
    }
  });

  it("abandons a call at its deadline even while the SDK is still retrying, as a transient CallTimeout", async () => {
    frozen = true;
    // Three attempts of 2 s each would take 6 s; the call's deadline is 500 ms.
    const aws = new SdkEnablementAws({ stsRegion: "us-east-1", maxAttempts: 3, requestTimeoutMs: 2_000, callTimeoutMs: 500 });
    try {
      const started = process.hrtime.bigint();
      const err: unknown = await converse(aws).catch((e: unknown) => e);
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      expect(err).toMatchObject({ code: "CallTimeout", operation: "converse" });
      expect(isTransient(err)).toBe(true);
      expect(elapsedMs).toBeLessThan(1_900);
    } finally {
      frozen = false;
      aws.destroy();
    }
  });

  it("classifies a refused connection as transient, with its network code", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    process.env.AWS_ENDPOINT_URL_STS = `http://127.0.0.1:${port}`;
    const aws = new SdkEnablementAws({ stsRegion: "us-east-1", maxAttempts: 1 });
    try {
      const err: unknown = await aws.assumeRole("arn:aws:iam::222222222222:role/bedrock-first-use", "s").catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "ECONNREFUSED" });
      expect(isTransient(err)).toBe(true);
    } finally {
      process.env.AWS_ENDPOINT_URL_STS = url;
      aws.destroy();
    }
  });
});
