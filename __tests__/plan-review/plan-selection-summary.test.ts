import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PLAN_SELECTION_FILE, writePlanSelection, type PlanSelection } from "../../lib/contracts/plan-selection";
import { runCli } from "../../lib/cli/run-cli";
import { readStackPlans } from "../../lib/plan-review/read-plans";
import { renderMarkdown } from "../../lib/plan-review/render/render-markdown";
import { renderText } from "../../lib/plan-review/render/render-text";
import { readPlanRun } from "../../lib/plan-review/selection/read-plan-run";
import { summarizePlans } from "../../lib/plan-review/summarize";
import { testIo } from "../helpers/cli-io";
import { tempDir, writeJson } from "../helpers/files";
import { doc, PIPELINE_TRUST, role, stackPlan, type ChangeSpec } from "./plan-builders";

/** plan-summary over the directories `plan` writes: one per shard, each with its plan-selection.meta. */
const options = { firstUseRoleName: "bedrock-first-use" };
const BASE = "cdktf.out.base";
const INVOKE = doc({
  Sid: "Invoke",
  Effect: "Allow",
  Action: "bedrock:InvokeModel",
  Resource: "arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.x",
});
const invokePolicy = (): ChangeSpec[] => [
  { address: "aws_iam_policy.invoke", actions: ["create"], after: { name: "invoke", policy: INVOKE } },
];

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A plans directory as `plan` writes it: `<stack>.json` for each plan, and the selection. */
function plansDir(name: string, selection: Omit<PlanSelection, "version">, plans: Record<string, ChangeSpec[]> = {}): string {
  const path = join(dir, name);
  mkdirSync(path);
  for (const [stack, changes] of Object.entries(plans)) writeJson(path, `${stack}.json`, stackPlan(stack, changes).plan);
  writePlanSelection(path, { version: 1, ...selection });
  return path;
}

const markdownOf = (...paths: string[]) => {
  const { plans, selection } = readPlanRun(paths);
  return renderMarkdown(summarizePlans(plans, options, selection));
};

/** Runs plan-summary without a config (the review options default); returns the exit code, the comment and stderr. */
async function planSummary(...args: string[]) {
  const io = testIo({ env: { BEDROCK_ACCESS_CONFIG: join(dir, "no-config.yaml") } });
  const commentFile = join(dir, "comment.md");
  const code = await runCli(["plan-summary", ...args, "--comment-file", commentFile], io);
  return { code, comment: code === 2 ? "" : readFileSync(commentFile, "utf8"), err: io.err.join("") };
}

describe("plan-summary over a plan run's shards", () => {
  it("merges two shards into one comment: both shards' stacks, the unchanged count against the base, the removed stack", async () => {
    // GIVEN shard 1/2 planned runtime-a and left runtime-c unchanged; shard 2/2 planned runtime-b and removed runtime-old
    const one = plansDir(
      "plans-1",
      { shard: { index: 1, count: 2 }, base: BASE, planned: ["runtime-a"], removed: [], unchanged: ["runtime-c"] },
      { "runtime-a": invokePolicy() },
    );
    const two = plansDir(
      "plans-2",
      {
        shard: { index: 2, count: 2 },
        base: BASE,
        planned: ["runtime-b"],
        removed: ["runtime-old"],
        unchanged: ["runtime-d", "runtime-e"],
      },
      {
        "runtime-b": invokePolicy(),
        "runtime-old": [{ address: "aws_iam_policy.invoke", actions: ["delete"], before: { name: "invoke", policy: INVOKE } }],
      },
    );

    // WHEN plan-summary reads both directories
    const { code, comment } = await planSummary(one, two);

    // THEN one comment covers both shards, says what was not planned and names the removed stack
    expect(code).toBe(0);
    expect(comment).toContain("**2 to add, 0 to change, 1 to destroy** in 3 stacks");
    expect(comment).toContain("2 stacks planned (changed or new), 3 stacks unchanged since `cdktf.out.base`: not planned");
    expect(comment).toContain(
      "Removed (only in the base): `runtime-old`: their plans are destroy plans, listing what removing them deletes",
    );
    for (const stack of ["runtime-a", "runtime-b"]) expect(comment).toContain(`| 222222222222 | ${stack} | 1 | 0 | 0 |  |`);
    expect(comment).toContain("| 222222222222 | runtime-old | 0 | 0 | 1 | removed: only in the base, a destroy plan |");
    expect(comment).not.toContain("partial");
  });

  it("merges three shards, and says which shard is missing when one is not given: a partial review must not look whole", async () => {
    // GIVEN shards 1/4, 2/4 and 4/4 (shard 3's job failed before uploading its plans)
    const shards = [1, 2, 4].map((index) =>
      plansDir(
        `plans-${index}`,
        { shard: { index, count: 4 }, base: BASE, planned: [`runtime-${index}`], removed: [], unchanged: [`runtime-same-${index}`] },
        { [`runtime-${index}`]: invokePolicy() },
      ),
    );

    // WHEN plan-summary reads them, with and without --fail-on-warnings
    const { code, comment, err } = await planSummary(...shards);
    const strict = await planSummary(...shards, "--fail-on-warnings");

    // THEN the three shards' plans are in the comment, with a warning that shard 3's are not
    expect(code).toBe(0);
    expect(comment).toContain("3 stacks planned (changed or new), 3 stacks unchanged since `cdktf.out.base`: not planned");
    for (const index of [1, 2, 4]) expect(comment).toContain(`| runtime-${index} |`);
    expect(comment).toContain("> [!WARNING]\n> The review is partial:\n> - shard 3/4's plans are missing: its stacks are not reviewed");
    expect(err).toMatch(/the review is partial: no plans of shard 3\/4/);
    expect(strict.code).toBe(1);
  });

  it("warns about a stack the selection planned that has no plan file (its plan failed)", () => {
    const only = plansDir(
      "plans",
      { base: BASE, planned: ["runtime-a", "runtime-b"], removed: [], unchanged: [] },
      { "runtime-a": invokePolicy() },
    );

    expect(markdownOf(only)).toContain("> - `runtime-b` was selected but has no plan file (did its plan fail?): not reviewed");
  });

  it.each([
    [
      "two shards claim the same stack",
      [
        { shard: { index: 1, count: 2 }, planned: ["runtime-a"] },
        { shard: { index: 2, count: 2 }, planned: ["runtime-a"] },
      ],
      /plans-2\/plan-selection\.meta: stack runtime-a is also planned in \S+plans-1\/plan-selection\.meta/,
    ],
    [
      "the shards compared with different bases",
      [
        { shard: { index: 1, count: 2 }, planned: ["runtime-a"] },
        { shard: { index: 2, count: 2 }, planned: ["runtime-b"], base: "other-base" },
      ],
      /different bases: \S+plans-1\/plan-selection\.meta has cdktf\.out\.base, \S+plans-2\/plan-selection\.meta has other-base/,
    ],
    [
      "the shard counts disagree",
      [
        { shard: { index: 1, count: 2 }, planned: ["runtime-a"] },
        { shard: { index: 2, count: 3 }, planned: ["runtime-b"] },
      ],
      /shard counts disagree: \S+plans-1\/plan-selection\.meta is shard 1\/2, \S+plans-2\/plan-selection\.meta is shard 2\/3/,
    ],
    [
      "one shard is given twice",
      [
        { shard: { index: 1, count: 2 }, planned: ["runtime-a"] },
        { shard: { index: 1, count: 2 }, planned: ["runtime-b"] },
      ],
      /shard 1 is given twice: \S+plans-1\/plan-selection\.meta, \S+plans-2\/plan-selection\.meta/,
    ],
    [
      "one shard planned a stack another left unchanged",
      [
        { shard: { index: 1, count: 2 }, planned: ["runtime-a"] },
        { shard: { index: 2, count: 2 }, planned: ["runtime-b"], unchanged: ["runtime-a"] },
      ],
      /plans-2\/plan-selection\.meta: stack runtime-a is unchanged, but \S+plans-1\/plan-selection\.meta planned it/,
    ],
  ])("exits 2 naming the files when %s", async (_, selections, message) => {
    const paths = selections.map((s, i) =>
      plansDir(
        `plans-${i + 1}`,
        { base: BASE, removed: [], unchanged: [], ...s },
        Object.fromEntries(s.planned.map((stack) => [stack, invokePolicy()])),
      ),
    );

    const { code, err } = await planSummary(...paths);

    expect(code).toBe(2);
    expect(err).toMatch(/the plans directories are not one plan run's shards/);
    expect(err).toMatch(message);
  });

  it("exits 2 on a selection file that is not what plan writes, naming the file and the field", async () => {
    const path = plansDir("plans", { base: BASE, planned: ["runtime-a"], removed: [], unchanged: [] }, { "runtime-a": invokePolicy() });
    writeFileSync(join(path, PLAN_SELECTION_FILE), JSON.stringify({ version: 1, planned: "runtime-a", removed: [], unchanged: [] }));

    const { code, err } = await planSummary(path);

    expect(code).toBe(2);
    expect(err).toMatch(/plans\/plan-selection\.meta: planned: .*expected array/);
  });

  it("exits 2 when a plans directory holds a plan its selection does not list, or has no selection while another has", async () => {
    const listed = plansDir("plans-1", { base: BASE, planned: [], removed: [], unchanged: ["runtime-a"] }, { "runtime-a": invokePolicy() });
    const old = join(dir, "plans-old");
    mkdirSync(old);
    writeJson(old, "runtime-b.json", stackPlan("runtime-b", invokePolicy()).plan);

    const { code, err } = await planSummary(listed, old);

    expect(code).toBe(2);
    expect(err).toMatch(/plans-old: no plan-selection\.meta, unlike the other plans directories/);

    const alone = await planSummary(listed);
    expect(alone.code).toBe(2);
    expect(alone.err).toMatch(
      /plans-1\/plan-selection\.meta: the directory has a plan of runtime-a, which it does not list as planned or removed/,
    );
  });
});

describe("the comment about what plan selected", () => {
  it("shows every deletion of a removed stack's destroy plan, its policies' statements as revoked", () => {
    // GIVEN the destroy plan of a removed account's stack: every resource_change a delete
    const path = plansDir(
      "plans",
      { base: BASE, planned: [], removed: ["runtime-gone"], unchanged: ["management"] },
      {
        "runtime-gone": [
          { address: "aws_iam_role.runtime", actions: ["delete"], before: role("bedrock-runtime", PIPELINE_TRUST) },
          { address: "aws_iam_policy.invoke", actions: ["delete"], before: { name: "bedrock-invoke", policy: INVOKE } },
          {
            address: "aws_iam_role_policy_attachment.invoke",
            actions: ["delete"],
            before: { role: "bedrock-runtime", policy_arn: "arn:aws:iam::222222222222:policy/bedrock-invoke" },
          },
        ],
      },
    );

    const markdown = markdownOf(path);
    const text = renderText(summarizePlans(...withSelection(path)));

    // THEN each deletion is listed, with the statements the stack's policies held as removed
    expect(markdown).toContain("Removed (only in the base): `runtime-gone`: their plans are destroy plans");
    expect(markdown).toContain(
      "#### runtime-gone · 222222222222: 0 to add, 0 to change, 3 to destroy (removed: only in the base, a destroy plan)",
    );
    for (const address of ["aws_iam_role.runtime", "aws_iam_policy.invoke", "aws_iam_role_policy_attachment.invoke"])
      expect(markdown).toContain(`\`- ${address}`);
    expect(markdown).toContain("- Statement Invoke (Allow)");
    expect(markdown).toContain("- Statement TrustedPrincipals (Allow)");
    expect(markdown).toContain("0 stacks planned (changed or new), 1 stack unchanged since `cdktf.out.base`: not planned");
    expect(text).toContain("runtime-gone (222222222222): 0 to add, 0 to change, 3 to destroy (removed: only in the base, a destroy plan)");
    expect(text).toContain("  - aws_iam_role_policy_attachment.invoke");
  });

  it("says no stack changed when the selection planned nothing: a directory with only its selection file is valid", async () => {
    const path = plansDir("plans", { base: BASE, planned: [], removed: [], unchanged: ["management", "runtime-a", "runtime-b"] });

    const { code, comment } = await planSummary(path);

    expect(code).toBe(0);
    expect(comment).toContain("No stack changed: 3 stacks unchanged since `cdktf.out.base`, none planned");
    expect(comment).not.toContain("| Account |");
    expect(comment).not.toContain("to add");
  });

  it("still says to run plan when a directory's selection planned stacks but it holds no plan file", () => {
    const path = plansDir("plans", { base: BASE, planned: ["runtime-a"], removed: [], unchanged: [] });

    expect(() => readPlanRun([path])).toThrow(/no <stack>\.json plan files in it \(run npm run plan first\)/);
    expect(() => readStackPlans([path])).toThrow(/no <stack>\.json plan files in it/);
  });

  it("names the drifted stacks of a drift run, and says when none drifted", () => {
    const drift = plansDir(
      "drift",
      { planned: ["management", "runtime-a"], removed: [], unchanged: [], drifted: ["runtime-a"] },
      {
        management: [],
        "runtime-a": [
          {
            address: "aws_iam_policy.invoke",
            actions: ["update"],
            before: { name: "invoke", policy: INVOKE },
            after: { name: "invoke", policy: doc() },
          },
        ],
      },
    );
    const calm = plansDir("calm", { planned: ["management"], removed: [], unchanged: [], drifted: [] }, { management: [] });

    expect(markdownOf(drift)).toContain("> [!CAUTION]\n> Drift: 1 stack changed outside Terraform: `runtime-a`");
    expect(renderText(summarizePlans(...withSelection(drift)))).toContain("DRIFT Drift: 1 stack changed outside Terraform: runtime-a");
    expect(markdownOf(calm)).toContain("No drift: none of the 1 stack planned has changes");
  });

  it("renders an old plans directory, without a selection file, as before", () => {
    const path = join(dir, "plans");
    mkdirSync(path);
    writeJson(path, "runtime-a.json", stackPlan("runtime-a", invokePolicy()).plan);

    const run = readPlanRun([path]);

    expect(run.selection).toBeUndefined();
    expect(markdownOf(path)).toBe(renderMarkdown(summarizePlans(readStackPlans([path]), options)));
  });
});

function withSelection(path: string): Parameters<typeof summarizePlans> {
  const { plans, selection } = readPlanRun([path]);
  return [plans, options, selection];
}
