import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStackPlans } from "../../lib/plan-review/read-plans";

describe("readStackPlans", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "plan-input-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const valid = JSON.stringify({ format_version: "1.2" });

  const planFile = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it("names the file when it is not JSON", () => {
    expect(() => readStackPlans([planFile("management.json", "Terraform will perform…")])).toThrow(
      /management\.json: cannot read the plan\n {2}- \S+management\.json: not JSON .*; expected the output of terraform show -json PLANFILE/,
    );
  });

  it("names the field and what was expected", () => {
    const text = JSON.stringify({
      format_version: "0.1",
      resource_changes: [{ address: "aws_iam_role.a", type: "aws_iam_role", name: "a", change: {} }],
    });
    expect(() => readStackPlans([planFile("p.json", text)])).toThrow(
      /format_version: expected format_version 1\.x[\s\S]*resource_changes\[0\]\.change\.actions:/,
    );
  });

  it("accepts a plan with no resource changes and ignores fields it does not use", () => {
    const [{ plan }] = readStackPlans([
      planFile("p.json", JSON.stringify({ format_version: "1.2", terraform_version: "1.11.4", planned_values: {}, applyable: false })),
    ]);
    expect(plan.resource_changes).toEqual([]);
  });

  it("reads every <stack>.json of a directory, named after the file", () => {
    writeFileSync(join(dir, "runtime-ci.json"), valid);
    writeFileSync(join(dir, "management.json"), valid);
    writeFileSync(join(dir, "notes.txt"), "ignored");
    expect(readStackPlans([dir]).map((p) => p.stack)).toEqual(["management", "runtime-ci"]);
  });

  it("lists every problem at once: a broken file, a stack given twice, a missing path", () => {
    writeFileSync(join(dir, "runtime-ci.json"), valid);
    writeFileSync(join(dir, "broken.json"), "{");
    mkdirSync(join(dir, "more"));
    writeFileSync(join(dir, "more", "runtime-ci.plan.json"), valid);
    expect(() => readStackPlans([dir, join(dir, "more"), join(dir, "missing")])).toThrow(
      /missing: cannot read it \(ENOENT[\s\S]*\n {2}- \S+broken\.json: not JSON[\s\S]*runtime-ci\.plan\.json: stack runtime-ci is also in \S+runtime-ci\.json/,
    );
  });

  it("says to run npm run plan when the directory has no plans", () => {
    expect(() => readStackPlans([dir])).toThrow(/no <stack>\.json plan files in it \(run npm run plan first\)/);
  });
});
