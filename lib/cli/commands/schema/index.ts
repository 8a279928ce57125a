import { accessConfigJsonSchema } from "../../../config/json-schema";
import { writeFileAtomically } from "../../../core/output-files";
import type { CliCommand } from "../../command";
import { ioLogger } from "../../io";

/** `bedrock-access schema`: the config's JSON Schema (committed; a test fails when it is stale). */
export const schemaCommand: CliCommand = {
  name: "schema",
  summary: "Write the JSON Schema of bedrock-access.yaml",
  description: "Write the JSON Schema of bedrock-access.yaml (for editor completion and validation).",
  define: (command) => command.argument("[file]", "where to write it", "schema/bedrock-access.schema.json"),
  run: ({ args }, io) => {
    const target = String(args[0]);
    writeFileAtomically(target, `${JSON.stringify(accessConfigJsonSchema(), null, 2)}\n`);
    ioLogger(io).info(`wrote ${target}`);
    return Promise.resolve(0);
  },
};
