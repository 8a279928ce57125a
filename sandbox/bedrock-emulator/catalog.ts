/**
 * The emulated service's model and region tables. This is the emulator's model of AWS, kept apart
 * from the project's lib/ on purpose: a bug in the project's catalog must show up as a failure here.
 * The facts live in data/claude-models.json (each model names its public sources); this module
 * validates that file and answers questions about it.
 */
import { z } from "zod";
import rawCatalog from "./data/claude-models.json";
import { checkModelsAndSources } from "./catalog-checks";

const GEOGRAPHIES = ["us", "eu", "apac", "jp", "au", "in", "global"] as const;
export type Geography = (typeof GEOGRAPHIES)[number];
export type GeoGeography = Exclude<Geography, "global">;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const region = z.string().regex(REGION, { error: "expected an AWS Region code such as us-east-1" });
const regionList = (what: string) =>
  z
    .array(region)
    .min(1, { error: `${what}: expected at least one Region` })
    .refine((list) => new Set(list).size === list.length, { error: `${what}: a Region is listed twice` });
const date = z.string().regex(DATE, { error: "expected a date as YYYY-MM-DD" });

/** A geographic profile: for each source Region, the destination Regions AWS lists for it. */
const geoProfileSchema = z.strictObject({
  routes: z.record(region, regionList("destinations")).refine((routes) => Object.keys(routes).length > 0, {
    error: "expected at least one source Region",
  }),
});

/** A global profile: its source Regions; it may route to any commercial Region. */
const globalProfileSchema = z.strictObject({ sourceRegions: regionList("sourceRegions") });

const lifecycleSchema = z
  .strictObject({
    /** What the model card states. */
    status: z.enum(["ACTIVE", "LEGACY"]),
    /** The Legacy schedule from AWS's Model lifecycle page, for the Regions it names. */
    legacy: z
      .strictObject({
        since: date,
        publicExtendedAccess: date.optional(),
        endOfLife: date,
        regions: regionList("legacy.regions"),
      })
      .refine((l) => l.since < l.endOfLife, { error: "legacy.since must come before legacy.endOfLife" })
      .optional(),
  })
  .refine((l) => l.status === "ACTIVE" || l.legacy !== undefined, { error: "a LEGACY model needs its legacy schedule" });

const modelSchema = z.strictObject({
  modelId: z.string().regex(/^anthropic\.[a-z0-9-]+(:\d+)?$/, { error: "expected an anthropic.* base model id" }),
  modelName: z.string().min(1),
  /** Name in Anthropic's own API, returned as `model` by InvokeModel. */
  anthropicModel: z.string().regex(/^claude-[a-z0-9-]+$/, { error: "expected an Anthropic API model name (claude-...)" }),
  productId: z.string().regex(/^prod-/, { error: "expected a Marketplace product id (prod-...)" }),
  lifecycle: lifecycleSchema,
  /** Regions where the base model can be invoked directly; empty for profile-only models. */
  onDemandRegions: z.array(region).refine((list) => new Set(list).size === list.length, { error: "a Region is listed twice" }),
  profiles: z.strictObject({
    us: geoProfileSchema.optional(),
    eu: geoProfileSchema.optional(),
    apac: geoProfileSchema.optional(),
    jp: geoProfileSchema.optional(),
    au: geoProfileSchema.optional(),
    in: geoProfileSchema.optional(),
    global: globalProfileSchema.optional(),
  }),
  /** Ids from the file's `sources`. */
  sources: z.array(z.string().min(1)).min(1, { error: "expected at least one source" }),
  notes: z.array(z.string().min(1)),
});

const catalogFileSchema = z
  .strictObject({
    $comment: z.string().optional(),
    /** When the file was last checked against its sources. */
    asOf: date,
    sources: z.record(z.string().min(1), z.strictObject({ title: z.string().min(1), url: z.url(), read: z.string().min(1) })),
    geographies: z.strictObject({
      us: z.strictObject({ label: z.string().min(1) }),
      eu: z.strictObject({ label: z.string().min(1) }),
      apac: z.strictObject({ label: z.string().min(1) }),
      jp: z.strictObject({ label: z.string().min(1) }),
      au: z.strictObject({ label: z.string().min(1) }),
      in: z.strictObject({ label: z.string().min(1) }),
      global: z.strictObject({ label: z.string().min(1) }),
    }),
    models: z.array(modelSchema).min(1),
  })
  .superRefine((file, ctx) => {
    checkModelsAndSources(file, ctx);
    file.models.forEach((m, i) => {
      const at = (...path: (string | number)[]) => ["models", i, ...path];
      if (Object.keys(m.profiles).length === 0 && m.onDemandRegions.length === 0) {
        ctx.addIssue({ code: "custom", path: at("profiles"), message: `${m.modelId} has neither a profile nor an on-demand Region` });
      }
      for (const g of GEOGRAPHIES) {
        if (g === "global") continue;
        for (const [source, destinations] of Object.entries(m.profiles[g]?.routes ?? {})) {
          if (!destinations.includes(source)) {
            ctx.addIssue({
              code: "custom",
              path: at("profiles", g, "routes", source),
              message: `${g}.${m.modelId}: source Region ${source} is not among its own destinations`,
            });
          }
        }
      }
    });
  });

export type CatalogFile = z.infer<typeof catalogFileSchema>;

/** Validates a catalog document; the error names each bad field. */
export function parseCatalog(input: unknown): CatalogFile {
  const parsed = catalogFileSchema.safeParse(input);
  if (!parsed.success) throw new Error(`invalid emulator catalog: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export interface GeographyEntry {
  readonly label: string;
}

interface GeoProfileEntry {
  /** Source Region -> the destination Regions a request from there may be served in. */
  readonly routes: Readonly<Record<string, readonly string[]>>;
}

interface GlobalProfileEntry {
  readonly sourceRegions: readonly string[];
}

interface LegacySchedule {
  readonly since: string;
  readonly publicExtendedAccess?: string;
  readonly endOfLife: string;
  readonly regions: readonly string[];
}

export interface ModelEntry {
  readonly modelId: string;
  readonly modelName: string;
  readonly providerName: string;
  /** Name in Anthropic's own API, returned as `model` by InvokeModel. */
  readonly anthropicModel: string;
  /**
   * AWS Marketplace product id of the model's offer, the key of its agreements: the id its model card prints. A
   * bedrock-mantle model of the same product shares it (data/mantle-models.json); GET /__emulator/catalog lists them.
   */
  readonly productId: string;
  readonly lifecycle: { readonly status: "ACTIVE" | "LEGACY"; readonly legacy?: LegacySchedule };
  /** Regions where the base model can be invoked directly (on-demand); empty for profile-only models. */
  readonly onDemandRegions: readonly string[];
  /** System-defined inference profiles that exist for the model, by geography. */
  readonly profiles: Readonly<Partial<Record<GeoGeography, GeoProfileEntry>>> & { readonly global?: GlobalProfileEntry };
  /** Whether the model is gated by Anthropic's use-case form (every Anthropic model is). */
  readonly requiresUseCaseForm: boolean;
  readonly sources: readonly string[];
  readonly notes: readonly string[];
}

const CATALOG = parseCatalog(rawCatalog);

export const CATALOG_AS_OF = CATALOG.asOf;
export const CATALOG_SOURCES: CatalogFile["sources"] = CATALOG.sources;
export const GEOGRAPHY: Readonly<Record<Geography, GeographyEntry>> = CATALOG.geographies;

const toEntry = (m: CatalogFile["models"][number]): ModelEntry => ({ ...m, providerName: "Anthropic", requiresUseCaseForm: true });
const FILE_MODELS = CATALOG.models.map(toEntry);
const models: ModelEntry[] = [...FILE_MODELS];

/** The models served: the data file's, then any launched at run time (POST /__emulator/models). */
export const MODELS: readonly ModelEntry[] = models;

/**
 * Serves a model the data file lacks, as AWS does when it launches one (a test's stand-in for "a model AWS lists before
 * our tables do"): validated like a data file entry; its sources are free text. Undone by `forgetLaunchedModels`.
 */
export function launchModel(input: unknown): ModelEntry {
  const parsed = modelSchema.safeParse(input);
  if (!parsed.success) throw new Error(`invalid model: ${z.prettifyError(parsed.error)}`);
  if (findModel(parsed.data.modelId)) throw new Error(`model ${parsed.data.modelId} is already served`);
  const entry = toEntry(parsed.data);
  models.push(entry);
  return entry;
}

export function forgetLaunchedModels(): void {
  models.splice(FILE_MODELS.length);
}

export function findModel(modelId: string): ModelEntry | undefined {
  return MODELS.find((m) => m.modelId === modelId);
}

/** The geographies a model has profiles in, in GEOGRAPHIES order. */
export function profileGeographies(model: ModelEntry): Geography[] {
  return GEOGRAPHIES.filter((g) => model.profiles[g] !== undefined);
}

/** Source Regions a model's profile of one geography can be called from. */
export function profileSourceRegions(model: ModelEntry, geography: Geography): readonly string[] {
  if (geography === "global") return model.profiles.global?.sourceRegions ?? [];
  return Object.keys(model.profiles[geography]?.routes ?? {});
}

/** Destination Regions of a geographic profile as called from `sourceRegion`; undefined when it cannot be called there. */
export function profileDestinations(model: ModelEntry, geography: GeoGeography, sourceRegion: string): readonly string[] | undefined {
  return model.profiles[geography]?.routes[sourceRegion];
}

/** Splits `us.anthropic.claude-...` into geography and model, when both exist and the model has that profile. */
export function parseProfileId(profileId: string): { geography: Geography; model: ModelEntry } | undefined {
  const dot = profileId.indexOf(".");
  if (dot < 0) return undefined;
  const prefix = profileId.slice(0, dot);
  const geography = GEOGRAPHIES.find((g) => g === prefix);
  const model = findModel(profileId.slice(dot + 1));
  if (!geography || !model || model.profiles[geography] === undefined) return undefined;
  return { geography, model };
}

/** Regions in which a model is offered: every source Region of its profiles, plus its on-demand Regions. */
export function modelRegions(model: ModelEntry): readonly string[] {
  const regions = new Set<string>(model.onDemandRegions);
  for (const g of GEOGRAPHIES) for (const r of profileSourceRegions(model, g)) regions.add(r);
  return [...regions].sort();
}

export type LifecycleState = "ACTIVE" | "LEGACY" | "EOL";

const startOfDay = (d: string): number => Date.parse(`${d}T00:00:00Z`);

/**
 * The model's state in a Region at `now` (ms): the Legacy schedule applies to the Regions it names
 * (AWS: "Model lifecycle state can differ by AWS Region"); elsewhere the model is Active.
 */
export function lifecycleIn(model: ModelEntry, region: string, now: number): LifecycleState {
  const legacy = model.lifecycle.legacy;
  if (!legacy || !legacy.regions.includes(region)) return "ACTIVE";
  if (now >= startOfDay(legacy.endOfLife)) return "EOL";
  return now >= startOfDay(legacy.since) ? "LEGACY" : "ACTIVE";
}

/** The `modelLifecycle` Bedrock reports for the model in a Region (botocore's FoundationModelLifecycle). */
export function modelLifecycleJson(model: ModelEntry, region: string, now: number) {
  const state = lifecycleIn(model, region, now);
  const legacy = model.lifecycle.legacy;
  if (state !== "LEGACY" || !legacy) return { status: "ACTIVE" as const };
  return {
    status: "LEGACY" as const,
    legacyTime: new Date(startOfDay(legacy.since)).toISOString(),
    ...(legacy.publicExtendedAccess ? { publicExtendedAccessTime: new Date(startOfDay(legacy.publicExtendedAccess)).toISOString() } : {}),
    endOfLifeTime: new Date(startOfDay(legacy.endOfLife)).toISOString(),
  };
}

/** Whether the model is served in a Region at `now`: offered there and not past its end of life. */
export function servedIn(model: ModelEntry, region: string, now: number): boolean {
  return modelRegions(model).includes(region) && lifecycleIn(model, region, now) !== "EOL";
}
