import { MODELS } from "./catalog";
import { MANTLE_MODELS } from "./mantle-catalog";

/**
 * Every model id sold under a Marketplace product, bedrock-runtime's (claude-models.json) then bedrock-mantle's
 * (mantle-models.json): an agreement is per account and product, so it covers them all.
 */
export function modelIdsOfProduct(productId: string): string[] {
  return [...MODELS, ...MANTLE_MODELS].filter((m) => m.productId === productId).map((m) => m.modelId);
}
