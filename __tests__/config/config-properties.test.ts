import fc from "fast-check";
import { parseConfig, parseConfigText } from "../../lib/config/load";
import { InputError } from "../../lib/core/errors";
import { rawStackConfig } from "../helpers/fixtures";

/**
 * Any input either loads or fails with an InputError whose every problem names a field path: never a stack
 * trace, never another exception. Inputs: arbitrary JSON values, the example config with one field replaced
 * by an arbitrary value, and arbitrary text as YAML.
 */
const PROBLEM = /^ {2}- (\(root\)|[A-Za-z$][\w$]*(\[\d+\]|\.[\w$-]+)*): \S/;

function loadsOrExplains(load: () => unknown): boolean {
  try {
    load();
    return true;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const lines = err.message.split("\n").slice(1);
    return lines.length > 0 && lines.every((line) => PROBLEM.test(line) || line.startsWith("  - YAML:") || line.startsWith("    "));
  }
}

/** A path into the example config: top-level keys and a few levels below. */
const paths = fc.constantFrom(
  ["managementAccount", "id"],
  ["managementAccount", "pipelinePrincipals"],
  ["useCaseForm", "companyWebsite"],
  ["useCaseForm", "intendedUsers"],
  ["models"],
  ["models", 0, "id"],
  ["models", 0, "profiles"],
  ["accounts", 0, "regions"],
  ["accounts", 0, "id"],
  ["accounts", 0, "githubOidc"],
  ["iam", "namePrefix"],
  ["iam", "maxSessionDurationSeconds"],
  ["backend"],
  ["catalogLock"],
);

function withValue(path: readonly (string | number)[], value: unknown): unknown {
  const raw = rawStackConfig() as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = raw;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return raw;
}

describe("config loading, for any input", () => {
  it("explains an alias to an anchor never set, which the YAML parser accepts but cannot resolve (found by the property below)", () => {
    expect(() => parseConfigText("*!", "alias.yaml")).toThrow(/^alias\.yaml: invalid configuration\n {2}- YAML: Unresolved alias/);
  });

  it("loads or explains arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => loadsOrExplains(() => parseConfig(value))),
      { numRuns: 300 },
    );
  });

  it("loads or explains the example config with one field replaced by anything", () => {
    fc.assert(
      fc.property(paths, fc.jsonValue({ maxDepth: 3 }), (path, value) => loadsOrExplains(() => parseConfig(withValue(path, value)))),
      { numRuns: 500 },
    );
  });

  it("loads or explains arbitrary text as YAML", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => loadsOrExplains(() => parseConfigText(text))),
      { numRuns: 300 },
    );
  });
});
