import { lazyCommand } from "../../command";
import { SCHEMA_FILES, schemaFlags } from "./flags";

/** `bedrock-access schema`: the JSON Schema of the config or of a report (committed; a test fails when one is stale). */
export const schemaCommand = lazyCommand({
  name: "schema",
  summary: "Write the JSON Schema of bedrock-access.yaml or of a report",
  description:
    "Write the JSON Schema of bedrock-access.yaml (for editor completion and validation), or with --of of the JSON report enable, status or preflight write (--report, --json; docs/json-output.md).",
  flags: schemaFlags,
  arguments: [
    {
      name: "[file]",
      help: `where to write it (default: ${Object.entries(SCHEMA_FILES)
        .map(([document, file]) => `${file} for ${document}`)
        .join(", ")})`,
    },
  ],
  load: (): typeof import("./run") => require("./run"),
});
