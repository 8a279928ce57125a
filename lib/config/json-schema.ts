import { z } from "zod";
import { accessConfigSchema } from "./schema";

/** JSON Schema of the config file as written (input side: defaults optional), for editor completion. */
export function accessConfigJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(accessConfigSchema(), { io: "input", unrepresentable: "any", target: "draft-7" }),
    title: "bedrock-access.yaml",
    description: "Access config for bedrock-org-access: accounts, models, use-case form, IAM settings, backend.",
  };
}
