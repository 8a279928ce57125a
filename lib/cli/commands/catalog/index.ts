import type { CliCommandGroup } from "../../command";
import { catalogCheckCommand } from "./check";
import { catalogListCommand } from "./list";
import { catalogRefreshCommand } from "./refresh";

/** `bedrock-access catalog refresh|check`: what AWS says about the inference profiles, and whether the policies still match it. */
export const catalogCommands: CliCommandGroup = {
  name: "catalog",
  summary: "List the model catalog, record AWS's routing in a lock file, check drift",
  commands: [catalogListCommand, catalogRefreshCommand, catalogCheckCommand],
};
