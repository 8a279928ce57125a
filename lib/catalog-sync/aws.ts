import { BedrockClient, GetInferenceProfileCommand, ListInferenceProfilesCommand } from "@aws-sdk/client-bedrock";

/** The read-only calls `catalog refresh` makes, with the caller's own credentials. */
export interface CatalogAws {
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
