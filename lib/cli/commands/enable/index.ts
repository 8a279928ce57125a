import { lazyCommand } from "../../command";
import { enableFlags } from "./flags";

export const enableCommand = lazyCommand({
  name: "enable",
  summary: "Submit the use-case form, create and verify every agreement",
  description: "Submit the Anthropic use-case form, create each model's agreement in every account, and verify it.",
  flags: enableFlags,
  load: (): typeof import("./run") => require("./run"),
});
