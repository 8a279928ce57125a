import { accessConfigJsonSchema } from "../../../config/json-schema";
import { preflightReportJsonSchema, reportJsonSchema } from "../../../contracts/json-schemas";
import { writeFileAtomically } from "../../../core/output-files";
import type { CommandRun } from "../../command";
import { ioLogger } from "../../io";
import { SCHEMA_FILES, type schemaFlags } from "./flags";

const SCHEMAS: Record<keyof typeof SCHEMA_FILES, () => Record<string, unknown>> = {
  config: accessConfigJsonSchema,
  report: reportJsonSchema,
  "preflight-report": preflightReportJsonSchema,
};

export const run: CommandRun<typeof schemaFlags> = ({ flags, args }, io) => {
  const target = typeof args[0] === "string" ? args[0] : SCHEMA_FILES[flags.of];
  writeFileAtomically(target, `${JSON.stringify(SCHEMAS[flags.of](), null, 2)}\n`);
  ioLogger(io).info(`wrote ${target}`);
  return Promise.resolve(0);
};
