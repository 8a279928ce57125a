import { GEOGRAPHIES } from "../../../domain/catalog/models";
import { lazyCommand, type CliCommandGroup } from "../../command";
import { commonFlags } from "../../enablement/options";
import { catalogListFlags, catalogRefreshFlags } from "./flags";

/** `bedrock-access catalog list|refresh|check`: what AWS says about the inference profiles, and whether the policies still match it. */
export const catalogCommands: CliCommandGroup = {
  name: "catalog",
  summary: "List the model catalog, record AWS's routing in a lock file, check drift",
  commands: [
    lazyCommand({
      name: "list",
      summary: "Show the models, their profiles and lifecycle",
      description: `The Claude models this tool knows (lib/domain/catalog/models.ts), each with its profiles (${GEOGRAPHIES.join(", ")}, in-region, and messages: the Messages API on bedrock-mantle; in brackets: how many source regions, or the in-region regions), lifecycle and sources.`,
      flags: catalogListFlags,
      load: (): typeof import("./list") => require("./list"),
    }),
    lazyCommand({
      name: "refresh",
      summary: "Record where AWS routes each profile (lock file)",
      description:
        "In every region the config's accounts use, list Anthropic's foundation models (with their lifecycle) and every system-defined inference profile for them, and read where each profile routes (read-only, with your own credentials: bedrock:ListFoundationModels, bedrock:ListInferenceProfiles and bedrock:GetInferenceProfile). Writes the catalog lock (sorted, stable): synth then grants exactly those destinations, and the config may name a model or profile the lock has and the built-in tables lack. Exit 1, writing nothing, when a configured model or profile does not exist in AWS.",
      flags: catalogRefreshFlags,
      load: (): typeof import("./refresh") => require("./refresh"),
    }),
    lazyCommand({
      name: "check",
      summary: "Exit 1 when a deployed policy misses a destination",
      description:
        "Read-only, like status: per account, region and profile, compare GetInferenceProfile's destinations with the regions the deployed invoke policy grants. Exit 1 on drift (catalog-drift), 0 otherwise. Then lists the Anthropic models and profiles AWS offers in the config's regions that the config does not use (information; with your own credentials: bedrock:ListFoundationModels, bedrock:ListInferenceProfiles).",
      flags: commonFlags,
      load: (): typeof import("./check") => require("./check"),
    }),
  ],
};
