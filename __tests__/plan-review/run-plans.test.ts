import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProcessOptions, ProcessResult } from "../../lib/core/process";
import { planStacks } from "../../lib/plan-review/run/run-plans";

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
    const recording =
      (output = "") =>
      async (command: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> => {
        envs.push(options.env ?? {});
        calls.push({ command, args, cwd: options.cwd });
        if (output && args[0] === "plan" && options.cwd.endsWith("runtime-ci")) return { exitCode: 1, stdout: "", stderr: output, output };
        return { exitCode: 0, stdout: args[0] === "show" ? "{}" : "", stderr: "", output: "" };
      };
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
      await expect(
        planStacks({
          projectDir: work,
          outputDir: outputDir(),
          plansDir: join(work, "plans"),
          env: {},
          synth: false,
          providerRole: "plan",
          run: recording(),
        }),
      ).rejects.toThrow(
        /runtime-ci: not synthesized for a read-only plan[\s\S]*assumes arn:aws:iam::222222222222:role\/OrganizationAccountAccessRole, not the plan-reader role: synthesize with BEDROCK_ACCESS_PROVIDER_ROLE=plan/,
      );
      expect(calls).toEqual([]);
    });

    it("says why a plan-reader role cannot be assumed (a new account before its first deploy)", async () => {
      const results = await planStacks({
        projectDir: work,
        outputDir: outputDir(),
        plansDir: join(work, "plans"),
        env: {},
        synth: false,
        providerRole: "plan",
        run: recording(`Error: Cannot assume IAM Role\n\nIAM Role (${reader("222222222222")}) cannot be assumed.`),
      });
      expect(results[0]).toEqual({ stack: "management", jsonFile: join(work, "plans", "management.json") });
      expect(results[1].problem).toMatch(
        /^terraform plan failed \(exit 1\):\ncannot assume the plan-reader role: it does not exist yet \(a new account[\s\S]*the next deploy from main creates it\)[\s\S]*Cannot assume IAM Role/,
      );
    });
  });
});
