import { z } from "zod";
import { preflightReportSchema } from "./preflight-report";
import { reportSchema } from "./report";

const asWritten = (schema: z.ZodType, title: string, description: string): Record<string, unknown> => ({
  ...z.toJSONSchema(schema, { io: "output", unrepresentable: "any", target: "draft-7" }),
  title,
  description,
});

/** JSON Schema of the report enable and status write (`--report`, `--json`), for whoever reads it. */
export const reportJsonSchema = (): Record<string, unknown> =>
  asWritten(reportSchema, "bedrock-access report", "The report of bedrock-access enable and status (--report, --json).");

/** JSON Schema of the report preflight writes (`--report`, `--json`). */
export const preflightReportJsonSchema = (): Record<string, unknown> =>
  asWritten(preflightReportSchema, "bedrock-access preflight report", "The report of bedrock-access preflight (--report, --json).");
