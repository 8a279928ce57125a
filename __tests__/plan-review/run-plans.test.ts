import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProcessOptions, ProcessResult } from "../../lib/core/process";
import { readStackPlans } from "../../lib/plan-review/read-plans";
import { renderText } from "../../lib/plan-review/render/render-text";
import { planStacks } from "../../lib/plan-review/run/run-plans";
import { summarizePlans } from "../../lib/plan-review/summarize";

/** planStacks with a recording stand-in for cdktf and terraform (the e2e test runs the real ones). */
describe("planStacks", () => {
  let work: string;
  let calls: { command: string; args: readonly string[]; cwd: string }[];
  const outputDir = () => join(work, "cdktf.out");

  const fake =
    (failing: { stack: string; step: string } | undefined) =>
    async (command: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> => {
      calls.push({ command, args, cwd: options.cwd });
      if (failing && options.cwd.endsWith(failing.stack) && args[0] === failing.step)
        return { exitCode: 1, stdout: "", stderr: "Error: No valid credential sources found", output: "" };
      if (args[0] === "show")
        return { exitCode: 0, stdout: JSON.stringify({ format_version: "1.2", stack: options.cwd }), stderr: "", output: "" };
      return { exitCode: 0, stdout: "", stderr: "", output: "" };
    };

  beforeEach(() => {
    calls = [];
    work = mkdtempSync(join(tmpdir(), "run-plans-"));
    const stacks = ["management", "runtime-ci"];
    for (const s of stacks) mkdirSync(join(outputDir(), "stacks", s), { recursive: true });
    writeFileSync(
      join(outputDir(), "manifest.json"),
      JSON.stringify({
        version: "0.21.0",
        stacks: Object.fromEntries(stacks.map((s) => [s, { name: s, workingDirectory: `stacks/${s}` }])),
      }),
    );
    mkdirSync(join(work, "plans"));
    writeFileSync(join(work, "plans", "runtime-removed.json"), "{}");
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it("synthesizes, then runs init, plan -out and show -json in each stack directory", async () => {
    const results = await planStacks({
      projectDir: work,
      outputDir: outputDir(),
      plansDir: join(work, "plans"),
      env: {},
      lockTimeout: "5m",
      parallel: 1,
      run: fake(undefined),
    });
    expect(calls.map((c) => [c.command.replace(work, "<project>"), c.args.join(" "), c.cwd.replace(work, "<work>")])).toEqual([
      ["<project>/node_modules/.bin/cdktf", `synth --output ${outputDir()}`, "<work>"],
      ["terraform", "init -input=false -no-color", "<work>/cdktf.out/stacks/management"],
      ["terraform", "plan -input=false -no-color -out=plan.tfplan -lock-timeout=5m", "<work>/cdktf.out/stacks/management"],
      ["terraform", "show -json -no-color plan.tfplan", "<work>/cdktf.out/stacks/management"],
      ["terraform", "init -input=false -no-color", "<work>/cdktf.out/stacks/runtime-ci"],
      ["terraform", "plan -input=false -no-color -out=plan.tfplan -lock-timeout=5m", "<work>/cdktf.out/stacks/runtime-ci"],
      ["terraform", "show -json -no-color plan.tfplan", "<work>/cdktf.out/stacks/runtime-ci"],
    ]);
    expect(results.map((r) => r.stack)).toEqual(["management", "runtime-ci"]);
    expect(JSON.parse(readFileSync(join(work, "plans", "runtime-ci.json"), "utf8"))).toEqual({
      format_version: "1.2",
      stack: join(outputDir(), "stacks", "runtime-ci"),
    });
    expect(existsSync(join(work, "plans", "runtime-removed.json"))).toBe(false);
  });

  it("plans the other stacks when one fails, and says what failed", async () => {
    const results = await planStacks({
      projectDir: work,
      outputDir: outputDir(),
      plansDir: join(work, "plans"),
      env: {},
      synth: false,
      run: fake({ stack: "management", step: "plan" }),
    });
    expect(results).toEqual([
      {
        stack: "management",
        problem: expect.stringMatching(/^terraform plan failed \(exit 1\):\n[\s\S]*No valid credential sources found/),
      },
      { stack: "runtime-ci", jsonFile: join(work, "plans", "runtime-ci.json") },
    ]);
    expect(calls.some((c) => c.args[0] === "synth")).toBe(false);
  });

  it("rejects a stack name that was not synthesized", async () => {
    await expect(
      planStacks({
        projectDir: work,
        outputDir: outputDir(),
        plansDir: join(work, "plans"),
        env: {},
        synth: false,
        stacks: ["runtime-nope"],
        run: fake(undefined),
      }),
    ).rejects.toThrow(/no synthesized stack named runtime-nope; expected one of management, runtime-ci/);
  });

  describe("read-only (providerRole plan)", () => {
    const synthesized = (stack: string, roleArn: string, cloud = false) =>
      writeFileSync(
        join(outputDir(), "stacks", stack, "cdk.tf.json"),
        JSON.stringify({
          provider: { aws: [{ assume_role: [{ role_arn: roleArn, session_name: "s" }] }] },
          terraform: cloud ? { cloud: { organization: "example-org" } } : { backend: { local: {} } },
        }),
      );
    const reader = (account: string) => `arn:aws:iam::${account}:role/bedrock/bedrock-plan-reader`;
    let envs: NodeJS.ProcessEnv[];
    const result = (exitCode: number, stdout: string, stderr = ""): ProcessResult => ({
      exitCode,
      stdout,
      stderr,
      output: `${stdout}${stderr}`,
    });
    /** terraform, whose plan of runtime-ci fails with `output`; `terraform state list` answers `stateList` (default: an empty state). */
    const recording =
      (output = "", stateList: ProcessResult = result(0, "")) =>
      async (command: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> => {
        envs.push(options.env ?? {});
        calls.push({ command, args, cwd: options.cwd });
        if (output && args[0] === "plan" && options.cwd.endsWith("runtime-ci")) return { exitCode: 1, stdout: "", stderr: output, output };
        if (args[0] === "state") return stateList;
        return { exitCode: 0, stdout: args[0] === "show" ? "{}" : "", stderr: "", output: "" };
      };
    /** The AWS provider's error when the role does not exist or does not trust the caller. */
    const cannotAssume = `Error: Cannot assume IAM Role\n\nIAM Role (${reader("222222222222")}) cannot be assumed.\n\nThere are a number of possible causes of this`;
    /** What terraform state list says before anything was ever applied (the local backend, the s3 backend's default workspace). */
    const NO_STATE_FILE = result(1, "", "No state file was found!\n\nState management commands require a state file.");
    const planReadOnly = (run: ReturnType<typeof recording>) =>
      planStacks({
        projectDir: work,
        outputDir: outputDir(),
        plansDir: join(work, "plans"),
        env: {},
        synth: false,
        providerRole: "plan",
        run,
      });
    const callsIn = (stack: string) => calls.filter((c) => c.cwd.endsWith(stack)).map((c) => c.args.join(" "));
    beforeEach(() => {
      envs = [];
      synthesized("management", reader("111111111111"));
      synthesized("runtime-ci", reader("222222222222"));
    });

    it("synthesizes with BEDROCK_ACCESS_PROVIDER_ROLE=plan and plans with -lock=false (no lock-timeout)", async () => {
      await planStacks({
        projectDir: work,
        outputDir: outputDir(),
        plansDir: join(work, "plans"),
        env: { BEDROCK_ACCESS_PROVIDER_ROLE: "deploy" },
        providerRole: "plan",
        lockTimeout: "5m",
        parallel: 1,
        run: recording(),
      });
      expect(envs.every((e) => e.BEDROCK_ACCESS_PROVIDER_ROLE === "plan")).toBe(true);
      expect(calls.filter((c) => c.args[0] === "plan").map((c) => c.args.join(" "))).toEqual([
        "plan -input=false -no-color -out=plan.tfplan -lock=false",
        "plan -input=false -no-color -out=plan.tfplan -lock=false",
      ]);
    });

    it("keeps the lock (and its timeout) on the cloud backend, whose plans run remotely", async () => {
      synthesized("runtime-ci", reader("222222222222"), true);
      await planStacks({
        projectDir: work,
        outputDir: outputDir(),
        plansDir: join(work, "plans"),
        env: {},
        synth: false,
        providerRole: "plan",
        lockTimeout: "5m",
        parallel: 1,
        run: recording(),
      });
      expect(calls.filter((c) => c.args[0] === "plan").map((c) => c.args.at(-1))).toEqual(["-lock=false", "-lock-timeout=5m"]);
    });

    it("refuses stacks synthesized for deploy (they would assume the Terraform role), before running terraform", async () => {
      synthesized("runtime-ci", "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole");
      await expect(planReadOnly(recording())).rejects.toThrow(
        /runtime-ci: not synthesized for a read-only plan[\s\S]*assumes arn:aws:iam::222222222222:role\/OrganizationAccountAccessRole, not the plan-reader role: synthesize with BEDROCK_ACCESS_PROVIDER_ROLE=plan/,
      );
      expect(calls).toEqual([]);
    });

    describe("when the plan-reader role cannot be assumed", () => {
      /** A new account's stack as cdktf synthesizes it: a role, a policy attached by reference, a data source. */
      const newAccountStack = () =>
        writeFileSync(
          join(outputDir(), "stacks", "runtime-ci", "cdk.tf.json"),
          JSON.stringify({
            provider: { aws: [{ allowed_account_ids: ["222222222222"], assume_role: [{ role_arn: reader("222222222222") }] }] },
            terraform: { backend: { local: {} }, required_providers: { aws: { source: "aws", version: "5.100.0" } } },
            data: { aws_iam_role: { runner: { name: "runs-on-RunnerInstanceRole" } } },
            resource: {
              aws_iam_role: {
                runtime: {
                  name: "bedrock-runtime",
                  assume_role_policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                      { Sid: "Pipeline", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" },
                    ],
                  }),
                },
              },
              aws_iam_role_policy_attachment: {
                runtime: { role: "${aws_iam_role.runtime.name}", policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
              },
            },
          }),
        );

      it.each([
        ["never written", NO_STATE_FILE],
        ["empty", result(0, "")],
      ])(
        "reviews a new account (its state %s) from its synthesized configuration, with no credentials in the account",
        async (_, stateList) => {
          // GIVEN a stack whose plan-reader role cannot be assumed and whose state holds nothing
          newAccountStack();

          // WHEN it is planned read-only
          const results = await planReadOnly(recording(cannotAssume, stateList));

          // THEN it is reviewed from cdk.tf.json: no show -json, and a plan-shaped file marked as such
          expect(results).toEqual([
            { stack: "management", jsonFile: join(work, "plans", "management.json") },
            { stack: "runtime-ci", jsonFile: join(work, "plans", "runtime-ci.json"), review: "synthesized" },
          ]);
          expect(callsIn("runtime-ci")).toEqual([
            "init -input=false -no-color",
            "plan -input=false -no-color -out=plan.tfplan -lock=false",
            "state list -no-color",
          ]);
          const written = JSON.parse(readFileSync(join(work, "plans", "runtime-ci.json"), "utf8")) as Record<string, unknown>;
          expect(written.bedrock_access).toEqual({ review: "synthesized", reason: "new account: no state and no plan-reader role yet" });

          // AND plan-summary reads it like a plan: two creates, the attachment paired with its role
          const [stack] = summarizePlans(readStackPlans([join(work, "plans", "runtime-ci.json")]), {
            firstUseRoleName: "bedrock-first-use",
          }).stacks;
          expect(stack).toMatchObject({ stack: "runtime-ci", accountId: "222222222222", synthesized: { reason: expect.any(String) } });
          expect(stack.resources.map((r) => [r.action, r.address, r.relation])).toEqual([
            ["create", "aws_iam_role.runtime", undefined],
            ["create", "aws_iam_role_policy_attachment.runtime", "attaches arn:aws:iam::aws:policy/ReadOnlyAccess to role bedrock-runtime"],
          ]);
          expect(renderText({ stacks: [stack], totals: stack.counts, findings: stack.findings })).toContain(
            "runtime-ci (222222222222): 2 to add, 0 to change, 0 to destroy (new account: reviewed from its synthesized configuration, not planned against AWS)",
          );
        },
      );

      it("fails an existing account (it has state) and names the deploy from main as the fix, never --deploy-role", async () => {
        const results = await planReadOnly(recording(cannotAssume, result(0, "aws_iam_policy.invoke-policy\naws_iam_role.runtime\n")));

        expect(results[0]).toEqual({ stack: "management", jsonFile: join(work, "plans", "management.json") });
        expect(results[1].jsonFile).toBeUndefined();
        expect(results[1].problem).toMatch(
          /^terraform plan failed \(exit 1\):\ncannot assume the plan-reader role, and the stack has state \(2 resources\): an existing account whose plan-reader role is missing \(no deploy from main since managementAccount\.planPrincipals was set, or the role was deleted\)\. Fix: deploy from main, which creates the role, then plan again\.[\s\S]*Cannot assume IAM Role/,
        );
        expect(results[1].problem).not.toContain("--deploy-role");
        expect(existsSync(join(work, "plans", "runtime-ci.json"))).toBe(false);
      });

      it("fails when terraform state list cannot read the state, rather than guess the account is new", async () => {
        newAccountStack();
        const results = await planReadOnly(recording(cannotAssume, result(1, "", "Error: Failed to load state: AccessDenied")));

        expect(results[1].problem).toMatch(
          /^terraform plan failed \(exit 1\):\ncannot assume the plan-reader role, and terraform state list failed \(exit 1\), so whether the stack has state is unknown[\s\S]*terraform state list:\nError: Failed to load state: AccessDenied$/,
        );
        expect(results[1].problem).not.toContain("--deploy-role");
        expect(existsSync(join(work, "plans", "runtime-ci.json"))).toBe(false);
      });

      it("leaves other plan failures alone: no state list, no review from the synthesis", async () => {
        newAccountStack();
        const results = await planReadOnly(recording("Error: No valid credential sources found"));

        expect(results[1].problem).toMatch(/^terraform plan failed \(exit 1\):\nError: No valid credential sources found$/);
        expect(callsIn("runtime-ci")).not.toContain("state list -no-color");
      });
    });
  });
});
