import {
  AccessDeniedException as BedrockAccessDenied,
  BedrockClient,
  CreateFoundationModelAgreementCommand,
  GetFoundationModelAvailabilityCommand,
  GetUseCaseForModelAccessCommand,
  ListFoundationModelAgreementOffersCommand,
  PutUseCaseForModelAccessCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient, ConverseCommand, ThrottlingException } from "@aws-sdk/client-bedrock-runtime";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { AwsCallError } from "../../lib/enablement/aws/port";
import { SdkEnablementAws } from "../../lib/enablement/aws/sdk-adapter";
import { accessKeyId } from "./fake-org";
import { stsAccessDenied } from "./fake-org-sdk";
import { CI_ID, firstUseRole } from "../helpers/fixtures";

const sts = mockClient(STSClient);
const bedrock = mockClient(BedrockClient);
const runtime = mockClient(BedrockRuntimeClient);
const ROLE = firstUseRole(CI_ID);

beforeEach(() => {
  sts.reset();
  bedrock.reset();
  runtime.reset();
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: accessKeyId(7), SecretAccessKey: "s3cr3t", SessionToken: "t0k3n", Expiration: new Date(0) },
  });
});

async function session(aws = new SdkEnablementAws({ stsRegion: "us-east-1" })) {
  return { aws, session: await aws.assumeRole(ROLE, "bedrock-org-access-enable-run1") };
}

describe("SdkEnablementAws", () => {
  it("assumes the role with the run's session name and exposes only a masked key id", async () => {
    const { session: s } = await session();

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: ROLE,
      RoleSessionName: "bedrock-org-access-enable-run1",
      DurationSeconds: 3600,
    });
    expect(s.maskedAccessKeyId).toBe("ASIA…0007");
    expect(JSON.stringify(s)).not.toMatch(/s3cr3t|t0k3n|ASIATESTKEY/);
  });

  it("renews a session shortly before it expires, so a long wait does not fail on expired credentials", async () => {
    sts
      .on(AssumeRoleCommand)
      .resolvesOnce({
        Credentials: { AccessKeyId: accessKeyId(1), SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(Date.now() + 60_000) },
      })
      .resolves({
        Credentials: { AccessKeyId: accessKeyId(2), SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(Date.now() + 3_600_000) },
      });
    const { aws, session: s } = await session();
    const keys: string[] = [];
    bedrock.on(GetFoundationModelAvailabilityCommand).callsFake(async (_input, getClient) => {
      keys.push((await getClient().config.credentials()).accessKeyId);
      return { modelId: "m", agreementAvailability: { status: "PENDING" } };
    });

    await aws.getAvailability(s, "us-east-1", "anthropic.claude-sonnet-4-6");
    await aws.getAvailability(s, "us-east-1", "anthropic.claude-sonnet-4-6");

    expect(s.maskedAccessKeyId).toBe("ASIA…0001");
    expect(keys).toEqual([accessKeyId(2), accessKeyId(2)]);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleSessionName)).toEqual([
      "bedrock-org-access-enable-run1",
      "bedrock-org-access-enable-run1",
    ]);
  });

  it("signs Bedrock calls with the assumed credentials, in the requested region", async () => {
    const { aws, session: s } = await session();
    const seen: { key: string; region: string }[] = [];
    bedrock.on(GetFoundationModelAvailabilityCommand).callsFake(async (_input, getClient) => {
      const client = getClient();
      seen.push({ key: (await client.config.credentials()).accessKeyId, region: await client.config.region() });
      return {
        modelId: "m",
        agreementAvailability: { status: "AVAILABLE" },
        authorizationStatus: "AUTHORIZED",
        entitlementAvailability: "AVAILABLE",
        regionAvailability: "AVAILABLE",
      };
    });

    await aws.getAvailability(s, "eu-west-1", "anthropic.claude-sonnet-4-6");

    expect(seen).toEqual([{ key: accessKeyId(7), region: "eu-west-1" }]);
  });

  it("fails clearly when STS returns no credentials", async () => {
    sts.on(AssumeRoleCommand).resolves({});
    await expect(session()).rejects.toThrow(/AssumeRole .*bedrock-first-use: expected Credentials with AccessKeyId/);
  });

  it("turns service exceptions into AwsCallError with the service's code and the operation", async () => {
    sts.on(AssumeRoleCommand).rejects(stsAccessDenied("not authorized to perform: sts:AssumeRole"));
    const error = await session().catch((err: unknown) => err);

    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({ operation: "assumeRole", code: "AccessDenied", httpStatus: 403 });
  });

  it("reads a never-submitted use-case form (ResourceNotFoundException) as undefined", async () => {
    const { aws, session: s } = await session();
    bedrock.on(GetUseCaseForModelAccessCommand).rejects(new ResourceNotFoundException({ message: "not found", $metadata: {} }));

    await expect(aws.getUseCase(s, "us-east-1")).resolves.toBeUndefined();
  });

  it("passes the form bytes to PutUseCaseForModelAccess untouched", async () => {
    const { aws, session: s } = await session();
    bedrock.on(PutUseCaseForModelAccessCommand).resolves({});
    const bytes = new TextEncoder().encode('{"companyName":"X"}');

    await aws.putUseCase(s, "us-east-1", bytes);

    expect(bedrock).toHaveReceivedCommandWith(PutUseCaseForModelAccessCommand, { formData: bytes });
  });

  it("maps availability and rejects a response without agreementAvailability.status", async () => {
    const { aws, session: s } = await session();
    bedrock
      .on(GetFoundationModelAvailabilityCommand)
      .resolvesOnce({
        modelId: "m",
        agreementAvailability: { status: "ERROR", errorMessage: "payment" },
        authorizationStatus: "AUTHORIZED",
        entitlementAvailability: "NOT_AVAILABLE",
        regionAvailability: "AVAILABLE",
      })
      .resolvesOnce({ modelId: "m" } as never);

    await expect(aws.getAvailability(s, "us-east-1", "m")).resolves.toEqual({
      modelId: "m",
      agreement: "ERROR",
      agreementMessage: "payment",
      authorized: true,
      entitled: false,
      regionAvailable: true,
    });
    await expect(aws.getAvailability(s, "us-east-1", "m")).rejects.toThrow(
      /expected agreementAvailability.status to be one of AVAILABLE, PENDING, NOT_AVAILABLE, ERROR \(got undefined\)/,
    );
  });

  it("sends Converse one user message with the inference settings and returns text and latency", async () => {
    const { aws, session: s } = await session();
    runtime.on(ConverseCommand).resolves({
      output: { message: { role: "assistant", content: [{ text: "OK" }] } },
      stopReason: "end_turn",
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
      metrics: { latencyMs: 321 },
    });

    const reply = await aws.converse(s, "us-east-1", {
      modelId: "us.anthropic.claude-sonnet-4-6",
      prompt: "Reply with OK only.",
      maxTokens: 8,
    });

    expect(reply).toEqual({ text: "OK", latencyMs: 321 });
    expect(runtime).toHaveReceivedCommandWith(ConverseCommand, {
      modelId: "us.anthropic.claude-sonnet-4-6",
      messages: [{ role: "user", content: [{ text: "Reply with OK only." }] }],
      inferenceConfig: { maxTokens: 8 },
    });
  });

  it("keeps the code of runtime exceptions (ThrottlingException) for the retry logic", async () => {
    const { aws, session: s } = await session();
    runtime.on(ConverseCommand).rejects(new ThrottlingException({ message: "slow down", $metadata: { httpStatusCode: 429 } }));

    await expect(aws.converse(s, "us-east-1", { modelId: "x", prompt: "p", maxTokens: 8 })).rejects.toMatchObject({
      code: "ThrottlingException",
      operation: "converse",
    });
  });

  it("lists offers with tokens and creates the agreement with one", async () => {
    const { aws, session: s } = await session();
    bedrock
      .on(ListFoundationModelAgreementOffersCommand)
      .resolves({ modelId: "m", offers: [{ offerId: "o1", offerToken: "tok", termDetails: undefined }] });
    bedrock.on(CreateFoundationModelAgreementCommand).resolves({ modelId: "m" });

    const offers = await aws.listAgreementOffers(s, "us-east-1", "m");
    await aws.createAgreement(s, "us-east-1", "m", offers[0].offerToken);

    expect(offers).toEqual([{ offerId: "o1", offerToken: "tok" }]);
    expect(bedrock).toHaveReceivedCommandWith(ListFoundationModelAgreementOffersCommand, { modelId: "m" });
    expect(bedrock).toHaveReceivedCommandWith(CreateFoundationModelAgreementCommand, { modelId: "m", offerToken: "tok" });
  });

  it("refuses a session it did not create", async () => {
    const aws = new SdkEnablementAws({ stsRegion: "us-east-1" });
    bedrock.on(GetUseCaseForModelAccessCommand).rejects(new BedrockAccessDenied({ message: "x", $metadata: {} }));
    const forged = { roleArn: ROLE, sessionName: "s", maskedAccessKeyId: "ASIA…0000" };

    await expect(aws.getUseCase(forged, "us-east-1")).rejects.toThrow(/not created by this SdkEnablementAws/);
  });
});
