import { createHash } from "node:crypto";
import type { ModelEntry } from "../catalog";

/** A deterministic stand-in for the model: "Reply with OK only." gets "OK"; anything else a fixed sentence. */
export function replyTo(prompt: string, model: Pick<ModelEntry, "modelName">): string {
  if (/^\s*reply with ok only\.?\s*$/i.test(prompt)) return "OK";
  return `Hello from the Bedrock emulator (${model.modelName}).`;
}

/** Roughly four characters a token, at least one: enough for usage figures that move with the input. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A Message id of the form Bedrock gives Claude's answers (`msg_bdrk_…`), derived from the request body. */
export function anthropicMessageId(body: Buffer): string {
  return `msg_bdrk_${createHash("sha256").update(body).digest("hex").slice(0, 24)}`;
}
