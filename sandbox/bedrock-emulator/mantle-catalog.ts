/**
 * The models the Anthropic Messages API serves on the bedrock-mantle endpoint, and where. The facts live in
 * data/mantle-models.json (each model names its public sources); this module validates that file at start-up, with
 * the link to claude-models.json: a model that names a bedrock-runtime model is the same Marketplace product.
 */
import { z } from "zod";
import { MODELS, type ModelEntry } from "./catalog";
import rawMantle from "./data/mantle-models.json";
import { checkModelsAndSources } from "./catalog-checks";

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const region = z.string().regex(REGION, { error: "expected an AWS Region code such as us-east-1" });

const modelSchema = z.strictObject({
  /** bedrock-mantle's id, sent as the body's `model`: a bare `anthropic.*` id, no geography prefix, no version suffix. */
  modelId: z.string().regex(/^anthropic\.[a-z0-9-]+$/, { error: "expected a bare anthropic.* model id (no prefix, no :version)" }),
  modelName: z.string().min(1),
  productId: z.string().regex(/^prod-[a-z0-9]+$/, { error: "expected a Marketplace product id (prod-...)" }),
  /** The same model's bedrock-runtime id in claude-models.json, when that file has it. */
  bedrockRuntimeModelId: z.string().min(1).optional(),
  /** The card's bedrock-mantle In-Region table. */
  inRegion: z
    .array(region)
    .min(1, { error: "inRegion: expected at least one Region" })
    .refine((list) => new Set(list).size === list.length, { error: "inRegion: a Region is listed twice" }),
  /** false: the model refuses `temperature` (the Opus 4.7 card: no longer supported from Opus 4.7 on). @default true */
  samplingParameters: z.boolean().optional(),
  sources: z.array(z.string().min(1)).min(1, { error: "expected at least one source" }),
  notes: z.array(z.string().min(1)),
});

function mantleFileSchema(runtimeModels: readonly Pick<ModelEntry, "modelId" | "productId">[]) {
  return z
    .strictObject({
      $comment: z.string().optional(),
      asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected a date as YYYY-MM-DD" }),
      sources: z.record(z.string().min(1), z.strictObject({ title: z.string().min(1), url: z.url(), read: z.string().min(1) })),
      models: z.array(modelSchema).min(1),
      notes: z.array(z.string().min(1)),
    })
    .superRefine((file, ctx) => {
      checkModelsAndSources(file, ctx);
      file.models.forEach((m, i) => {
        const at = (...path: (string | number)[]) => ["models", i, ...path];
        // One product, one agreement: the link must be declared, and both files must agree on the product id.
        const linked = m.bedrockRuntimeModelId === undefined ? undefined : runtimeModels.find((r) => r.modelId === m.bedrockRuntimeModelId);
        if (m.bedrockRuntimeModelId !== undefined && !linked) {
          ctx.addIssue({
            code: "custom",
            path: at("bedrockRuntimeModelId"),
            message: `${m.bedrockRuntimeModelId} is not a model of claude-models.json`,
          });
        } else if (linked && linked.productId !== m.productId) {
          ctx.addIssue({
            code: "custom",
            path: at("productId"),
            message: `${m.modelId} is sold as ${m.productId} but its bedrock-runtime model ${linked.modelId} as ${linked.productId}`,
          });
        }
        const sharing = runtimeModels.find((r) => r.productId === m.productId && r.modelId !== m.bedrockRuntimeModelId);
        if (sharing) {
          ctx.addIssue({
            code: "custom",
            path: at("bedrockRuntimeModelId"),
            message: `${m.modelId} has the product id of ${sharing.modelId} (claude-models.json): name it as bedrockRuntimeModelId`,
          });
        }
      });
    });
}

export type MantleCatalogFile = z.infer<ReturnType<typeof mantleFileSchema>>;
export type MantleModelEntry = MantleCatalogFile["models"][number];

/** Validates a bedrock-mantle model document against the bedrock-runtime models; the error names each bad field. */
export function parseMantleCatalog(
  input: unknown,
  runtimeModels: readonly Pick<ModelEntry, "modelId" | "productId">[] = MODELS,
): MantleCatalogFile {
  const parsed = mantleFileSchema(runtimeModels).safeParse(input);
  if (!parsed.success) throw new Error(`invalid emulator bedrock-mantle catalog: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const MANTLE_CATALOG = parseMantleCatalog(rawMantle);

export const MANTLE_AS_OF = MANTLE_CATALOG.asOf;
export const MANTLE_SOURCES: MantleCatalogFile["sources"] = MANTLE_CATALOG.sources;
export const MANTLE_NOTES: readonly string[] = MANTLE_CATALOG.notes;
export const MANTLE_MODELS: readonly MantleModelEntry[] = MANTLE_CATALOG.models;

export function findMantleModel(modelId: string): MantleModelEntry | undefined {
  return MANTLE_MODELS.find((m) => m.modelId === modelId);
}
