import { ConverseCommand, BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import {
  AttachRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRolePolicyCommand,
  PutRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { reportSchema, type Report } from "../../lib/contracts/report";
import { clientsInAccount } from "../../sandbox/aws-clients";
import type { ProcessResult } from "../../lib/core/process";
import { runEnable } from "../../sandbox/cdktf";
import { cleanEnv } from "../../sandbox/sandbox";
import { assumeInSandbox, PROJECT, type Deployed } from "../helpers/deployed-sandbox";
import { expectDocExample } from "../helpers/doc-examples";

async function enable(d: Deployed, ...extra: string[]): Promise<{ run: ProcessResult; report: Report }> {
  const reportFile = join(d.work, `report-${Date.now()}.json`);
  const args = [
    "--config",
    d.sandbox.configFile,
    "--outputs",
    d.outputsFile,
    "--report",
    reportFile,
    "--poll-interval",
    "1",
    "--retry-base-delay",
    "0.2",
    ...extra,
  ];
  const run = await runEnable(args, { cwd: PROJECT, env: { ...cleanEnv(), ...(await d.sandbox.pipelineEnv()) } });
  return { run, report: reportSchema.parse(JSON.parse(readFileSync(reportFile, "utf8"))) };
}

const assume = assumeInSandbox;

const callsBy = (d: Deployed, operation: string, principal: RegExp) =>
  d.sandbox.emulator.state().calls.filter((c) => c.operation === operation && principal.test(c.principalArn ?? ""));
const profilesOf = (report: Report) => report.accounts.flatMap((a) => a.profiles);

/**
 * The whole job against the local sandbox: the real `cdktf deploy` into moto, then the real enablement
 * script, as the pipeline role, against the Bedrock emulator, asserted from the emulator's own state.
 */
export function describeEnablement(deployed: () => Deployed): void {
  describe("enablement of the example Organization in the sandbox", () => {
    let d: Deployed;
    let first: { run: ProcessResult; report: Report };

    beforeAll(async () => {
      d = deployed();
      d.sandbox.emulator.reset();
      first = await enable(d);
    });

    it("enables every profile of every account and exits 0", () => {
      expect({ exitCode: first.run.exitCode, stderr: first.run.exitCode === 0 ? "" : first.run.stderr }).toEqual({
        exitCode: 0,
        stderr: "",
      });
      const expected = Object.values(d.outputs).flatMap((o) =>
        o.model_profiles.map((p) => `${o.account_id} ${p.region} ${p.invocation_id}`),
      );
      const enabled = first.report.accounts.flatMap((a) =>
        a.profiles.filter((p) => p.status === "enabled").map((p) => `${a.accountId} ${p.region} ${p.invocationId}`),
      );
      expect(enabled.sort()).toEqual(expected.sort());
      expect(first.run.stdout).toMatch(/8 profiles in 2 accounts: 8 enabled/);
    });

    it("prints the table docs/enablement.md shows", () => {
      expectDocExample("enable-first-run", first.run.stdout);
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
      expect(profilesOf(first.report).map((p) => p.proof.status)).toEqual(Array(8).fill("passed"));
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
          modelId: "us.anthropic.claude-opus-5-5",
          messages: [{ role: "user", content: [{ text: "Reply with OK only." }] }],
        }),
      );
      client.destroy();
      expect(reply.output?.message?.content?.[0]?.text).toBe("OK");
    });

    it("calls Opus 5 through the Messages API on bedrock-mantle: the runtime role is refused, the first-use role makes the first call, then the runtime role answers", () => {
      for (const out of Object.values(d.outputs)) {
        const mantle = d.sandbox.emulator
          .state()
          .calls.filter((c) => c.operation === "CreateInference" && c.account === out.account_id)
          .map((c) => `${/assumed-role\/([^/]+)\//.exec(c.principalArn ?? "")?.[1] ?? "?"} ${c.region} ${c.modelId} ${c.outcome}`);
        const region = out.regions[0];
        expect(mantle).toEqual([
          `bedrock-runtime ${region} anthropic.claude-opus-5 AccessDeniedException`,
          `bedrock-first-use ${region} anthropic.claude-opus-5 ok`,
          `bedrock-runtime ${region} anthropic.claude-opus-5 ok`,
        ]);
      }
      const messages = profilesOf(first.report).filter((p) => p.kind === "messages");
      expect(messages.map((p) => [p.region, p.invocationId, p.status, p.action, p.agreement, p.answer])).toEqual([
        ["us-east-1", "anthropic.claude-opus-5", "enabled", "invoked", "UNKNOWN", "OK"],
        ["eu-west-1", "anthropic.claude-opus-5", "enabled", "invoked", "UNKNOWN", "OK"],
      ]);
      expect(first.run.stdout).toContain("anthropic.claude-opus-5 (Messages API)");
    });

    it("sees an IAM change made through the sandbox's endpoint at the very next call, although it caches IAM policies", async () => {
      const runtimeArn = d.outputs["ci-prod"].runtime_roles.find((r) => r.kind === "plain")?.arn ?? "";
      const client = new BedrockRuntimeClient({
        endpoint: d.sandbox.emulator.url,
        region: "us-east-1",
        credentials: await assume(d, runtimeArn),
      });
      const converse = () =>
        client
          .send(
            new ConverseCommand({
              modelId: "us.anthropic.claude-sonnet-5-5",
              messages: [{ role: "user", content: [{ text: "Reply with OK only." }] }],
            }),
          )
          .then(
            () => "allowed",
            (err: unknown) => (err instanceof Error ? err.name : "error"),
          );
      const { iam } = await clientsInAccount(d.sandbox.env.AWS_ENDPOINT_URL, "222222222222");
      const [invoke] = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "bedrock-runtime" }))).AttachedPolicies ?? [];
      try {
        expect(await converse()).toBe("allowed");
        await iam.send(new DetachRolePolicyCommand({ RoleName: "bedrock-runtime", PolicyArn: invoke.PolicyArn }));
        expect(await converse()).toBe("AccessDeniedException");
      } finally {
        await iam.send(new AttachRolePolicyCommand({ RoleName: "bedrock-runtime", PolicyArn: invoke.PolicyArn }));
      }
      expect(await converse()).toBe("allowed");
      client.destroy();
      iam.destroy();
    });

    it("is idempotent: a second run submits nothing and invokes nothing through the first-use role", async () => {
      const putsBefore = callsBy(d, "PutUseCaseForModelAccess", /./).length;
      const conversesBefore = callsBy(d, "Converse", /assumed-role\/bedrock-first-use\//).length;
      const messagesBefore = callsBy(d, "CreateInference", /assumed-role\/bedrock-first-use\//).length;
      const second = await enable(d);
      expect(second.run.exitCode).toBe(0);
      expect(second.report.useCase.status).toBe("unchanged");
      expect(profilesOf(second.report).map((p) => p.status)).toEqual(Array(8).fill("already-enabled"));
      expect(callsBy(d, "PutUseCaseForModelAccess", /./)).toHaveLength(putsBefore);
      expect(callsBy(d, "Converse", /assumed-role\/bedrock-first-use\//)).toHaveLength(conversesBefore);
      expect(callsBy(d, "CreateInference", /assumed-role\/bedrock-first-use\//)).toHaveLength(messagesBefore);
      // The log, then the table: as a terminal shows them (the table is written once the log is done).
      expectDocExample("enable-rerun", `${second.run.stderr}${second.run.stdout}`);
    });

    it("runs the manual aws CLI flow of docs/sandbox.md as written, with the exports `npm run sandbox` prints", async () => {
      const doc = readFileSync(join(PROJECT, "docs", "sandbox.md"), "utf8");
      const block = /<!-- manual-aws-cli-flow[^>]*-->\n```sh\n([\s\S]*?)\n```/.exec(doc)?.[1];
      expect(block).toContain("EP=http://127.0.0.1:4566");
      // The project folder the block expects: .sandbox/manual/outputs.json from the deploy; the emulator on this run's port.
      const folder = join(d.work, "manual-flow");
      mkdirSync(join(folder, ".sandbox", "manual"), { recursive: true });
      copyFileSync(d.outputsFile, join(folder, ".sandbox", "manual", "outputs.json"));
      const script = `set -euo pipefail\n${(block ?? "").replace("EP=http://127.0.0.1:4566", `EP=${d.sandbox.emulator.url}`)}`;
      const seqBefore = d.sandbox.emulator.state().calls.at(-1)?.seq ?? 0;

      // Asynchronously: the emulator runs in this process and must keep answering.
      const { stdout } = await promisify(execFile)("bash", ["-c", script], {
        cwd: folder,
        env: { ...cleanEnv(), ...(await d.sandbox.pipelineEnv()) },
        encoding: "utf8",
      });

      expect(stdout.trim().split("\n")).toEqual(["OK", expect.stringMatching(/^(PENDING|AVAILABLE)$/)]);
      const calls = d.sandbox.emulator.state().calls.filter((c) => c.seq > seqBefore && c.outcome === "ok");
      expect(calls.map((c) => [c.operation, c.principalArn?.replace(/\/manual$/, "")])).toEqual([
        ["PutUseCaseForModelAccess", "arn:aws:sts::111111111111:assumed-role/bedrock-ftu-submitter"],
        ["Converse", "arn:aws:sts::222222222222:assumed-role/bedrock-first-use"],
        ["GetFoundationModelAvailability", "arn:aws:sts::222222222222:assumed-role/bedrock-first-use"],
      ]);

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

    // What firstUseMarketplaceAccess: false deploys (the synth tests check the stack leaves these statements out): here
    // they are removed from the deployed policy and put back, instead of a second deploy of a variant config.
    it("fails an account whose first-use role lacks Marketplace permissions with an actionable message and exit code 1, and still enables the others", async () => {
      d.sandbox.emulator.reset();
      const { iam } = await clientsInAccount(d.sandbox.env.AWS_ENDPOINT_URL, "333333333333");
      const role = { RoleName: "bedrock-first-use", PolicyName: "first-use-marketplace" };
      const deployed = decodeURIComponent((await iam.send(new GetRolePolicyCommand(role))).PolicyDocument ?? "");
      const document = JSON.parse(deployed) as { Statement: { Sid: string }[] };
      const marketplace = new Set(["SubscribeToModelOffers", "ViewSubscriptions"]);
      expect(document.Statement.filter((st) => marketplace.has(st.Sid))).toHaveLength(2);
      const withoutMarketplace = { ...document, Statement: document.Statement.filter((st) => !marketplace.has(st.Sid)) };
      await iam.send(new PutRolePolicyCommand({ ...role, PolicyDocument: JSON.stringify(withoutMarketplace) }));
      try {
        const { run, report } = await enable(d);
        expect(run.exitCode).toBe(1);
        const [ciProd, mlResearch] = report.accounts;
        expect(ciProd.profiles.map((p) => p.status)).toEqual(Array(5).fill("enabled"));
        // The Messages API profile too: the sandbox assumes bedrock-mantle needs the agreement (its default).
        expect(mlResearch.profiles.map((p) => [p.status, p.error?.kind])).toEqual(Array(3).fill(["failed", "marketplace-denied"]));
        const message = mlResearch.profiles[0].error?.message ?? "";
        expect(message).toMatch(/arn:aws:iam::333333333333:role\/bedrock\/bedrock-first-use/);
        expect(message).toMatch(/aws-marketplace:Subscribe/);
        expect(run.output).toMatch(/333333333333/);
      } finally {
        await iam.send(new PutRolePolicyCommand({ ...role, PolicyDocument: deployed }));
        iam.destroy();
      }
    });

    it("enables the Messages API profiles also when bedrock-mantle has no Marketplace gate: the runtime role's first call answers", async () => {
      d.sandbox.emulator.reset();
      d.sandbox.emulator.setSettings({ mantleAgreement: "none" });
      try {
        const { run, report } = await enable(d, "--models", "anthropic.claude-opus-5");
        expect(run.exitCode).toBe(0);
        expect(profilesOf(report).map((p) => [p.region, p.status, p.action, p.proof.status])).toEqual([
          ["us-east-1", "already-enabled", "none", "passed"],
          ["eu-west-1", "already-enabled", "none", "passed"],
        ]);
        expect(callsBy(d, "CreateInference", /assumed-role\/bedrock-first-use\//)).toEqual([]);
        expect(d.sandbox.emulator.state().agreements).toEqual([]);
      } finally {
        d.sandbox.emulator.reset();
      }
    });
  });
}
