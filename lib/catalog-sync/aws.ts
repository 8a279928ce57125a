import {
  BedrockClient,
  GetInferenceProfileCommand,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  type FoundationModelLifecycle,
} from "@aws-sdk/client-bedrock";
import type { LockedLifecycle } from "../domain/catalog/lock";

/** One Anthropic model as ListFoundationModels lists it in a Region. */
export interface AnthropicModelListing {
  readonly modelId: string;
  readonly modelName: string;
  /** `inferenceTypesSupported` (ON_DEMAND, INFERENCE_PROFILE, PROVISIONED). */
  readonly inferenceTypes: readonly string[];
  readonly lifecycle: LockedLifecycle;
}

/** The read-only calls `catalog refresh` and `catalog check` make, with the caller's own credentials. */
export interface CatalogAws {
  /** The Anthropic foundation models of a Region (ListFoundationModels byProvider=Anthropic; it has no pagination). */
  listAnthropicModels(region: string): Promise<AnthropicModelListing[]>;
  /** Ids of the system-defined inference profiles in a region (ListInferenceProfiles, every page). */
  listSystemProfiles(region: string): Promise<string[]>;
  /** The foundation-model ARNs a profile routes to (GetInferenceProfile `models[].modelArn`). */
  getProfileModels(region: string, profileId: string): Promise<string[]>;
}

/** CatalogAws on the AWS SDK v3: credentials and endpoints from the SDK's default chain and settings. */
export class SdkCatalogAws implements CatalogAws {
  private readonly clients = new Map<string, BedrockClient>();

  async listSystemProfiles(region: string): Promise<string[]> {
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.client(region).send(
        new ListInferenceProfilesCommand({ typeEquals: "SYSTEM_DEFINED", maxResults: 1000, nextToken }),
      );
      for (const summary of out.inferenceProfileSummaries ?? []) if (summary.inferenceProfileId) ids.push(summary.inferenceProfileId);
      nextToken = out.nextToken;
    } while (nextToken);
    return ids;
  }

  async listAnthropicModels(region: string): Promise<AnthropicModelListing[]> {
    const out = await this.client(region).send(new ListFoundationModelsCommand({ byProvider: "Anthropic" }));
    return (out.modelSummaries ?? []).flatMap((m) =>
      m.modelId?.startsWith("anthropic.")
        ? [
            {
              modelId: m.modelId,
              modelName: m.modelName ?? m.modelId,
              inferenceTypes: m.inferenceTypesSupported ?? [],
              lifecycle: lifecycleOf(m.modelLifecycle),
            },
          ]
        : [],
    );
  }

  async getProfileModels(region: string, profileId: string): Promise<string[]> {
    const out = await this.client(region).send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: profileId }));
    return (out.models ?? []).flatMap((model) => (model.modelArn ? [model.modelArn] : []));
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private client(region: string): BedrockClient {
    let client = this.clients.get(region);
    if (!client) this.clients.set(region, (client = new BedrockClient({ region, maxAttempts: 5, retryMode: "adaptive" })));
    return client;
  }
}

const day = (date: Date | undefined) => date?.toISOString().slice(0, 10);

/** botocore FoundationModelLifecycle, dates as YYYY-MM-DD; a missing lifecycle is read as ACTIVE. */
function lifecycleOf(lifecycle: FoundationModelLifecycle | undefined): LockedLifecycle {
  const dates = {
    startOfLife: day(lifecycle?.startOfLifeTime),
    legacy: day(lifecycle?.legacyTime),
    publicExtendedAccess: day(lifecycle?.publicExtendedAccessTime),
    endOfLife: day(lifecycle?.endOfLifeTime),
  };
  return {
    status: lifecycle?.status === "LEGACY" ? "LEGACY" : "ACTIVE",
    ...Object.fromEntries(Object.entries(dates).filter(([, v]) => v !== undefined)),
  };
}
