import {
  BedrockClient,
  BedrockServiceException,
  CreateFoundationModelAgreementCommand,
  GetInferenceProfileCommand,
  GetFoundationModelAvailabilityCommand,
  GetUseCaseForModelAccessCommand,
  ListFoundationModelAgreementOffersCommand,
  ListFoundationModelsCommand,
  PutUseCaseForModelAccessCommand,
  ResourceNotFoundException,
  type GetFoundationModelAvailabilityCommandOutput,
  type GetUseCaseForModelAccessCommandOutput,
  type ListFoundationModelAgreementOffersCommandOutput,
} from "@aws-sdk/client-bedrock";
import {
  BedrockRuntimeClient,
  BedrockRuntimeServiceException,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
  type ConverseCommandInput,
  type ConverseCommandOutput,
} from "@aws-sdk/client-bedrock-runtime";
import { AssumeRoleCommand, STSClient, STSServiceException, type AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { AwsCallError, type ConverseRequest, type RoleSession } from "../../lib/enablement/aws/port";
import { CI_ID, firstUseRole, RESEARCH_ID } from "../helpers/fixtures";
import { FakeOrg } from "./fake-org";

type ServiceException = typeof STSServiceException | typeof BedrockServiceException | typeof BedrockRuntimeServiceException;
type ClientOf = () => { config: { credentials: () => Promise<AwsCredentialIdentity>; region: () => Promise<string> } };
type Output<T> = Omit<T, "$metadata">;

export interface SdkMocks {
  readonly sts: AwsClientStub<STSClient>;
  readonly bedrock: AwsClientStub<BedrockClient>;
  readonly runtime: AwsClientStub<BedrockRuntimeClient>;
}

/** The service exception SdkEnablementAws turns back into `err`: the code as its name, the HTTP status in $metadata. */
export function sdkException(Service: ServiceException, err: AwsCallError): Error {
  return new Service({
    name: err.code,
    $fault: (err.httpStatus ?? 400) >= 500 ? "server" : "client",
    message: err.message,
    $metadata: { httpStatusCode: err.httpStatus },
  });
}

export const stsAccessDenied = (message: string): Error =>
  sdkException(STSServiceException, new AwsCallError("assumeRole", "AccessDenied", message, 403));

/**
 * FakeOrg behind mocked SDK clients, for tests that run SdkEnablementAws end to end: each command is
 * answered by the FakeOrg, and its AwsCallError goes back as the SDK exception the adapter maps to it.
 */
/** The fixture's two runtime accounts, whose first-use roles may subscribe, as a new FakeOrg behind freshly reset mocks. */
export function fixtureOrgOverSdkMocks(mocks: SdkMocks): FakeOrg {
  mocks.sts.reset();
  mocks.bedrock.reset();
  mocks.runtime.reset();
  const org = new FakeOrg();
  org.marketplaceRoles.add(firstUseRole(CI_ID)).add(firstUseRole(RESEARCH_ID));
  serveOverSdkMocks(org, mocks);
  return org;
}

function serveOverSdkMocks(org: FakeOrg, { sts, bedrock, runtime }: SdkMocks): void {
  /** Sessions by access key id: the mocked clients know their caller by the credentials they sign with. */
  const sessions = new Map<string, RoleSession>();
  const caller = async (getClient: ClientOf): Promise<{ session: RoleSession; region: string }> => {
    const client = getClient();
    const { accessKeyId } = await client.config.credentials();
    const session = sessions.get(accessKeyId);
    if (!session) throw new Error(`no session for access key ${accessKeyId}`);
    return { session, region: await client.config.region() };
  };
  const answer = <T>(Service: ServiceException, fn: () => Promise<T>): Promise<T> =>
    fn().catch((err: unknown) => {
      throw err instanceof AwsCallError ? sdkException(Service, err) : err;
    });

  sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string; RoleSessionName: string }) =>
    answer(STSServiceException, async (): Promise<Output<AssumeRoleCommandOutput>> => {
      const session = await org.assumeRole(input.RoleArn, input.RoleSessionName);
      const c = org.credentialsOf(session);
      sessions.set(c.accessKeyId, session);
      return {
        Credentials: {
          AccessKeyId: c.accessKeyId,
          SecretAccessKey: c.secretAccessKey,
          SessionToken: c.sessionToken,
          Expiration: c.expiration,
        },
      };
    }),
  );
  bedrock.on(GetUseCaseForModelAccessCommand).callsFake((_input: unknown, getClient: ClientOf) =>
    answer(BedrockServiceException, async (): Promise<Output<GetUseCaseForModelAccessCommandOutput>> => {
      const { session, region } = await caller(getClient);
      const formData = await org.getUseCase(session, region);
      if (!formData) throw new ResourceNotFoundException({ message: "No use case found", $metadata: {} });
      return { formData };
    }),
  );
  bedrock.on(PutUseCaseForModelAccessCommand).callsFake((input: { formData: Uint8Array }, getClient: ClientOf) =>
    answer(BedrockServiceException, async () => {
      const { session, region } = await caller(getClient);
      await org.putUseCase(session, region, input.formData);
      return {};
    }),
  );
  bedrock.on(GetFoundationModelAvailabilityCommand).callsFake((input: { modelId: string }, getClient: ClientOf) =>
    answer(BedrockServiceException, async (): Promise<Output<GetFoundationModelAvailabilityCommandOutput>> => {
      const { session, region } = await caller(getClient);
      const a = await org.getAvailability(session, region, input.modelId);
      return {
        modelId: a.modelId,
        agreementAvailability: { status: a.agreement, ...(a.agreementMessage && { errorMessage: a.agreementMessage }) },
        authorizationStatus: a.authorized ? "AUTHORIZED" : "NOT_AUTHORIZED",
        entitlementAvailability: a.entitled ? "AVAILABLE" : "NOT_AVAILABLE",
        regionAvailability: a.regionAvailable ? "AVAILABLE" : "NOT_AVAILABLE",
      };
    }),
  );
  bedrock.on(ListFoundationModelAgreementOffersCommand).callsFake((input: { modelId: string }, getClient: ClientOf) =>
    answer(BedrockServiceException, async (): Promise<Output<ListFoundationModelAgreementOffersCommandOutput>> => {
      const { session, region } = await caller(getClient);
      const offers = await org.listAgreementOffers(session, region, input.modelId);
      return { modelId: input.modelId, offers: offers.map((o) => ({ ...o, termDetails: undefined })) };
    }),
  );
  bedrock.on(CreateFoundationModelAgreementCommand).callsFake((input: { modelId: string; offerToken: string }, getClient: ClientOf) =>
    answer(BedrockServiceException, async () => {
      const { session, region } = await caller(getClient);
      await org.createAgreement(session, region, input.modelId, input.offerToken);
      return { modelId: input.modelId };
    }),
  );
  bedrock.on(GetInferenceProfileCommand).callsFake((input: { inferenceProfileIdentifier: string }, getClient: ClientOf) =>
    answer(BedrockServiceException, async () => {
      const { session, region } = await caller(getClient);
      const arns = await org.getInferenceProfile(session, region, input.inferenceProfileIdentifier);
      return { inferenceProfileId: input.inferenceProfileIdentifier, models: arns.map((modelArn) => ({ modelArn })) };
    }),
  );
  bedrock.on(ListFoundationModelsCommand).callsFake((input: { byProvider?: string }, getClient: ClientOf) =>
    answer(BedrockServiceException, async () => {
      const { session, region } = await caller(getClient);
      const ids = await org.listFoundationModels(session, region, input.byProvider ?? "");
      return { modelSummaries: ids.map((modelId) => ({ modelId, modelArn: `arn:aws:bedrock:${region}::foundation-model/${modelId}` })) };
    }),
  );
  runtime.on(ConverseCommand).callsFake((input: ConverseCommandInput, getClient: ClientOf) =>
    answer(BedrockRuntimeServiceException, async (): Promise<Output<ConverseCommandOutput>> => {
      const { session, region } = await caller(getClient);
      const reply = await org.converse(session, region, converseRequestOf(input));
      return {
        output: { message: { role: "assistant", content: [{ text: reply.text }] } },
        stopReason: "end_turn",
        usage: { inputTokens: 12, outputTokens: 1, totalTokens: 13 },
        metrics: { latencyMs: reply.latencyMs },
      };
    }),
  );
  runtime.on(ConverseStreamCommand).callsFake((input: ConverseStreamCommandInput, getClient: ClientOf) =>
    answer(BedrockRuntimeServiceException, async () => {
      const { session, region } = await caller(getClient);
      const reply = await org.converseStream(session, region, converseRequestOf(input));
      async function* events() {
        yield { messageStart: { role: "assistant" as const } };
        yield { contentBlockDelta: { contentBlockIndex: 0, delta: { text: reply.text } } };
        yield { messageStop: { stopReason: "end_turn" as const } };
        yield { metadata: { usage: { inputTokens: 12, outputTokens: 1, totalTokens: 13 }, metrics: { latencyMs: reply.latencyMs ?? 0 } } };
      }
      return { stream: events() };
    }),
  );
}

/** What the port's converse/converseStream receive, from the SDK command's input. */
function converseRequestOf(input: ConverseCommandInput | ConverseStreamCommandInput): ConverseRequest {
  return {
    modelId: input.modelId ?? "",
    prompt: input.messages?.[0]?.content?.[0]?.text ?? "",
    maxTokens: input.inferenceConfig?.maxTokens ?? 0,
  };
}
