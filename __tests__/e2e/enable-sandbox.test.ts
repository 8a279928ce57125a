import { ConverseCommand, BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { ListRolePoliciesCommand, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { runtimeOutputsSchema, type RuntimeOutputs } from "../../lib/contracts/stack-outputs/schema";
import { reportSchema, type Report } from "../../lib/contracts/report";
import { clientsInAccount, type AwsCredentialIdentity } from "../../sandbox/aws-clients";
import type { ProcessResult } from "../../lib/core/process";
import { deployArgs, runCdktf, runEnable } from "../../sandbox/cdktf";
import { cleanEnv, startSandbox, type Sandbox } from "../../sandbox/sandbox";

/**
 * The whole job against the local sandbox: the real `cdktf deploy` into moto, then the real enablement
 * script, as the pipeline role, against the Bedrock emulator, asserted from the emulator's own state.
 */
jest.setTimeout(300_000);

const PROJECT = resolve(__dirname, "..", "..");
const EXAMPLE = join(PROJECT, "bedrock-access.yaml");

interface Deployed {
  sandbox: Sandbox;
  work: string;
  outputsFile: string;
  outputs: Record<string, RuntimeOutputs>;
}

async function deploySandbox(configText: string, name: string): Promise<Deployed> {
  const work = mkdtempSync(join(tmpdir(), `bedrock-${name}-`));
  writeFileSync(join(work, "source.yaml"), configText);
  const sandbox = await startSandbox({ configFile: join(work, "source.yaml"), workDir: work, emulator: { pendingMs: 300, seed: 42 } });
  const outputsFile = join(work, "outputs.json");
  try {
    const deploy = await runCdktf(deployArgs(join(work, "cdktf.out"), outputsFile), {
      cwd: PROJECT,
      env: { ...cleanEnv(), ...sandbox.env },
    });
    if (deploy.exitCode !== 0) throw new Error(`cdktf deploy failed:\n${deploy.output.slice(-4000)}`);
    const raw = JSON.parse(readFileSync(outputsFile, "utf8")) as Record<string, unknown>;
    const outputs: Record<string, RuntimeOutputs> = {};
    for (const account of sandbox.config.accounts) outputs[account.name] = runtimeOutputsSchema.parse(raw[`runtime-${account.name}`]);
    return { sandbox, work, outputsFile, outputs };
  } catch (err) {
    // afterAll cannot stop what it never received.
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

async function enable(d: Deployed, ...extra: string[]): Promise<{ run: ProcessResult; report: Report }> {
  const reportFile = join(d.work, `report-${Date.now()}.json`);
  const args = ["--config", d.sandbox.configFile, "--outputs", d.outputsFile, "--report", reportFile, "--poll-interval", "1", ...extra];
  const run = await runEnable(args, { cwd: PROJECT, env: { ...cleanEnv(), ...(await d.sandbox.pipelineEnv()) } });
  return { run, report: reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8"))) };
}

async function assume(d: Deployed, roleArn: string): Promise<AwsCredentialIdentity> {
  const pipeline = await d.sandbox.pipelineEnv();
  const sts = new STSClient({
    endpoint: d.sandbox.moto.endpoint,
    region: "us-east-1",
    credentials: {
      accessKeyId: pipeline.AWS_ACCESS_KEY_ID,
      secretAccessKey: pipeline.AWS_SECRET_ACCESS_KEY,
      sessionToken: pipeline.AWS_SESSION_TOKEN,
    },
  });
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "e2e" }));
  sts.destroy();
  return { accessKeyId: c?.AccessKeyId ?? "", secretAccessKey: c?.SecretAccessKey ?? "", sessionToken: c?.SessionToken };
}

const callsBy = (d: Deployed, operation: string, principal: RegExp) =>
  d.sandbox.emulator.state().calls.filter((c) => c.operation === operation && principal.test(c.principalArn ?? ""));
const profilesOf = (report: Report) => report.accounts.flatMap((a) => a.profiles);

describe("enablement of the example Organization in the sandbox", () => {
  let d: Deployed;
  let first: { run: ProcessResult; report: Report };

  beforeAll(async () => {
    d = await deploySandbox(readFileSync(EXAMPLE, "utf8"), "enable");
    first = await enable(d);
  });
  afterAll(async () => {
    await d?.sandbox.stop();
    if (d) rmSync(d.work, { recursive: true, force: true });
  });

  it("enables every profile of every account and exits 0", () => {
    expect({ exitCode: first.run.exitCode, stderr: first.run.exitCode === 0 ? "" : first.run.stderr }).toEqual({ exitCode: 0, stderr: "" });
    const expected = Object.values(d.outputs).flatMap((o) => o.model_profiles.map((p) => `${o.account_id} ${p.region} ${p.invocation_id}`));
    const enabled = first.report.accounts.flatMap((a) =>
      a.profiles.filter((p) => p.status === "enabled").map((p) => `${a.accountId} ${p.region} ${p.invocationId}`),
    );
    expect(enabled.sort()).toEqual(expected.sort());
    expect(first.run.stdout).toMatch(/6 profiles in 2 accounts: 6 enabled/);
  });

  it("submits the use-case form once, from the management account through the FTU-submitter role", () => {
    const state = d.sandbox.emulator.state();
    expect(state.forms.map((f) => [f.account, f.submissions])).toEqual([["111111111111", 1]]);
    expect(state.forms[0].formJson).toMatchObject({ companyName: "Example Corp", intendedUsers: "0" });
    expect(callsBy(d, "PutUseCaseForModelAccess", /./).map((c) => c.principalArn)).toEqual([
      expect.stringMatching(/^arn:aws:sts::111111111111:assumed-role\/bedrock-ftu-submitter\//),
    ]);
  });

  it("creates an AVAILABLE agreement for each account and model through the first-use role", () => {
    const agreements = d.sandbox.emulator.state().agreements;
    for (const out of Object.values(d.outputs)) {
      for (const model of new Set(out.model_profiles.map((p) => p.model_id))) {
        const agreement = agreements.find((a) => a.account === out.account_id && a.modelId === model);
        expect(agreement).toMatchObject({ status: "AVAILABLE", createdVia: "invocation" });
        expect(agreement?.createdBy).toMatch(new RegExp(`^arn:aws:sts::${out.account_id}:assumed-role/bedrock-first-use/`));
      }
    }
  });

  it("proves the runtime roles invoke while holding no Marketplace permission", async () => {
    expect(profilesOf(first.report).map((p) => p.proof.status)).toEqual(Array(6).fill("passed"));
    const { iam } = await clientsInAccount(d.sandbox.moto.endpoint, "222222222222");
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: "bedrock-runtime" }))).PolicyNames).toEqual([]);
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "bedrock-runtime" }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(["bedrock-invoke"]);

    const runtimeArn = d.outputs["ci-prod"].runtime_roles.find((r) => r.kind === "plain")?.arn ?? "";
    const client = new BedrockRuntimeClient({
      endpoint: d.sandbox.emulator.url,
      region: "us-east-1",
      credentials: await assume(d, runtimeArn),
    });
    const reply = await client.send(
      new ConverseCommand({
        modelId: "us.anthropic.claude-opus-4-6-v1",
        messages: [{ role: "user", content: [{ text: "Reply with OK only." }] }],
      }),
    );
    client.destroy();
    expect(reply.output?.message?.content?.[0]?.text).toBe("OK");
  });

  it("is idempotent: a second run submits nothing and invokes nothing through the first-use role", async () => {
    const putsBefore = callsBy(d, "PutUseCaseForModelAccess", /./).length;
    const conversesBefore = callsBy(d, "Converse", /assumed-role\/bedrock-first-use\//).length;
    const second = await enable(d);
    expect(second.run.exitCode).toBe(0);
    expect(second.report.useCase.status).toBe("unchanged");
    expect(profilesOf(second.report).map((p) => p.status)).toEqual(Array(6).fill("already-enabled"));
    expect(callsBy(d, "PutUseCaseForModelAccess", /./)).toHaveLength(putsBefore);
    expect(callsBy(d, "Converse", /assumed-role\/bedrock-first-use\//)).toHaveLength(conversesBefore);
  });

  it("accepts RunsOn's manual flow with the aws CLI, and reads its form back as unchanged", async () => {
    const form = JSON.stringify({
      companyName: "Example Corp",
      companyWebsite: "https://example.com",
      intendedUsers: "0",
      industryOption: "Technology",
      otherIndustryOption: "",
      useCases: "AI-assisted code review and test generation in CI pipelines.",
    });
    const cli = async (roleArn: string, command: string) => {
      const c = await assume(d, roleArn);
      const env = {
        ...cleanEnv(),
        AWS_ACCESS_KEY_ID: c.accessKeyId,
        AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
        AWS_SESSION_TOKEN: c.sessionToken ?? "",
        AWS_DEFAULT_REGION: "us-east-1",
        FORM: form,
        EP: d.sandbox.emulator.url,
      };
      // Asynchronously: the emulator runs in this process and must keep answering.
      const { stdout } = await promisify(execFile)("bash", ["-c", command], { env, encoding: "utf8" });
      return stdout.trim();
    };
    await cli(
      "arn:aws:iam::111111111111:role/bedrock/bedrock-ftu-submitter",
      'aws bedrock put-use-case-for-model-access --endpoint-url "$EP" --form-data "$(echo -n "$FORM" | base64 -w0)"',
    );
    const runtimeArn = d.outputs["ci-prod"].runtime_roles.find((r) => r.kind === "plain")?.arn ?? "";
    const answer = await cli(
      runtimeArn,
      `aws bedrock-runtime converse --endpoint-url "$EP" --model-id us.anthropic.claude-sonnet-4-6 --messages '[{"role":"user","content":[{"text":"Reply with OK only."}]}]' --query 'output.message.content[0].text' --output text`,
    );
    expect(answer).toBe("OK");
    const availability = await cli(
      d.outputs["ci-prod"].first_use_role_arn,
      'aws bedrock get-foundation-model-availability --endpoint-url "$EP" --model-id anthropic.claude-sonnet-4-6 --query agreementAvailability.status --output text',
    );
    expect(availability).toBe("AVAILABLE");

    // aws CLI v1 base64-encodes the blob again, so the form is stored base64-wrapped: read back as equal.
    const again = await enable(d);
    expect(again.report.useCase.status).toBe("unchanged");
  });

  it("still enables everything with 30% throttling and 5% server errors", async () => {
    d.sandbox.emulator.reset();
    d.sandbox.emulator.setFaults({ throttleRate: 0.3, serverErrorRate: 0.05 });
    const run = await enable(d);
    const calls = d.sandbox.emulator.state().calls;
    d.sandbox.emulator.setFaults({ throttleRate: 0, serverErrorRate: 0 });
    expect(run.run.exitCode).toBe(0);
    expect(profilesOf(run.report).every((p) => p.status === "enabled" || p.status === "already-enabled")).toBe(true);
    expect(calls.filter((c) => c.outcome === "ThrottlingException").length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.status >= 500).length).toBeGreaterThan(0);
  });
});

describe("a first-use role deployed without Marketplace permissions", () => {
  let d: Deployed;
  beforeAll(async () => {
    const raw = parse(readFileSync(EXAMPLE, "utf8")) as { accounts: Record<string, unknown>[] };
    raw.accounts[1].firstUseMarketplaceAccess = false;
    d = await deploySandbox(stringify(raw), "no-marketplace");
  });
  afterAll(async () => {
    await d?.sandbox.stop();
    if (d) rmSync(d.work, { recursive: true, force: true });
  });

  it("fails that account with an actionable message and exit code 1, and still enables the others", async () => {
    const { run, report } = await enable(d);
    expect(run.exitCode).toBe(1);
    const [ciProd, mlResearch] = report.accounts;
    expect(ciProd.profiles.map((p) => p.status)).toEqual(Array(4).fill("enabled"));
    expect(mlResearch.profiles.map((p) => p.status)).toEqual(["failed", "failed"]);
    const message = mlResearch.profiles[0].error?.message ?? "";
    expect(message).toMatch(/arn:aws:iam::333333333333:role\/bedrock\/bedrock-first-use/);
    expect(message).toMatch(/aws-marketplace:Subscribe/);
    expect(run.output).toMatch(/333333333333/);
  });
});
