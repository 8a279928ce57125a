import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { App, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { stringify } from "yaml";
import { addBedrockAccessStacks, enable, status } from "../../lib/api";
import { InputError } from "../../lib/core/errors";
import { MANAGEMENT_STACK_NAME, runtimeStackName } from "../../lib/contracts/stack-outputs/schema";
import { enablementConfig, outputsFor, rawEnablementConfig, rawStackConfig, stackConfig } from "../helpers/fixtures";
import { tempDir } from "../helpers/files";
import { synthManagement } from "../helpers/synth";

describe("addBedrockAccessStacks", () => {
  it("adds the stacks of a config given as data next to the app's own, and returns them", () => {
    const app = Testing.app();
    const own = new TerraformStack(app, "platform");
    new TerraformOutput(own, "team", { value: "platform" });
    const stacks = addBedrockAccessStacks(app, { config: rawStackConfig() });
    expect(stacks.management.node.id).toBe(MANAGEMENT_STACK_NAME);
    expect(stacks.runtimeAccounts.map((stack) => stack.node.id)).toEqual([runtimeStackName("ci")]);
    expect(app.node.children.map((child) => child.node.id)).toEqual(["platform", MANAGEMENT_STACK_NAME, runtimeStackName("ci")]);
    // The same stack as main.ts synthesizes from the same config.
    expect(Testing.synth(stacks.management)).toBe(synthManagement(stackConfig()).out.json);
    expect(stacks.config.accounts.map((account) => account.name)).toEqual(["ci"]);
  });

  it("reads a config file as the CLI does", () => {
    const file = join(tempDir(), "bedrock-access.yaml");
    writeFileSync(file, stringify(rawStackConfig()));
    const stacks = addBedrockAccessStacks(new App({ outdir: tempDir() }), { configFile: file });
    expect(stacks.config).toEqual(stackConfig());
  });

  it("rejects a bad config as data with every problem, before adding a stack", () => {
    const app = Testing.app();
    const config = { ...rawStackConfig(), accounts: [{ name: "ci", id: "12345" }] };
    expect(() => addBedrockAccessStacks(app, { config })).toThrow(InputError);
    expect(() => addBedrockAccessStacks(app, { config })).toThrow(/accounts\[0\]\.id/);
    expect(app.node.children).toHaveLength(0);
  });

  it("checks the plan principals a plan synthesis needs", () => {
    expect(() => addBedrockAccessStacks(Testing.app(), { config: rawStackConfig() }, { providerRole: "plan" })).toThrow(/planPrincipals/);
  });
});

describe("enable and status", () => {
  it("reject outputs given as data that miss a stack of the config, before any AWS call", async () => {
    const outputs = outputsFor(enablementConfig());
    delete outputs[runtimeStackName("research")];
    await expect(enable({ config: rawEnablementConfig(), outputs })).rejects.toThrow(InputError);
    await expect(status({ config: rawEnablementConfig(), outputs })).rejects.toThrow(/runtime-research/);
  });

  it("reject an account filter that names no account of the config", async () => {
    const outputs = outputsFor(enablementConfig());
    await expect(status({ config: rawEnablementConfig(), outputs, accounts: ["nope"] })).rejects.toThrow(/nope/);
  });
});
