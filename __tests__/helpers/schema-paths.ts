type JsonSchema = { readonly [key: string]: unknown };

const isSchema = (value: unknown): value is JsonSchema => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Every field a JSON Schema (as zod's toJSONSchema writes it) allows, as dotted paths: `accounts`, `accounts[].name`,
 * `organization.selections[].overrides.*.regions` (`[]` an array's items, `*` a record's keys, itself a path). `$ref`s are followed
 * once on each path; `anyOf`/`oneOf`/`allOf` branches all count.
 */
export function jsonSchemaPaths(root: JsonSchema): string[] {
  const definitions = { ...(isSchema(root.definitions) ? root.definitions : {}), ...(isSchema(root.$defs) ? root.$defs : {}) };
  const paths = new Set<string>();
  const walk = (schema: unknown, path: string, followed: ReadonlySet<string>): void => {
    if (!isSchema(schema)) return;
    if (typeof schema.$ref === "string") {
      const name = schema.$ref.split("/").at(-1) ?? "";
      if (!followed.has(name)) walk(definitions[name], path, new Set([...followed, name]));
      return;
    }
    for (const combinator of ["anyOf", "oneOf", "allOf"])
      for (const branch of Array.isArray(schema[combinator]) ? (schema[combinator] as unknown[]) : []) walk(branch, path, followed);
    walk(schema.items, `${path}[]`, followed);
    if (isSchema(schema.additionalProperties)) {
      paths.add(`${path}.*`);
      walk(schema.additionalProperties, `${path}.*`, followed);
    }
    for (const [key, value] of Object.entries(isSchema(schema.properties) ? schema.properties : {})) {
      const field = path === "" ? key : `${path}.${key}`;
      paths.add(field);
      walk(value, field, followed);
    }
  };
  walk(root, "", new Set());
  return [...paths];
}
