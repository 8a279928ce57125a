import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMANDS, runCli } from "../../lib/cli/run-cli";
import { testIo } from "../helpers/cli-io";

/** The one entry point: every command behind `bedrock-access`, one way to map bad input to exit 2. */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cli-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const COMMAND_NAMES = ["enable", "status", "preflight", "validate", "plan", "plan-summary", "stacks", "discover", "schema", "catalog"];

describe("bedrock-access", () => {
  it("lists every command with one line each", async () => {
    const io = testIo();

    expect(await runCli(["--help"], io)).toBe(0);

    const lines = io.out.join("").split("\n");
    for (const command of COMMAND_NAMES) {
      const line = lines.find((l) => l.trimStart().startsWith(`${command} `));
      expect([command, line?.length !== undefined && line.length <= 80]).toEqual([command, true]);
    }
    expect(COMMANDS.map((c) => c.name)).toEqual(COMMAND_NAMES);
  });

  it("exits 2 on an unknown command", async () => {
    const io = testIo();

    expect(await runCli(["deploy"], io)).toBe(2);
    expect(io.err.join("")).toMatch(/unknown command 'deploy'/);
  });

  it.each([
    ["plan --parallel abc", ["plan", "--parallel", "abc"], /--parallel: expected a whole number 1\.\.64 in decimal digits \(got "abc"\)/],
    [
      "plan --parallel 0x10",
      ["plan", "--parallel", "0x10"],
      /--parallel: expected a whole number 1\.\.64 in decimal digits \(got "0x10"\)/,
    ],
    ["plan --parallel 0", ["plan", "--parallel", "0"], /--parallel: expected 1\.\.64 \(got "0"\)/],
    [
      "enable --concurrency abc",
      ["enable", "--concurrency", "abc"],
      /--concurrency: expected a whole number 1\.\.64 in decimal digits \(got "abc"\)/,
    ],
    [
      "enable --concurrency 1e1",
      ["enable", "--concurrency", "1e1"],
      /--concurrency: expected a whole number 1\.\.64 in decimal digits \(got "1e1"\)/,
    ],
    ["status -v -q", ["status", "-v", "-q"], /--verbose and --quiet: expected at most one of them/],
  ])("exits 2 naming the flag and the value: %s", async (_name, argv, message) => {
    const io = testIo();

    expect(await runCli(argv, io)).toBe(2);
    expect(io.err.join("")).toMatch(message);
  });

  it("exits 2 on a bad config before planning anything", async () => {
    const config = join(dir, "bad.yaml");
    writeFileSync(config, "models: nope\n");
    const io = testIo();

    expect(await runCli(["plan", "--config", config, "--plans", join(dir, "plans")], io)).toBe(2);
    expect(io.err.join("")).toMatch(/bad\.yaml: invalid configuration\n {2}- managementAccount: /);
    expect(io.err.join("")).not.toMatch(/cdktf synth/);
  });

  it("exits 2 when plan-summary finds no plan files", async () => {
    const io = testIo();

    expect(await runCli(["plan-summary", join(dir, "missing"), "--first-use-role", "bedrock-first-use"], io)).toBe(2);
    expect(io.err.join("")).toMatch(/missing: cannot read it \(ENOENT/);
  });

  it("writes the config's JSON Schema where it is told", async () => {
    const target = join(dir, "schema.json");
    const io = testIo();

    expect(await runCli(["schema", target], io)).toBe(0);
    expect(JSON.parse(readFileSync(target, "utf8"))).toMatchObject({ title: "bedrock-access.yaml" });
    expect(io.err.join("")).toContain(`wrote ${target}`);
  });
});

describe("bedrock-access validate", () => {
  it("exits 0 on the committed example, with its warnings", async () => {
    const io = testIo();

    expect(await runCli(["validate", "--config", "bedrock-access.yaml"], io)).toBe(0);
    expect(io.err.join("")).toMatch(/bedrock-access\.yaml: valid \(3 models, 2 accounts/);
    expect(io.err.join("")).toMatch(/warning: no catalog lock/);
  });

  it("exits 2 with one short line per problem: an unknown key is named, not the whole config printed", async () => {
    const config = join(dir, "typo.yaml");
    writeFileSync(config, `${readFileSync("bedrock-access.yaml", "utf8")}\nmodel: []\n`);
    const io = testIo();

    expect(await runCli(["validate", "--config", config], io)).toBe(2);
    const lines = io.err.join("").trim().split("\n");
    expect(lines).toContain('  - (root): Unrecognized key: "model"');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(200);
  });
});
