import { z } from "zod";
import { lazyCommand } from "../../command";

/** `bedrock-access schema`: the config's JSON Schema (committed; a test fails when it is stale). */
export const schemaCommand = lazyCommand({
  name: "schema",
  summary: "Write the JSON Schema of bedrock-access.yaml",
  description: "Write the JSON Schema of bedrock-access.yaml (for editor completion and validation).",
  flags: z.object({}),
  arguments: [{ name: "[file]", help: "where to write it", default: "schema/bedrock-access.schema.json" }],
  load: (): typeof import("./run") => require("./run"),
});
