import { parseProfileId } from "./catalog";

/**
 * Claude models Bedrock serves that this project refuses on purpose, so a config naming one is told why instead of
 * "unknown model". Each id, its requirement and its card are from the newest stored copy of the AWS model card
 * (c2hans/aws-docs @ 3bfec7d57ec638cc49187a7c09571f990f70360e; docs/models.md §2).
 */
interface ModelNotInCatalog {
  readonly id: string;
  readonly name: string;
  /** Why it is refused, from its card. */
  readonly reason: string;
  /** The AWS model card the id and the reason come from. */
  readonly source: string;
}

const card = (slug: string) => `https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-${slug}.html`;

const AWS_REVIEW =
  'its card says "To use this model, you must opt in to AWS review by setting your data retention mode to `aws_review` via the Data Retention API", an account-wide setting this project does not manage';
const GATED =
  "its card says access is gated (a vetted set of organizations, or an invitation) and requires the `provider_data_share` data retention mode";

/** @internal its tests read it */
export const MODELS_NOT_IN_CATALOG: readonly ModelNotInCatalog[] = [
  { id: "anthropic.claude-fable-5-1", name: "Claude Fable 5.1", reason: AWS_REVIEW, source: card("fable-5-1") },
  { id: "anthropic.claude-fable-5", name: "Claude Fable 5", reason: AWS_REVIEW, source: card("fable-5") },
  { id: "anthropic.claude-mythos-5-1", name: "Claude Mythos 5.1", reason: GATED, source: card("mythos-5-1") },
  { id: "anthropic.claude-mythos-5", name: "Claude Mythos 5", reason: GATED, source: card("mythos-5") },
  {
    id: "anthropic.claude-mythos-preview",
    name: "Claude Mythos Preview",
    reason: 'its card says it is "available only as a gated research preview"',
    source: card("mythos-preview"),
  },
];

/** Why `id` cannot be configured, when it is a model Bedrock serves that the catalog refuses (a profile id is matched by its base id). */
export function notInCatalogReason(id: string): string | undefined {
  const base = parseProfileId(id)?.modelId ?? id;
  const model = MODELS_NOT_IN_CATALOG.find((m) => m.id === base);
  if (!model) return undefined;
  return `${model.name} (${model.id}) is served by Bedrock but not supported here: ${model.reason} (${model.source}). See docs/models.md`;
}
