import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseRuntimeOutputs, readStackOutputs } from "../../lib/contracts/stack-outputs/read";
import { tempDir, writeJson } from "../helpers/files";
import { enablementConfig, outputsFor } from "../helpers/fixtures";

const outputs = outputsFor(enablementConfig());
const terraformJson = (stack: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(stack).map(([name, value]) => [name, { value, type: "string", sensitive: false }]));

describe("readStackOutputs", () => {
  it("reads the file of cdktf deploy --outputs-file: one entry per stack", () => {
    const file = writeJson(tempDir(), "outputs.json", outputs);

    const stacks = readStackOutputs([file]);

    expect([...stacks.keys()]).toEqual(["management", "runtime-ci", "runtime-research"]);
    expect(stacks.get("runtime-ci")?.outputs.account_id).toBe("222222222222");
  });

  it("reads a directory of terraform output -json files, naming each stack after its file", () => {
    const dir = tempDir();
    for (const [stack, values] of Object.entries(outputs)) writeJson(dir, `${stack}.json`, terraformJson(values));

    const stacks = readStackOutputs([dir]);

    expect([...stacks.keys()].sort()).toEqual(["management", "runtime-ci", "runtime-research"]);
    expect(stacks.get("management")?.outputs).toEqual(outputs.management);
  });

  it("accepts several files and rejects a stack given twice", () => {
    const dir = tempDir();
    const a = writeJson(dir, "management.json", terraformJson(outputs.management));
    const b = writeJson(dir, "all.json", outputs);

    expect(() => readStackOutputs([a, b])).toThrow(/all.json: stack management is also in .*management.json; expected each stack once/);
  });

  it("names the file and what was expected when it is missing, not JSON, or not outputs", () => {
    const dir = tempDir();
    const notJson = join(dir, "broken.json");
    writeFileSync(notJson, "{ nope");
    const array = writeJson(dir, "array.json", []);
    const empty = join(dir, "empty");
    mkdirSync(empty);

    expect(() => readStackOutputs([join(dir, "missing.json"), notJson, array, empty])).toThrow(
      /missing.json: cannot read it .*\n.*broken.json: expected JSON .*\n.*array.json: expected a JSON object of stacks or of outputs \(got an array\)\n.*empty: expected <stack>.json files \(terraform output -json per stack\), found none/,
    );
  });

  it("validates a stack against the outputs contract, naming the field and the value", () => {
    const dir = tempDir();
    const file = writeJson(dir, "outputs.json", { "runtime-ci": { ...outputs["runtime-ci"], account_id: "22", model_profiles: [] } });
    const stack = readStackOutputs([file]).get("runtime-ci");
    if (!stack) throw new Error("no stack");

    expect(() => parseRuntimeOutputs(stack)).toThrow(
      /runtime-ci.account_id: .* \(got "22"\)\n.*runtime-ci.model_profiles: .* \(got \[\]\)/,
    );
  });
});
