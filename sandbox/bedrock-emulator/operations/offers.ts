import type { ModelEntry } from "../catalog";

/** The one public offer the emulator lists per model; the token names the model and offer it belongs to. */
export interface Offer {
  readonly offerId: string;
  readonly offerToken: string;
}

export function publicOffer(model: ModelEntry): Offer {
  const offerId = `offer-${model.productId.replace(/^prod-/, "")}`;
  const offerToken = Buffer.from(JSON.stringify({ v: 1, modelId: model.modelId, offerId })).toString("base64url");
  return { offerId, offerToken };
}

/** The model id an offer token was issued for, or undefined for a token the emulator did not issue. */
export function offerTokenModel(token: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && "modelId" in parsed && typeof parsed.modelId === "string") return parsed.modelId;
  } catch {
    // Not one of ours: reported by the caller as an invalid token.
  }
  return undefined;
}

export function offerTerms(model: ModelEntry) {
  return {
    usageBasedPricingTerm: {
      rateCard: [
        { dimension: "input_tokens", price: "0.003", description: `${model.modelName} input tokens`, unit: "1K tokens" },
        { dimension: "output_tokens", price: "0.015", description: `${model.modelName} output tokens`, unit: "1K tokens" },
      ],
    },
    legalTerm: { url: "https://aws.amazon.com/legal/bedrock/third-party-models/" },
    supportTerm: { refundPolicyDescription: "No refunds for usage-based charges." },
  };
}
