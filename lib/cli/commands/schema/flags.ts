import { z } from "zod";
import { flag } from "../../flags";

const DOCUMENTS = ["config", "report", "preflight-report"] as const;
type SchemaDocument = (typeof DOCUMENTS)[number];

/** The documents `schema` describes, each with the file it is committed as. */
export const SCHEMA_FILES: Readonly<Record<SchemaDocument, string>> = {
  config: "schema/bedrock-access.schema.json",
  report: "schema/report.schema.json",
  "preflight-report": "schema/preflight-report.schema.json",
};

export const schemaFlags = z.object({
  of: flag({
    flags: "--of <document>",
    help: `the document: config (bedrock-access.yaml), report (enable and status --report/--json), preflight-report (preflight --report/--json)`,
    default: "config",
    parse: z.enum(DOCUMENTS, { error: `expected one of ${DOCUMENTS.join(", ")}` }),
  }),
});
