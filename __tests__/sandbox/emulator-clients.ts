import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { Credentials } from "../../sandbox/bedrock-emulator/aws/moto-sessions";

/** SDK clients a suite creates, destroyed together in its afterAll. */
export function clientTracker() {
  const clients: { destroy(): void }[] = [];
  return {
    track<T extends { destroy(): void }>(client: T): T {
      clients.push(client);
      return client;
    },
    destroyAll(): void {
      for (const client of clients.splice(0)) client.destroy();
    },
  };
}

/** A bedrock-runtime client on the emulator, one attempt, over HTTP/1.1 as the project's own adapter uses it. */
export const runtimeClient = (endpoint: string, credentials: Credentials): BedrockRuntimeClient =>
  new BedrockRuntimeClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
