import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PLAN_SELECTION_FILE, planSelectionSchema, type PlanSelection } from "../../lib/contracts/plan-selection";
import { stacksInShard } from "../../lib/contracts/stack-shards";
import type { ProcessOptions, ProcessResult } from "../../lib/core/process";
import { planStacks, type PlanRunOptions } from "../../lib/plan-review/run/run-plans";
import { stackConfiguration, writeSynthesis, type Configuration } from "../helpers/synthesis";

/**
 * planStacks choosing what to plan: `base` (only what changed since a base synthesis, a destroy plan for what was
 * removed), `shard` (the assignment of `stacks --shard`), `detectDrift` (-detailed-exitcode). terraform is a recording
 * stand-in, as in run-plans.test.ts.
 */
describe("planStacks choosing stacks", () => {
  let work: string;
  let calls: { args: string; cwd: string }[];
  const headDir = () => join(work, "cdktf.out");
  const baseDir = () => join(work, "base.out");
  const plansDir = () => join(work, "plans");

  /** terraform: `plan` exits `planExit[stack]` (default 0); `show` prints the stack's directory. */
  const terraform =
    (planExit: Record<string, number> = {}) =>
    async (_command: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> => {
      calls.push({ args: args.join(" "), cwd: options.cwd.replace(work, "<work>") });
      const stack = options.cwd.split("/").at(-1) ?? "";
      const exitCode = args[0] === "plan" ? (planExit[stack] ?? 0) : 0;
      const stdout = args[0] === "show" ? JSON.stringify({ format_version: "1.2", planned_in: options.cwd.replace(work, "<work>") }) : "";
      return { exitCode, stdout, stderr: exitCode === 1 ? "Error: AccessDenied" : "", output: "" };
    };
  const plan = (options: Partial<PlanRunOptions> = {}) =>
    planStacks({
      projectDir: work,
      outputDir: headDir(),
      plansDir: plansDir(),
      env: {},
      synth: false,
      parallel: 1,
      run: terraform(),
      ...options,
    });
  const selection = (): PlanSelection => planSelectionSchema.parse(JSON.parse(readFileSync(join(plansDir(), PLAN_SELECTION_FILE), "utf8")));
  const planFiles = () =>
    readdirSync(plansDir())
      .filter((f) => f.endsWith(".json"))
      .sort();
  const stacks = (...names: string[]): Record<string, Configuration> => Object.fromEntries(names.map((n) => [n, stackConfiguration(n)]));

  beforeEach(() => {
    calls = [];
    work = mkdtempSync(join(tmpdir(), "plan-changed-"));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  describe("with a base synthesis", () => {
    /** One stack's policy statement changed, one unchanged, one new, one removed. */
    beforeEach(() => {
      writeSynthesis(baseDir(), stacks("management", "runtime-changed", "runtime-same", "runtime-gone"));
      const changedPolicy = {
        aws_iam_policy: {
          invoke: {
            name: "bedrock-invoke",
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:*", Resource: "*" }] }),
          },
        },
      };
      writeSynthesis(headDir(), {
        ...stacks("management", "runtime-same", "runtime-new"),
        "runtime-changed": stackConfiguration("runtime-changed", { resource: changedPolicy }),
      });
    });

    it("plans only the changed and new stacks, and plans destroying a removed stack in the base synthesis", async () => {
      const results = await plan({ base: baseDir() });

      expect(results).toEqual([
        { stack: "runtime-changed", jsonFile: join(plansDir(), "runtime-changed.json") },
        { stack: "runtime-new", jsonFile: join(plansDir(), "runtime-new.json") },
        { stack: "runtime-gone", jsonFile: join(plansDir(), "runtime-gone.json"), removed: true },
      ]);
      expect(calls.filter((c) => c.cwd.endsWith("runtime-gone"))).toEqual([
        { args: "init -input=false -no-color", cwd: "<work>/base.out/stacks/runtime-gone" },
        { args: "plan -destroy -input=false -no-color -out=plan.tfplan", cwd: "<work>/base.out/stacks/runtime-gone" },
        { args: "show -json -no-color plan.tfplan", cwd: "<work>/base.out/stacks/runtime-gone" },
      ]);
      expect(calls.some((c) => /management|runtime-same/.test(c.cwd))).toBe(false);
      expect(calls.filter((c) => c.args.startsWith("plan")).map((c) => c.cwd)).toEqual([
        "<work>/cdktf.out/stacks/runtime-changed",
        "<work>/cdktf.out/stacks/runtime-new",
        "<work>/base.out/stacks/runtime-gone",
      ]);
      expect(JSON.parse(readFileSync(join(plansDir(), "runtime-gone.json"), "utf8"))).toEqual({
        format_version: "1.2",
        planned_in: "<work>/base.out/stacks/runtime-gone",
      });
      expect(planFiles()).toEqual(["runtime-changed.json", "runtime-gone.json", "runtime-new.json"]);
    });

    it("writes what it chose to the selection file", async () => {
      await plan({ base: baseDir() });

      expect(selection()).toEqual({
        version: 1,
        base: baseDir(),
        planned: ["runtime-changed", "runtime-new"],
        removed: ["runtime-gone"],
        unchanged: ["management", "runtime-same"],
      });
    });

    it("reads a removed stack's provider from the base synthesis in a read-only plan", async () => {
      const reader = (account: string) => `arn:aws:iam::${account}:role/bedrock/bedrock-plan-reader`;
      writeSynthesis(baseDir(), {
        "runtime-gone": stackConfiguration("runtime-gone", {}, "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"),
      });
      writeSynthesis(headDir(), {});
      await expect(plan({ base: baseDir(), providerRole: "plan" })).rejects.toThrow(
        /runtime-gone: not synthesized for a read-only plan[\s\S]*assumes arn:aws:iam::222222222222:role\/OrganizationAccountAccessRole/,
      );
      expect(calls).toEqual([]);

      writeSynthesis(baseDir(), { "runtime-gone": stackConfiguration("runtime-gone", {}, reader("222222222222")) });
      await plan({ base: baseDir(), providerRole: "plan" });
      expect(calls.map((c) => c.args)).toContain("plan -destroy -input=false -no-color -out=plan.tfplan -lock=false");
    });

    it("plans every stack when a change touches every stack (a provider version bump)", async () => {
      const bumped = (name: string) =>
        stackConfiguration(name, {
          terraform: {
            backend: { s3: { bucket: "state", key: `${name}.tfstate`, region: "us-east-1" } },
            required_providers: { aws: { source: "aws", version: "6.0.0" } },
          },
        });
      writeSynthesis(baseDir(), stacks("management", "runtime-a", "runtime-b"));
      writeSynthesis(headDir(), { management: bumped("management"), "runtime-a": bumped("runtime-a"), "runtime-b": bumped("runtime-b") });

      const results = await plan({ base: baseDir() });

      expect(results.map((r) => r.stack)).toEqual(["management", "runtime-a", "runtime-b"]);
      expect(selection()).toMatchObject({ planned: ["management", "runtime-a", "runtime-b"], removed: [], unchanged: [] });
    });

    it("rejects --stack with --base, and --detect-drift with --base, before running terraform", async () => {
      await expect(plan({ base: baseDir(), stacks: ["runtime-new"] })).rejects.toThrow(/--stack and --base/);
      await expect(plan({ base: baseDir(), detectDrift: true })).rejects.toThrow(/--detect-drift and --base/);
      expect(calls).toEqual([]);
    });

    it("rejects a base that is not a cdktf synth output", async () => {
      await expect(plan({ base: join(work, "nothing") })).rejects.toThrow(/nothing\/manifest\.json: cannot read the cdktf manifest/);
    });
  });

  it("without a base, plans every stack and writes a selection with nothing left out", async () => {
    writeSynthesis(headDir(), stacks("management", "runtime-a"));

    await plan();

    expect(selection()).toEqual({ version: 1, planned: ["management", "runtime-a"], removed: [], unchanged: [] });
  });

  describe("one shard", () => {
    const names = ["management", ...Array.from({ length: 12 }, (_, i) => `runtime-acct-${String(i).padStart(2, "0")}`)];

    it.each([1, 2, 3])("plans exactly the stacks of shard %i of 3, as stacks --shard assigns them", async (index) => {
      writeSynthesis(headDir(), stacks(...names));

      const results = await plan({ shard: { index, count: 3 } });

      const expected = stacksInShard(names, index, 3);
      expect(expected.length).toBeGreaterThan(0);
      expect(results.map((r) => r.stack)).toEqual(expected);
      expect(selection()).toEqual({ version: 1, shard: { index, count: 3 }, planned: expected, removed: [], unchanged: [] });
    });

    it("with a base, keeps to the shard's changed, removed and unchanged stacks", async () => {
      const [changed, gone, ...rest] = names.slice(1);
      writeSynthesis(baseDir(), stacks(...names));
      const { [gone]: _removed, ...kept } = stacks(...names);
      writeSynthesis(headDir(), { ...kept, [changed]: stackConfiguration(changed, { provider: { aws: [{ region: "eu-west-1" }] } }) });

      const all = [...names];
      const shards = [1, 2].map((index) => ({ index, expected: stacksInShard(all, index, 2) }));
      for (const { index, expected } of shards) {
        await plan({ base: baseDir(), shard: { index, count: 2 } });
        expect(selection()).toEqual({
          version: 1,
          shard: { index, count: 2 },
          base: baseDir(),
          planned: expected.filter((n) => n === changed),
          removed: expected.filter((n) => n === gone),
          unchanged: expected.filter((n) => n === "management" || rest.includes(n)),
        });
      }
    });
  });

  describe("a drift check", () => {
    beforeEach(() => writeSynthesis(headDir(), stacks("management", "runtime-a", "runtime-b")));

    it("runs terraform plan -detailed-exitcode and marks a stack whose plan has changes (exit 2) drifted", async () => {
      const results = await plan({ detectDrift: true, run: terraform({ "runtime-a": 2 }) });

      expect(calls.filter((c) => c.args.startsWith("plan")).map((c) => c.args)).toEqual(
        Array(3).fill("plan -input=false -no-color -out=plan.tfplan -detailed-exitcode"),
      );
      expect(results).toEqual([
        { stack: "management", jsonFile: join(plansDir(), "management.json") },
        { stack: "runtime-a", jsonFile: join(plansDir(), "runtime-a.json"), drifted: true },
        { stack: "runtime-b", jsonFile: join(plansDir(), "runtime-b.json") },
      ]);
      expect(selection()).toMatchObject({ planned: ["management", "runtime-a", "runtime-b"], drifted: ["runtime-a"] });
    });

    it("records no drift when every plan exits 0, and a failure (exit 1) as a failure, not drift", async () => {
      const results = await plan({ detectDrift: true, run: terraform({ "runtime-b": 1 }) });

      expect(results[2]).toEqual({ stack: "runtime-b", problem: expect.stringMatching(/^terraform plan failed \(exit 1\):/) });
      expect(results.some((r) => r.drifted)).toBe(false);
      expect(selection().drifted).toEqual([]);
      expect(existsSync(join(plansDir(), "runtime-b.json"))).toBe(false);
    });
  });
});
