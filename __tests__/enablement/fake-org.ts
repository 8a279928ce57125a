import {
  BedrockClient,
  ConflictException,
  CreateFoundationModelAgreementCommand,
  GetFoundationModelAvailabilityCommand,
  GetUseCaseForModelAccessCommand,
  ListFoundationModelAgreementOffersCommand,
  PutUseCaseForModelAccessCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-bedrock";
import { AccessDeniedException, BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { AssumeRoleCommand, STSClient, STSServiceException } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import type { AwsClientStub } from "aws-sdk-client-mock";
import type { AgreementStatus } from "../../lib/domain/agreement";

type ClientOf = () => { config: { credentials: () => Promise<AwsCredentialIdentity>; region: () => Promise<string> } };

export const SECRET_MARK = "DO-NOT-PRINT";

/** `ASIA` + 16: the shape STS gives temporary key ids. */
export const accessKeyId = (n: number): string => `ASIA${"TESTKEY".padEnd(12, "X")}${String(n).padStart(4, "0")}`;

export const stsAccessDenied = (message: string): STSServiceException =>
  new STSServiceException({ name: "AccessDenied", $fault: "client", message, $metadata: { httpStatusCode: 403 } });

/**
 * An Organization behind the mocked SDK clients: STS hands out sessions, Bedrock keeps one agreement
 * per (account, region, model), the first Converse by a role with Marketplace permissions starts it,
 * and it turns AVAILABLE after `pendingPolls` availability checks.
 */
export class FakeOrg {
  form: Uint8Array | undefined;
  readonly agreements = new Map<string, AgreementStatus>();
  readonly deniedRoles = new Set<string>();
  /** Roles that may subscribe (the first-use roles). */
  readonly marketplaceRoles = new Set<string>();
  pendingPolls = 1;
  /** In-flight Bedrock calls per account, and the most seen at once. */
  readonly inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();
  /** First and last Bedrock call of each account, on one global sequence: overlapping windows ran concurrently. */
  readonly windows = new Map<string, { start: number; end: number }>();
  converseLatencyMs = 420;
  private seq = 0;
  private readonly polls = new Map<string, number>();
  private readonly sessions = new Map<string, string>();
  private keys = 0;

  constructor(
    private readonly sts: AwsClientStub<STSClient>,
    private readonly bedrock: AwsClientStub<BedrockClient>,
    private readonly runtime: AwsClientStub<BedrockRuntimeClient>
  ) {}

  static key(account: string, region: string, modelId: string): string {
    return `${account}|${region}|${modelId}`;
  }

  setAll(status: AgreementStatus, keys: readonly string[]): void {
    for (const key of keys) this.agreements.set(key, status);
  }

  install(): this {
    this.sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
      if (this.deniedRoles.has(input.RoleArn)) {
        throw stsAccessDenied(
          `User: arn:aws:sts::111111111111:assumed-role/platform-pipeline/x is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`
        );
      }
      const id = accessKeyId(++this.keys);
      this.sessions.set(id, input.RoleArn);
      return {
        Credentials: {
          AccessKeyId: id,
          SecretAccessKey: `secret-${this.keys}-${SECRET_MARK}-abcdefghijklmnopqrstuvwxyz`,
          SessionToken: `token-${this.keys}-${SECRET_MARK}-zyxwvutsrqponmlkjihgfedcba`,
          Expiration: new Date(Date.UTC(2025, 0, 2, 4, 4, 5)),
        },
      };
    });
    this.bedrock.on(GetUseCaseForModelAccessCommand).callsFake(async () => {
      if (!this.form) throw new ResourceNotFoundException({ message: "No use case found", $metadata: {} });
      return { formData: this.form };
    });
    this.bedrock.on(PutUseCaseForModelAccessCommand).callsFake(async (input: { formData: Uint8Array }) => {
      this.form = input.formData;
      return {};
    });
    this.bedrock.on(GetFoundationModelAvailabilityCommand).callsFake((input: { modelId: string }, getClient: ClientOf) =>
      this.track(getClient, async ({ account, region }) => {
        const key = FakeOrg.key(account, region, input.modelId);
        let status = this.agreements.get(key) ?? "NOT_AVAILABLE";
        if (status === "PENDING") {
          const polls = (this.polls.get(key) ?? 0) + 1;
          this.polls.set(key, polls);
          if (polls > this.pendingPolls) this.agreements.set(key, (status = "AVAILABLE"));
        }
        return {
          modelId: input.modelId,
          agreementAvailability: { status },
          authorizationStatus: "AUTHORIZED",
          entitlementAvailability: this.form ? "AVAILABLE" : "NOT_AVAILABLE",
          regionAvailability: "AVAILABLE",
        };
      })
    );
    this.bedrock.on(ListFoundationModelAgreementOffersCommand).callsFake(async (input: { modelId: string }) => ({
      modelId: input.modelId,
      offers: [{ offerId: "offer-1", offerToken: `offer-token-${input.modelId}` }],
    }));
    this.bedrock.on(CreateFoundationModelAgreementCommand).callsFake((input: { modelId: string }, getClient: ClientOf) =>
      this.track(getClient, async ({ account, region }) => {
        const key = FakeOrg.key(account, region, input.modelId);
        if (this.agreements.has(key)) throw new ConflictException({ message: "Agreement already exists", $metadata: {} });
        this.agreements.set(key, "PENDING");
        return { modelId: input.modelId };
      })
    );
    this.runtime.on(ConverseCommand).callsFake((input: { modelId: string }, getClient: ClientOf) =>
      this.track(getClient, async ({ account, region, roleArn }) => {
        const modelId = input.modelId.replace(/^(us|eu|apac|global)\./, "");
        const key = FakeOrg.key(account, region, modelId);
        if (!this.agreements.has(key) || this.agreements.get(key) === "NOT_AVAILABLE") {
          if (!this.marketplaceRoles.has(roleArn)) {
            throw new AccessDeniedException({
              message: `Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.`,
              $metadata: {},
            });
          }
          this.agreements.set(key, "PENDING");
        }
        return {
          output: { message: { role: "assistant", content: [{ text: "OK" }] } },
          stopReason: "end_turn",
          usage: { inputTokens: 12, outputTokens: 1, totalTokens: 13 },
          metrics: { latencyMs: this.converseLatencyMs },
        };
      })
    );
    return this;
  }

  /** Resolves the caller (from the client's credentials) and counts the call as in flight in its account. */
  private track<T>(getClient: ClientOf, fn: (caller: { account: string; region: string; roleArn: string }) => Promise<T>): Promise<T> {
    const client = getClient();
    return (async () => {
      const credentials = await client.config.credentials();
      const region = await client.config.region();
      const roleArn = this.sessions.get(credentials.accessKeyId) ?? "unknown";
      const account = roleArn.split(":")[4];
      const window = this.windows.get(account) ?? { start: ++this.seq, end: 0 };
      this.windows.set(account, window);
      const now = (this.inFlight.get(account) ?? 0) + 1;
      this.inFlight.set(account, now);
      this.maxInFlight.set(account, Math.max(now, this.maxInFlight.get(account) ?? 0));
      try {
        await new Promise((resolve) => setImmediate(resolve));
        return await fn({ account, region, roleArn });
      } finally {
        this.inFlight.set(account, (this.inFlight.get(account) ?? 1) - 1);
        window.end = ++this.seq;
      }
    })();
  }
}
