import { lazyCommand } from "../../command";
import { preflightFlags } from "./flags";

export const preflightCommand = lazyCommand({
  name: "preflight",
  summary: "Find what would block enable: SCPs, Regions, models, roles",
  description:
    "Per account × region × profile, read-only: the service control policies in effect against every request enable and the roles make, opt-in Regions the account has not enabled, whether Bedrock offers the model in the Region, and whether the pipeline can assume the roles. Exit 1 on any blocking finding.",
  flags: preflightFlags,
  load: (): typeof import("./run") => require("./run"),
});
