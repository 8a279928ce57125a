import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { accessConfigJsonSchema } from "../../lib/config/json-schema";
import { managementOutputsSchema, runtimeOutputsSchema } from "../../lib/contracts/stack-outputs/schema";
import { inlineCode, parseMarkdown, tableCells, type MarkdownDoc } from "../helpers/markdown";
import { jsonSchemaPaths } from "../helpers/schema-paths";

const CONFIG_DOC = "docs/config.md";
const doc = parseMarkdown(CONFIG_DOC, readFileSync(CONFIG_DOC, "utf8"));
const configPaths = jsonSchemaPaths(accessConfigJsonSchema());

/** A field name as a span writes it: `refs`, `pullRequests: true`, `repository: OWNER/REPO`. */
const fieldName = (span: string): string | undefined => /^\$?[a-zA-Z]\w*(?=:|$)/.exec(span)?.[0];

/** The field names a span writes: one, or an object's (`{ principal, externalId }`). */
const fieldNames = (span: string): string[] =>
  span
    .replace(/^\[?\{|\}\]?$/g, "")
    .split(",")
    .map((part) => fieldName(part.trim()))
    .filter((name) => name !== undefined);

/** The rows of the tables whose header's first cell is `header`, under a heading `section`, as cells. */
function tableRows(markdown: MarkdownDoc, section: string, header: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let inTable = false;
  for (const block of markdown.blocks) {
    const isRow = block.text.trimStart().startsWith("|");
    if (!isRow || block.section.at(-1) !== section) {
      inTable = false;
      continue;
    }
    const cells = tableCells(block.text);
    if (cells[0] === header) inTable = true;
    else if (inTable && !/^[-|:\s]+$/.test(block.text)) rows.push({ line: block.line, cells });
  }
  return rows;
}

interface NamedField {
  readonly path: string;
  readonly line: number;
}

/**
 * The config fields docs/config.md documents: each row of the Fields table names a path (`accounts[].name`) and may
 * name siblings after it (`useCaseForm.companyName`, `companyWebsite`); the Backend table names `backend`'s fields per
 * type (`workspaces` (`planRoleArn`, …) its own); the YAML examples name theirs by nesting.
 */
function documentedConfigFields(markdown: MarkdownDoc): NamedField[] {
  const named: NamedField[] = [];
  for (const { line, cells } of tableRows(markdown, "Fields", "Field")) {
    const [first, ...siblings] = inlineCode(cells[0]);
    if (first === undefined) continue;
    named.push({ path: first, line });
    const parent = first.includes(".") ? first.slice(0, first.lastIndexOf(".")) : "";
    for (const sibling of siblings) named.push({ path: sibling.includes(".") ? sibling : `${parent}.${sibling}`, line });
  }
  for (const { line, cells } of tableRows(markdown, "Backend", "`backend.type`")) {
    named.push({ path: "backend.type", line });
    // `hostname` (default `app.terraform.io`): a default, not a field; `workspaces` (`planRoleArn`, …): its fields.
    const fields = (cells[1] ?? "").replace(/`(\w+)` \(([^)]*)\)/g, (_all, parent: string, inner: string) => {
      if (!inner.startsWith("default")) for (const span of inlineCode(inner)) named.push({ path: `backend.${parent}.${span}`, line });
      return `\`${parent}\``;
    });
    for (const span of inlineCode(fields)) for (const name of fieldNames(span)) named.push({ path: `backend.${name}`, line });
  }
  for (const fence of markdown.fences.filter((block) => block.info === "yaml"))
    for (const path of yamlPaths(parse(fence.lines.join("\n")), "")) named.push({ path, line: fence.line });
  return named;
}

function yamlPaths(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => yamlPaths(item, `${path}[]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const field = path === "" ? key : `${path}.${key}`;
    return [field, ...yamlPaths(inner, field)];
  });
}

/** Whether a documented path is one of the schema's: a record's key (`*`) matches any key (an account id). */
function inSchema(path: string, schemaPaths: readonly string[]): boolean {
  return schemaPaths.some((schemaPath) => {
    const pattern = schemaPath.replace(/[.[\]$]/g, "\\$&").replace(/\\\.\*/g, "\\.[^.]+");
    return new RegExp(`^${pattern}$`).test(path);
  });
}

/**
 * Schema fields the docs do not name. A field is named by its path, or by its own name (`refs`) in the Fields-table
 * row of its parent (`accounts[].githubOidc.repositories[]`); a selection's `defaults` and `overrides` hold "the
 * fields of `accounts[]` but `name` and `id`" (the Fields table says so), so theirs are named by `accounts[]`'s.
 */
function undocumentedConfigFields(markdown: MarkdownDoc, schemaPaths: readonly string[]): string[] {
  // A path names its ancestors too: `iam.tags` names `iam`.
  const named = new Set(
    documentedConfigFields(markdown).flatMap(({ path }) =>
      path.split(".").map((_part, index, parts) =>
        parts
          .slice(0, index + 1)
          .join(".")
          .replace(/\[\]$/, ""),
      ),
    ),
  );
  const rowMentions = new Map<string, Set<string>>();
  for (const { cells } of tableRows(markdown, "Fields", "Field")) {
    const [first] = inlineCode(cells[0]);
    if (first === undefined) continue;
    rowMentions.set(first.replace(/\[\]$/, ""), new Set(inlineCode(cells.slice(1).join(" | ")).flatMap(fieldNames)));
  }
  const isNamed = (path: string): boolean => {
    const parent = path.slice(0, path.lastIndexOf("."));
    const own = path.slice(path.lastIndexOf(".") + 1);
    return named.has(path) || (rowMentions.get(parent.replace(/\[\]$/, ""))?.has(own) ?? false);
  };
  const asAccountField = (path: string): string => path.replace(/^organization\.selections\[\]\.(defaults|overrides\.\*)\./, "accounts[].");
  // A record's keys (`tags.*`, an account id under `overrides`) are the user's, not fields.
  return schemaPaths.filter((path) => !path.endsWith(".*") && !isNamed(path) && !isNamed(asAccountField(path)));
}

describe("docs/config.md and the config schema", () => {
  it("names only fields the schema has", () => {
    const unknown = documentedConfigFields(doc).filter((field) => !inSchema(field.path.replace(/\[\]$/, ""), configPaths));
    expect(unknown.map((field) => `${CONFIG_DOC}:${field.line}: ${field.path}`)).toEqual([]);
  });

  it("names every field the schema has", () => {
    expect(undocumentedConfigFields(doc, configPaths)).toEqual([]);
  });

  it("catches a field added to the schema, and a documented one that is not in it (the checks can fail)", () => {
    const planted = parseMarkdown(
      "planted.md",
      ["## Fields", "", "| Field | Default | Meaning |", "|---|---|---|", "| `iam.namePrefix`, `rolePth` | x | y |"].join("\n"),
    );
    expect(documentedConfigFields(planted).filter((field) => !inSchema(field.path, configPaths))).toEqual([
      { path: "iam.rolePth", line: 5 },
    ]);
    expect(undocumentedConfigFields(planted, ["iam.namePrefix", "iam.tags"])).toEqual(["iam.tags"]);
  });
});

/** The outputs table: Stack | Output | Value; a row with no stack goes on with the stack above. */
function documentedOutputs(markdown: MarkdownDoc): Map<string, string[]> {
  const outputs = new Map<string, string[]>();
  let stack = "";
  for (const { cells } of tableRows(markdown, "Outputs contract", "Stack")) {
    stack = inlineCode(cells[0])[0] ?? stack;
    const [output] = inlineCode(cells[1] ?? "");
    if (output === undefined) continue;
    // `[{ arn, kind: plain | github-oidc, pipeline_assumable }]`: the fields of each item.
    const items = /^`\[\{([^}]*)\}\]`/.exec(cells[2] ?? "")?.[1] ?? "";
    const fields = items
      .split(",")
      .map((field) => fieldName(field.trim()))
      .filter((field) => field !== undefined);
    outputs.set(stack, [...(outputs.get(stack) ?? []), output, ...fields.map((field) => `${output}[].${field}`)]);
  }
  return outputs;
}

describe("docs/config.md's outputs contract and the stack outputs schema", () => {
  const documented = documentedOutputs(doc);

  it.each([
    ["management", managementOutputsSchema],
    ["runtime-<name>", runtimeOutputsSchema],
  ] as const)("lists exactly the %s stack's outputs, and their items' fields", (stack, schema) => {
    const schemaPaths = jsonSchemaPaths(z.toJSONSchema(schema, { io: "output" }));
    expect([...(documented.get(stack) ?? [])].sort()).toEqual([...schemaPaths].sort());
  });
});

const BACKEND_ENV_SOURCE = "lib/config/backend-env.ts";

/** The environment variables a source reads: `env.NAME`, `env["NAME"]`, or a `"NAME"` constant. */
function variablesRead(source: string): string[] {
  const names = [...source.matchAll(/(?:env\.|env\["|")([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/g)].map((match) => match[1]);
  return [...new Set(names)].sort();
}

/** The variables the table under "Choosing the backend from the environment" names, each cell's every span. */
function documentedBackendVariables(markdown: MarkdownDoc): string[] {
  const rows = tableRows(markdown, "Choosing the backend from the environment", "Variable");
  return [...new Set(rows.flatMap(({ cells }) => inlineCode(cells[0] ?? "")))].sort();
}

describe("docs/config.md's backend variables and lib/config/backend-env.ts", () => {
  it("lists exactly the environment variables the code reads", () => {
    expect(documentedBackendVariables(doc)).toEqual(variablesRead(readFileSync(BACKEND_ENV_SOURCE, "utf8")));
  });

  it("finds the variables a source reads, and no other capitalised text (the check can fail)", () => {
    const source = 'const A = "BEDROCK_ACCESS_NEW";\n// `TF_IN_A_COMMENT`\nconst b = env.TF_CLOUD_ORGANIZATION ?? env["X_Y"];';
    expect(variablesRead(source)).toEqual(["BEDROCK_ACCESS_NEW", "TF_CLOUD_ORGANIZATION", "X_Y"]);
  });
});
