import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { ProcessResult } from "../../lib/core/process";
import { runCdktf } from "../../sandbox/cdktf";
import { terraformEnvWithProvider } from "../../sandbox/provider-cache";

jest.setTimeout(180_000);

const PROJECT = resolve(__dirname, "..", "..");
const run = promisify(execFile);

describe("cdktf synth of the example config", () => {
  let work: string;
  let env: (configFile: string) => NodeJS.ProcessEnv;
  /** The valid config's synth and the missing config's, started together: each is a cdktf process that mostly waits. */
  let valid: Promise<ProcessResult>;
  let invalid: Promise<ProcessResult>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "bedrock-synth-"));
    const terraform = await terraformEnvWithProvider(work);
    env = (configFile) => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...terraform, BEDROCK_ACCESS_CONFIG: configFile });
    valid = runCdktf(["synth", "--output", join(work, "cdktf.out")], { cwd: PROJECT, env: env(join(PROJECT, "bedrock-access.yaml")) });
    invalid = runCdktf(["synth", "--output", join(work, "bad.out")], { cwd: PROJECT, env: env(join(work, "missing.yaml")) });
  });
  afterAll(async () => {
    await Promise.allSettled([valid, invalid]);
    rmSync(work, { recursive: true, force: true });
  });

  it("produces one management stack and one stack per runtime account, each valid for terraform", async () => {
    const out = join(work, "cdktf.out");
    const synth = await valid;
    expect(synth.exitCode).toBe(0);
    const stacks = readdirSync(join(out, "stacks")).sort();
    expect(stacks).toEqual(["management", "runtime-ci-prod", "runtime-ml-research"]);
    const validate = async (stack: string): Promise<unknown> => {
      const dir = join(out, "stacks", stack);
      const options = { cwd: dir, env: env(join(PROJECT, "bedrock-access.yaml")) };
      await run("terraform", ["init", "-backend=false", "-input=false", "-no-color"], options);
      return JSON.parse((await run("terraform", ["validate", "-json", "-no-color"], options)).stdout) as unknown;
    };
    for (const result of await Promise.all(stacks.map(validate))) expect(result).toMatchObject({ valid: true, error_count: 0 });
  });

  it("fails with the config problems, not a stack trace, when the config is invalid", async () => {
    const synth = await invalid;
    expect(synth.exitCode).not.toBe(0);
    expect(synth.output).toMatch(/missing\.yaml: invalid configuration[\s\S]*cannot read the file/);
  });
});
