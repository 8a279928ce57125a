import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { App } from "cdktf";
import { planStacks } from "../../lib/plan-review/run/run-plans";
import { terraformEnvWithProvider } from "../../sandbox/provider-cache";
import { addStacks } from "../../stacks/app";
import { MANAGEMENT_ID, stackConfig } from "../helpers/fixtures";

/**
 * A read-only plan whose plan-reader role cannot be assumed, with real terraform and the real AWS provider: STS is a
 * local server that refuses every AssumeRole, as STS does for a role that does not exist yet. What decides between a
 * new account and an existing one is what `terraform state list` says about the stack's real local backend.
 */
jest.setTimeout(180_000);

const PROJECT = resolve(__dirname, "..", "..");
const STACK = "runtime-ci";

let work: string;
let sts: Server;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "new-account-plan-"));
  sts = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(403, { "content-type": "text/xml" });
      res.end(
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
          "<Message>User: arn:aws:iam::111111111111:role/platform-plan is not authorized to perform: sts:AssumeRole</Message>" +
          "</Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>",
      );
    });
  });
  await new Promise<void>((ready) => sts.listen(0, "127.0.0.1", ready));
  const url = `http://127.0.0.1:${(sts.address() as AddressInfo).port}`;
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(await terraformEnvWithProvider(work)),
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "not-a-secret",
    AWS_ENDPOINT_URL_STS: url,
    AWS_ENDPOINT_URL_IAM: url,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_MAX_ATTEMPTS: "1",
  };
  const config = stackConfig((raw) => {
    (raw.managementAccount as Record<string, unknown>).planPrincipals = [`arn:aws:iam::${MANAGEMENT_ID}:role/platform-plan`];
    raw.backend = { type: "local", directory: join(work, "state") };
  });
  const app = new App({ outdir: join(work, "cdktf.out") });
  addStacks(app, config, "plan");
  app.synth();
});
afterAll(async () => {
  await new Promise((closed) => sts.close(closed));
  rmSync(work, { recursive: true, force: true });
});

const planRuntime = () =>
  planStacks({
    projectDir: PROJECT,
    outputDir: join(work, "cdktf.out"),
    plansDir: join(work, "plans"),
    env,
    synth: false,
    stacks: [STACK],
    providerRole: "plan",
  });

it("reviews a stack with no state (terraform state list: no state file) from its synthesized configuration", async () => {
  const [result] = await planRuntime();

  expect(result).toEqual({ stack: STACK, jsonFile: join(work, "plans", `${STACK}.json`), review: "synthesized" });
  const plan = JSON.parse(readFileSync(join(work, "plans", `${STACK}.json`), "utf8")) as { bedrock_access: unknown };
  expect(plan.bedrock_access).toEqual({ review: "synthesized", reason: "new account: no state and no plan-reader role yet" });
});

it("fails a stack whose state lists resources, naming the deploy from main, never --deploy-role", async () => {
  // GIVEN the stack's state holds a resource (an account deployed before its plan-reader role existed)
  mkdirSync(join(work, "state"), { recursive: true });
  writeFileSync(
    join(work, "state", `terraform.${STACK}.tfstate`),
    JSON.stringify({
      version: 4,
      terraform_version: "1.11.4",
      serial: 1,
      lineage: "3f0c1c55-0000-4000-8000-000000000000",
      outputs: {},
      resources: [
        {
          mode: "managed",
          type: "aws_iam_role",
          name: "runtime_role_8088BA04",
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [{ schema_version: 0, attributes: { name: "bedrock-runtime" } }],
        },
      ],
    }),
  );

  const [result] = await planRuntime();

  expect(result.jsonFile).toBeUndefined();
  expect(result.problem).toMatch(
    /^terraform plan failed \(exit 1\):\ncannot assume the plan-reader role, and the stack has state \(1 resource\): an existing account[\s\S]*Fix: deploy from main[\s\S]*Cannot assume IAM Role/,
  );
  expect(result.problem).not.toContain("--deploy-role");
});
