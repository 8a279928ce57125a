import { writeFileSync } from "node:fs";
import { accessConfigJsonSchema } from "../lib/config/json-schema";

/** Writes schema/bedrock-access.schema.json (committed; a test fails when it is stale). */
const target = process.argv[2] ?? "schema/bedrock-access.schema.json";
writeFileSync(target, `${JSON.stringify(accessConfigJsonSchema(), null, 2)}\n`);
process.stderr.write(`wrote ${target}\n`);
