import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { runCli } from "../../lib/cli/run-cli";
import { testIo } from "../helpers/cli-io";
import { tempDir, writeJson } from "../helpers/files";
import { rawEnablementConfig } from "../helpers/fixtures";

/**
 * Every command that reads the access config reads it one way (loadConfig): the file from $BEDROCK_ACCESS_CONFIG when
 * no flag names one, and the state backend from $BEDROCK_ACCESS_BACKEND and its variables, as synth does.
 */
let dir: string;
let plans: string;
beforeEach(() => {
  dir = tempDir();
  plans = join(dir, "plans");
  mkdirSync(plans);
  writeJson(plans, "management.json", { format_version: "1.2", resource_changes: [] });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(backend: Record<string, unknown>): string {
  const file = join(dir, "access.yaml");
  writeFileSync(file, stringify({ ...rawEnablementConfig(), backend }));
  return file;
}

const COMMANDS_READING_THE_CONFIG = [
  ["enable"],
  ["enable", "--dry-run", "--no-preflight"],
  ["status"],
  ["preflight"],
  ["preflight", "--before-deploy"],
  ["validate"],
  ["plan"],
  ["plan-summary"],
  ["stacks"],
  ["discover"],
  ["catalog", "refresh"],
  ["catalog", "check"],
];

describe("the config every command reads", () => {
  it.each(COMMANDS_READING_THE_CONFIG.map((argv) => [argv.join(" "), argv]))(
    "%s: from $BEDROCK_ACCESS_CONFIG, with the backend $BEDROCK_ACCESS_BACKEND selects",
    async (_name, argv) => {
      const file = writeConfig({ type: "local" });
      // The environment selects Terraform Cloud without naming its organization: the config read is invalid.
      const io = testIo({ env: { BEDROCK_ACCESS_CONFIG: file, BEDROCK_ACCESS_BACKEND: "cloud" } });

      const args = argv[0] === "plan-summary" ? [...argv, plans] : argv;
      expect(await runCli(args, io)).toBe(2);
      expect(io.err.join("")).toContain(`${file}: invalid configuration`);
      expect(io.err.join("")).toMatch(/backend\.organization: .*\(missing\)/);
    },
  );

  it.each([["validate"], ["stacks"]])("%s: a backend the file leaves incomplete, completed by the environment", async (command) => {
    const file = writeConfig({ type: "cloud" });
    const env = { BEDROCK_ACCESS_CONFIG: file, BEDROCK_ACCESS_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "example-org" };

    const alone = testIo({ env: { BEDROCK_ACCESS_CONFIG: file } });
    expect(await runCli([command], alone)).toBe(2);
    expect(alone.err.join("")).toMatch(/backend\.organization: /);

    const io = testIo({ env });
    expect(await runCli([command], io)).toBe(0);
  });
});
