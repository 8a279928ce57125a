import { CLAUDE_MODELS } from "./models";

/** Regions where Bedrock serves Anthropic models (the regions a config may name): every source and in-region region of the catalog. */
export const BEDROCK_REGIONS: readonly string[] = [
  ...new Set(CLAUDE_MODELS.flatMap((model) => [...Object.values(model.profiles).flatMap((p) => p.sourceRegions), ...model.inRegion])),
].sort();

/** Region the Anthropic use-case form is submitted in unless the config says otherwise. */
export const DEFAULT_USE_CASE_REGION = "us-east-1";
