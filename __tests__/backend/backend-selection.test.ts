import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { loadConfigFile } from "../../lib/config/load";
import { synthInProcess } from "../helpers/synth";
import { terraformEnvWithProvider } from "../../sandbox/provider-cache";

/**
 * The `backend` config selects where each stack keeps its state; checked in the JSON the stacks synthesize
 * (in-process: the files `cdktf synth` writes; the synth CLI is tested in e2e/synth-validate), and validated offline by terraform for S3 and
 * Terraform Cloud (`init -backend=false`: no state, no network).
 */
jest.setTimeout(120_000);

const PROJECT = resolve(__dirname, "..", "..");
const STACKS = ["management", "runtime-ci-prod", "runtime-ml-research"] as const;
const run = promisify(execFile);

interface TerraformBlock {
  backend?: Record<string, Record<string, unknown>>;
  cloud?: Record<string, unknown>;
  required_providers?: unknown;
}

let work: string;
let env: NodeJS.ProcessEnv;
const synthesized = new Map<string, Record<string, TerraformBlock>>();

const BACKENDS = {
  "local-default": undefined,
  "local-directory": (dir: string) => ({ type: "local", directory: join(dir, "state") }),
  s3: () => ({
    type: "s3",
    bucket: "example-terraform-state",
    region: "eu-west-1",
    keyPrefix: "org/bedrock",
    dynamodbTable: "terraform-locks",
  }),
  "s3-no-lockfile": () => ({ type: "s3", bucket: "example-terraform-state", region: "us-east-1", useLockfile: false }),
  "cloud-named": () => ({ type: "cloud", organization: "example-org", workspacePrefix: "bedrock" }),
  "cloud-tags": () => ({
    type: "cloud",
    organization: "example-org",
    hostname: "tfe.example.com",
    workspaceTags: ["bedrock-access", "prod"],
  }),
} as const;
type BackendCase = keyof typeof BACKENDS;

function synth(name: BackendCase): void {
  const raw = parse(readFileSync(join(PROJECT, "bedrock-access.yaml"), "utf8")) as Record<string, unknown>;
  const backend = BACKENDS[name];
  if (backend) raw.backend = backend(work);
  else delete raw.backend;
  const configFile = join(work, `${name}.yaml`);
  writeFileSync(configFile, JSON.stringify(raw));
  const out = join(work, name);
  synthInProcess(loadConfigFile(configFile), out);
  const blocks: Record<string, TerraformBlock> = {};
  for (const stack of STACKS) {
    blocks[stack] = (
      JSON.parse(readFileSync(join(out, "stacks", stack, "cdk.tf.json"), "utf8")) as { terraform: TerraformBlock }
    ).terraform;
  }
  synthesized.set(name, blocks);
}

const terraformOf = (name: BackendCase, stack: string): TerraformBlock => {
  const block = synthesized.get(name)?.[stack];
  if (!block) throw new Error(`${name}/${stack} was not synthesized`);
  return block;
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "bedrock-backend-"));
  env = { PATH: process.env.PATH, HOME: process.env.HOME, ...(await terraformEnvWithProvider(work)) };
  for (const name of Object.keys(BACKENDS) as BackendCase[]) synth(name);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("backend selection in the synthesized stacks", () => {
  it("keeps cdktf's local state file per stack by default", () => {
    for (const stack of STACKS) {
      expect(terraformOf("local-default", stack)).toMatchObject({
        backend: { local: { path: join(PROJECT, `terraform.${stack}.tfstate`) } },
      });
      expect(terraformOf("local-default", stack).cloud).toBeUndefined();
    }
  });

  it("puts each stack's local state in the configured directory", () => {
    for (const stack of STACKS) {
      expect(terraformOf("local-directory", stack).backend).toEqual({ local: { path: join(work, "state", `terraform.${stack}.tfstate`) } });
    }
  });

  it("gives each stack its own S3 key under the prefix, encrypted, with the S3 lockfile and the DynamoDB table", () => {
    for (const stack of STACKS) {
      expect(terraformOf("s3", stack).backend).toEqual({
        s3: {
          bucket: "example-terraform-state",
          key: `org/bedrock/${stack}.tfstate`,
          region: "eu-west-1",
          encrypt: true,
          dynamodb_table: "terraform-locks",
          use_lockfile: true,
        },
      });
    }
  });

  it("leaves the S3 lockfile off when useLockfile is false, and defaults the key prefix", () => {
    expect(terraformOf("s3-no-lockfile", "runtime-ci-prod").backend).toEqual({
      s3: { bucket: "example-terraform-state", key: "bedrock-access/runtime-ci-prod.tfstate", region: "us-east-1", encrypt: true },
    });
  });

  it("selects one Terraform Cloud workspace per stack, <prefix>-<stack>, and no backend block", () => {
    for (const stack of STACKS) {
      const block = terraformOf("cloud-named", stack);
      expect(block.cloud).toEqual({ hostname: "app.terraform.io", organization: "example-org", workspaces: { name: `bedrock-${stack}` } });
      expect(block.backend).toBeUndefined();
    }
  });

  it("selects Terraform Cloud workspaces by tags on the configured host", () => {
    expect(terraformOf("cloud-tags", "management").cloud).toEqual({
      hostname: "tfe.example.com",
      organization: "example-org",
      workspaces: { tags: ["bedrock-access", "prod"] },
    });
  });
});

describe("terraform validate (offline) of the synthesized stacks", () => {
  const validate = async (name: BackendCase, stack: string) => {
    const dir = join(work, name, "stacks", stack);
    await run("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, env });
    const { stdout } = await run("terraform", ["validate", "-json", "-no-color"], { cwd: dir, env });
    return JSON.parse(stdout) as unknown;
  };

  it.concurrent.each([
    ["cloud-named", "runtime-ml-research"],
    ["cloud-tags", "management"],
    ["s3", "runtime-ci-prod"],
  ] as const)("accepts the %s stack %s, as a Terraform Cloud or S3 run would get it", async (name, stack) => {
    expect(await validate(name, stack)).toMatchObject({ valid: true, error_count: 0 });
  });
});
