import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { reportJsonSchema } from "../../lib/contracts/json-schemas";
import { inlineCode, tableCells } from "../helpers/markdown";

/** docs/enablement.md's `error.kind` table lists exactly the failure kinds a report can hold: each has its own fix. */
const PROJECT = resolve(__dirname, "..", "..");
const enablementDoc = readFileSync(join(PROJECT, "docs", "enablement.md"), "utf8");

/** The `error.kind` values of the report's JSON Schema: the enum `failureSchema.kind` renders to. */
function reportFailureKinds(): string[] {
  const enums: string[][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      const { enum: values } = node as { enum?: unknown };
      if (Array.isArray(values) && values.includes("assume-role-denied"))
        enums.push(values.filter((v): v is string => typeof v === "string"));
      Object.values(node).forEach(walk);
    }
  };
  walk(reportJsonSchema());
  return [...new Set(enums.flat())].sort();
}

/** The kinds the first column of the table under the `| \`error.kind\` |` header names. */
function documentedKinds(text: string): string[] {
  const lines = text.split("\n");
  const header = lines.findIndex((line) => /^\| `error\.kind` \|/.test(line));
  if (header < 0) return [];
  const rows = lines.slice(header + 2).filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith("|")));
  return [...new Set(rows.flatMap((row) => inlineCode(tableCells(row)[0] ?? "")))].sort();
}

describe("docs/enablement.md's failure kinds", () => {
  it("are exactly the kinds the report schema allows", () => {
    const kinds = reportFailureKinds();

    expect(kinds.length).toBeGreaterThan(10);
    expect(documentedKinds(enablementDoc)).toEqual(kinds);
  });

  it("lose a kind when its row is removed (the check can fail)", () => {
    const withoutQuota = enablementDoc.replace(/^\| `quota` \|.*\n/m, "");

    expect(documentedKinds(withoutQuota)).not.toContain("quota");
    expect(documentedKinds(withoutQuota)).not.toEqual(reportFailureKinds());
  });
});
