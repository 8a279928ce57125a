import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareSyntheses } from "../../lib/plan-review/changes/compare-syntheses";
import { stackConfiguration, writeSynthesis, type Configuration } from "../helpers/synthesis";

describe("compareSyntheses", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "compare-syntheses-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const synthesis = (dir: string, stacks: Record<string, Configuration>): string => writeSynthesis(join(root, dir), stacks);

  const reversedKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(reversedKeys);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  };

  it("finds nothing changed when only key order and cdktf's metadata differ", () => {
    const base = synthesis("base", { a: stackConfiguration("a") });
    const moved = reversedKeys(stackConfiguration("a")) as Configuration;
    const head = synthesis("head", {
      a: { ...moved, "//": { metadata: { backend: "s3", stackName: "a", version: "0.22.0" }, outputs: {} } },
    });
    expect(compareSyntheses(base, head)).toEqual({ changed: [], added: [], removed: [], unchanged: ["a"] });
  });

  it.each<[string, Configuration]>([
    [
      "a policy statement",
      {
        resource: {
          aws_iam_policy: {
            invoke: {
              name: "bedrock-invoke",
              policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "bedrock:Converse", Resource: "*" }],
              }),
            },
          },
        },
      },
    ],
    [
      "the provider version",
      {
        terraform: {
          backend: { s3: { bucket: "state", key: "a.tfstate", region: "us-east-1" } },
          required_providers: { aws: { source: "aws", version: "5.101.0" } },
        },
      },
    ],
    [
      "a backend setting",
      {
        terraform: {
          backend: { s3: { bucket: "other-state", key: "a.tfstate", region: "us-east-1" } },
          required_providers: { aws: { source: "aws", version: "5.100.0" } },
        },
      },
    ],
    [
      "the provider's role",
      { provider: { aws: [{ region: "us-east-1", assume_role: [{ role_arn: "arn:aws:iam::111111111111:role/other" }] }] } },
    ],
  ])("counts a stack as changed when %s changes", (_what, overrides) => {
    const base = synthesis("base", { a: stackConfiguration("a"), b: stackConfiguration("b") });
    const head = synthesis("head", { a: stackConfiguration("a", overrides), b: stackConfiguration("b") });
    expect(compareSyntheses(base, head)).toEqual({ changed: ["a"], added: [], removed: [], unchanged: ["b"] });
  });

  it("lists new stacks as added and stacks only the base has as removed", () => {
    const base = synthesis("base", { kept: stackConfiguration("kept"), gone: stackConfiguration("gone") });
    const head = synthesis("head", { kept: stackConfiguration("kept"), fresh: stackConfiguration("fresh") });
    expect(compareSyntheses(base, head)).toEqual({ changed: [], added: ["fresh"], removed: ["gone"], unchanged: ["kept"] });
  });

  it("names the file when a stack's configuration cannot be read", () => {
    const base = synthesis("base", { a: stackConfiguration("a") });
    const head = synthesis("head", { a: stackConfiguration("a") });
    writeFileSync(join(head, "stacks", "a", "cdk.tf.json"), "{");
    expect(() => compareSyntheses(base, head)).toThrow(
      /stacks\/a\/cdk\.tf\.json: cannot read the stack's configuration\n {2}- .*expected the cdk\.tf\.json of cdktf synth/,
    );
  });

  it("says to synthesize when a directory holds no cdktf manifest", () => {
    const head = synthesis("head", { a: stackConfiguration("a") });
    expect(() => compareSyntheses(join(root, "missing"), head)).toThrow(
      /missing\/manifest\.json: cannot read the cdktf manifest[\s\S]*run cdktf synth first/,
    );
  });
});
