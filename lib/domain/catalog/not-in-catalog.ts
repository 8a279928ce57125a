/**
 * Claude models Bedrock serves that the catalog (models.ts) does not hold yet, so a config naming one is told why
 * instead of "unknown model". Each id and its card are from docs/models.md §2 (the AWS model cards, read through
 * stored copies, autumn 2026).
 */
export interface ModelNotInCatalog {
  readonly id: string;
  readonly name: string;
  /** The AWS model card the id comes from. */
  readonly source: string;
}

const card = (slug: string) => `https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-${slug}.html`;

export const MODELS_NOT_IN_CATALOG: readonly ModelNotInCatalog[] = [
  { id: "anthropic.claude-fable-5-1", name: "Claude Fable 5.1", source: card("fable-5-1") },
  { id: "anthropic.claude-fable-5", name: "Claude Fable 5", source: card("fable-5") },
  { id: "anthropic.claude-opus-5-5", name: "Claude Opus 5.5", source: card("opus-5-5") },
  { id: "anthropic.claude-opus-5", name: "Claude Opus 5", source: card("opus-5") },
  { id: "anthropic.claude-sonnet-5-5", name: "Claude Sonnet 5.5", source: card("sonnet-5-5") },
  { id: "anthropic.claude-sonnet-5", name: "Claude Sonnet 5", source: card("sonnet-5") },
  { id: "anthropic.claude-haiku-5-5", name: "Claude Haiku 5.5", source: card("haiku-5-5") },
];

/** Why `id` cannot be configured, when it is a model Bedrock serves that the catalog lacks (a profile id is matched by its base id). */
export function notInCatalogReason(id: string): string | undefined {
  const base = id.replace(/^(us|eu|apac|jp|au|global)\./, "");
  const model = MODELS_NOT_IN_CATALOG.find((m) => m.id === base);
  if (!model) return undefined;
  return `${model.name} (${model.id}) is served by Bedrock (${model.source}) but is not in this project's catalog yet: the invoke policy names the model in every destination Region of each profile, and those Regions are not recorded for it. See docs/models.md, and docs/catalog.md "Adding a model or a geography"`;
}
