import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { EndpointDownReport } from "../../lib/contracts/report";
import { EndpointBreaker } from "../../lib/enablement/aws/breaker";
import { classifyError, isTransient } from "../../lib/enablement/aws/errors";
import { AwsCallError } from "../../lib/enablement/aws/port";
import { SdkEnablementAws, type SdkEnablementAwsOptions } from "../../lib/enablement/aws/sdk-adapter";
import { saveEnv } from "../helpers/env";

/**
 * The adapter against a local server that answers STS and can freeze Bedrock per Region (it accepts a request and never
 * answers): what the run's interruption and a frozen endpoint do to the calls, with the real SDK clients and handler.
 */
const ROLE = "arn:aws:iam::222222222222:role/bedrock/bedrock-first-use";
const ASSUME_ROLE_XML = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>
<AccessKeyId>ASIASANDBOXKEY000001</AccessKeyId><SecretAccessKey>sandbox-secret</SecretAccessKey><SessionToken>sandbox-token</SessionToken>
<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;
const AVAILABLE = JSON.stringify({
  modelId: "anthropic.claude-sonnet-4-6",
  agreementAvailability: { status: "AVAILABLE" },
  authorizationStatus: "AUTHORIZED",
  entitlementAvailability: "AVAILABLE",
  regionAvailability: "AVAILABLE",
});

const restoreEnv = saveEnv([
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_STS",
  "AWS_ENDPOINT_URL_BEDROCK",
  "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
  "AWS_ENDPOINT_URL_BEDROCK_MANTLE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
]);
let server: Server;
/** Bedrock requests signed for these Regions are held unanswered. */
const frozen = new Set<string>();
/** Bedrock requests the server received (answered or held), as "<region> <method> <path>". */
const received: string[] = [];

const regionOf = (req: IncomingMessage): string => /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? "";

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/") {
        res.writeHead(200, { "content-type": "text/xml" }).end(ASSUME_ROLE_XML);
        return;
      }
      received.push(`${regionOf(req)} ${req.method ?? ""} ${req.url ?? ""}`);
      if (frozen.has(regionOf(req))) return;
      res.writeHead(200, { "content-type": "application/json" }).end(AVAILABLE);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: url,
    AWS_ENDPOINT_URL_STS: url,
    AWS_ENDPOINT_URL_BEDROCK: url,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url,
    AWS_ENDPOINT_URL_BEDROCK_MANTLE: url,
    AWS_ACCESS_KEY_ID: "AKIAPIPELINEKEY00001",
    AWS_SECRET_ACCESS_KEY: "pipeline-secret",
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
});

afterAll(async () => {
  restoreEnv();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  frozen.clear();
  received.length = 0;
});

const request = { modelId: "us.anthropic.claude-sonnet-4-6", prompt: "Reply with OK only.", maxTokens: 8 };

async function adapter(options: Partial<SdkEnablementAwsOptions> = {}) {
  const aws = new SdkEnablementAws({ stsRegion: "us-east-1", ...options });
  return { aws, session: await aws.assumeRole(ROLE, "bedrock-org-access-enable-t") };
}

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error("expected a failure"),
    (err: unknown) => err,
  );

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

const elapsed = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e6;

describe("the run's interruption", () => {
  it("abandons the calls in flight at once (InterruptedInFlight), and sends none after it (Interrupted)", async () => {
    const stop = new AbortController();
    const { aws, session } = await adapter({ signal: stop.signal, requestTimeoutMs: 30_000, callTimeoutMs: 120_000 });
    try {
      frozen.add("us-east-1");
      const inFlight = [
        failure(aws.converse(session, "us-east-1", request)),
        failure(aws.createMessage(session, "us-east-1", { ...request, modelId: "anthropic.claude-opus-5" })),
      ];
      await until(() => received.length === 2);

      const started = process.hrtime.bigint();
      stop.abort();
      const errors = await Promise.all(inFlight);

      expect(elapsed(started)).toBeLessThan(500);
      expect(errors.map((e) => [(e as AwsCallError).operation, (e as AwsCallError).code])).toEqual([
        ["converse", "InterruptedInFlight"],
        ["createMessage", "InterruptedInFlight"],
      ]);
      expect(errors.some(isTransient)).toBe(false);
      const later = await failure(aws.getAvailability(session, "eu-west-1", "anthropic.claude-sonnet-4-6"));
      expect(later).toMatchObject({ code: "Interrupted", operation: "getAvailability" });
      expect(received).toHaveLength(2);
    } finally {
      aws.destroy();
    }
  });

  it("reports a first use sent and not answered as unknown, to be read before anything is invoked again", () => {
    const where = {
      accountName: "ci-prod",
      accountId: "222222222222",
      region: "us-east-1",
      invocationId: "us.anthropic.claude-sonnet-4-6",
    };
    const unanswered = new AwsCallError("converse", "InterruptedInFlight", "sent and not answered");

    const firstUse = classifyError(unanswered, { ...where, roleArn: ROLE, roleLabel: "first-use role" });
    const proof = classifyError(unanswered, { ...where, roleLabel: "runtime role" });
    const notSent = classifyError(new AwsCallError("converse", "Interrupted", "not sent"), { ...where, roleLabel: "first-use role" });

    expect(firstUse).toMatchObject({ kind: "interrupted", code: "InterruptedInFlight" });
    expect(firstUse.message).toBe(
      "account ci-prod (222222222222), us-east-1: unknown: the first use of us.anthropic.claude-sonnet-4-6 (converse) was sent and not answered before the run was interrupted, so it may have created the agreement; the next run reads the agreement before invoking",
    );
    expect(proof).toMatchObject({ kind: "interrupted", code: "InterruptedInFlight" });
    expect(proof.message).toMatch(/interrupted while converse was in flight; re-run the command to finish/);
    expect(notSent.message).toMatch(/interrupted before converse was sent/);
  });
});

describe("a frozen endpoint", () => {
  it("is given up after 2 attempts that timed out, with one message; its calls then fail at once, other Regions go on", async () => {
    const told: EndpointDownReport[] = [];
    const breaker = new EndpointBreaker({ onDown: (down) => told.push(down) });
    // Three calls side by side: their first attempts time out together, and the endpoint is down.
    const { aws, session } = await adapter({ breaker, maxAttempts: 3, requestTimeoutMs: 300, callTimeoutMs: 60_000 });
    try {
      frozen.add("us-east-1");
      const started = process.hrtime.bigint();
      const first = await Promise.all([1, 2, 3].map(() => failure(aws.converse(session, "us-east-1", request))));

      expect(elapsed(started)).toBeLessThan(2_000);
      expect(told).toEqual([
        {
          service: "bedrock-runtime",
          region: "us-east-1",
          url: process.env.AWS_ENDPOINT_URL,
          failures: 2,
          lastError: expect.stringMatching(/^TimeoutError: /) as unknown as string,
        },
      ]);
      for (const err of first) expect(err).toBeInstanceOf(AwsCallError);

      const sent = received.length;
      const again = process.hrtime.bigint();
      const later = await failure(aws.converse(session, "us-east-1", request));
      expect(elapsed(again)).toBeLessThan(100);
      expect(later).toMatchObject({ code: "EndpointDown", operation: "converse" });
      expect(isTransient(later)).toBe(false);
      expect(received).toHaveLength(sent);
      expect(classifyError(later, { accountName: "ci-prod", accountId: "222222222222", region: "us-east-1" })).toMatchObject({
        kind: "endpoint-down",
        message: expect.stringMatching(
          /^account ci-prod \(222222222222\), us-east-1: converse failed at once: bedrock-runtime in us-east-1 is down \(2 attempts in a row timed out or could not connect\)\. Fix: re-run when it answers again/,
        ) as unknown as string,
      });

      // The control plane in us-east-1 is another endpoint; eu-west-1 answers.
      await expect(aws.getAvailability(session, "eu-west-1", "anthropic.claude-sonnet-4-6")).resolves.toMatchObject({
        agreement: "AVAILABLE",
      });
      expect(told).toHaveLength(1);
      expect(breaker.down()).toEqual(told);
    } finally {
      aws.destroy();
    }
  });

  it("aborts the calls still waiting on it when it goes down, instead of letting each wait out its own timeouts", async () => {
    const breaker = new EndpointBreaker();
    const { aws, session } = await adapter({ breaker, maxAttempts: 1, requestTimeoutMs: 300, callTimeoutMs: 60_000 });
    try {
      frozen.add("us-east-1");
      // One call with a long idle timeout waits while two short ones time out and take the endpoint down.
      const slow = new SdkEnablementAws({ stsRegion: "us-east-1", breaker, maxAttempts: 1, requestTimeoutMs: 30_000 });
      const slowSession = await slow.assumeRole(ROLE, "bedrock-org-access-enable-t");
      try {
        const waiting = failure(slow.converse(slowSession, "us-east-1", request));
        const started = process.hrtime.bigint();
        await Promise.all([failure(aws.converse(session, "us-east-1", request)), failure(aws.converse(session, "us-east-1", request))]);

        await expect(waiting).resolves.toMatchObject({ code: "EndpointDown" });
        expect(elapsed(started)).toBeLessThan(2_000);
      } finally {
        slow.destroy();
      }
    } finally {
      aws.destroy();
    }
  });
});
