import { lazyCommand } from "../../command";
import { statusFlags } from "./flags";

export const statusCommand = lazyCommand({
  name: "status",
  summary: "Show the use-case form and every agreement; changes nothing",
  description: "Show the use-case form and every profile's agreement, per account; changes nothing.",
  flags: statusFlags,
  load: (): typeof import("./run") => require("./run"),
});
