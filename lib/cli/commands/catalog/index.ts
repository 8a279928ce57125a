import type { CliCommandGroup } from "../../command";
import { catalogCheckCommand } from "./check";
import { catalogRefreshCommand } from "./refresh";

/** `bedrock-access catalog refresh|check`: what AWS says about the inference profiles, and whether the policies still match it. */
export const catalogCommands: CliCommandGroup = {
  name: "catalog",
  summary: "Record AWS's profile routing in the lock file; check deployed policies against it",
  commands: [catalogRefreshCommand, catalogCheckCommand],
};
