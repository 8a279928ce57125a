import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { runCdktf } from "../../sandbox/cdktf";
import { offlineTerraformEnv } from "../../sandbox/terraform-cli-config";

jest.setTimeout(180_000);

const PROJECT = resolve(__dirname, "..", "..");
const run = promisify(execFile);

describe("cdktf synth of the example config", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "bedrock-synth-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("produces one management stack and one stack per runtime account, each valid for terraform", async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...offlineTerraformEnv(work),
      BEDROCK_ACCESS_CONFIG: join(PROJECT, "bedrock-access.yaml"),
    };
    const out = join(work, "cdktf.out");
    const synth = await runCdktf(["synth", "--output", out], { cwd: PROJECT, env });
    expect(synth.exitCode).toBe(0);
    const stacks = readdirSync(join(out, "stacks")).sort();
    expect(stacks).toEqual(["management", "runtime-ci-prod", "runtime-ml-research"]);
    const validate = async (stack: string): Promise<unknown> => {
      const dir = join(out, "stacks", stack);
      await run("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, env });
      return JSON.parse((await run("terraform", ["validate", "-json", "-no-color"], { cwd: dir, env })).stdout) as unknown;
    };
    for (const result of await Promise.all(stacks.map(validate))) expect(result).toMatchObject({ valid: true, error_count: 0 });
  });

  it("fails with the config problems, not a stack trace, when the config is invalid", async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...offlineTerraformEnv(work),
      BEDROCK_ACCESS_CONFIG: join(work, "missing.yaml"),
    };
    const synth = await runCdktf(["synth", "--output", join(work, "bad.out")], { cwd: PROJECT, env });
    expect(synth.exitCode).not.toBe(0);
    expect(synth.output).toMatch(/missing\.yaml: invalid configuration[\s\S]*cannot read the file/);
  });
});
