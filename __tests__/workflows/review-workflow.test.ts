import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import {
  actionNamed,
  byFile,
  commandsOf,
  exampleWorkflows,
  expressionsOf,
  headerProse,
  isPlanWorkflow,
  jobsOf,
  REVIEW_FILE,
  repositoryActions,
  runStep,
  stepsUsing,
  stepsUsingLocal,
  type Step,
} from "./workflow-files";

/**
 * bedrock-access-review.yml: the one workflow that may write to a pull request. It runs on workflow_run, from the
 * default branch's copy of itself, after a plan workflow's pull_request run, and must treat that run's artifact as data:
 * no pull request code checked out or run, no AWS, a token only where it comments. It reviews and comments through
 * actions/plan-review of the default branch's checkout (its posting script is tested in actions.test.ts).
 */
const workflows = exampleWorkflows();
const review = byFile(workflows, REVIEW_FILE);
const planWorkflows = workflows.filter(isPlanWorkflow);
const [[jobName, job], ...otherJobs] = jobsOf(review);
const planReview = actionNamed(repositoryActions(), "plan-review").action;
const ARTIFACT_DIR = "${{ runner.temp }}/bedrock-access-plans";
const SUMMARY = 'npx --no bedrock-access plan-summary "$PLANS"/plans*/ --comment-file plan-comment.md --text';
const stepWithId = (id: string): Step => {
  const step = job.steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step with id ${id} in ${REVIEW_FILE}`);
  return step;
};
const reviewStep = (): Step => {
  const [step, ...others] = stepsUsingLocal(job, "plan-review");
  if (!step || others.length > 0) throw new Error(`not one step using ./actions/plan-review in ${REVIEW_FILE}`);
  return step;
};
const actionStep = (name: string): Step => {
  const step = planReview.runs.steps.find((s) => s.name === name);
  if (!step) throw new Error(`no step ${name} in actions/plan-review`);
  return step;
};

describe(`${REVIEW_FILE}: the plan comment, from the default branch`, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bedrock-review-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("runs after every plan workflow completes, and only for a successful pull-request plan from this repository", () => {
    expect(Object.keys(review.workflow.on)).toEqual(["workflow_run"]);
    const trigger = z
      .object({ workflows: z.array(z.string()), types: z.array(z.string()) })
      .strict()
      .parse(review.workflow.on.workflow_run);
    expect([...trigger.workflows].sort()).toEqual(planWorkflows.map((w) => w.workflow.name).sort());
    expect(trigger.types).toEqual(["completed"]);
    expect([jobName, otherJobs]).toEqual(["review", []]);
    expect(job.if).toBe(
      "github.event.workflow_run.event == 'pull_request' && github.event.workflow_run.conclusion == 'success' && github.event.workflow_run.head_repository.full_name == github.repository",
    );
  });

  it("holds only what commenting needs: pull-requests: write, actions: read, contents: read; no id-token, no AWS, no secret", () => {
    expect(review.workflow.permissions).toEqual({ contents: "read" });
    expect(job.permissions).toEqual({ contents: "read", actions: "read", "pull-requests": "write" });
    expect(stepsUsing(job, "aws-actions/configure-aws-credentials")).toEqual([]);
    expect(expressionsOf(review.workflow).filter((e) => /secrets\.|vars\./.test(e))).toEqual([]);
  });

  it("checks out the default branch only, never a pull request ref, and keeps no git credentials", () => {
    const checkouts = stepsUsing(job, "actions/checkout");
    expect(checkouts.map((s) => s.with)).toEqual([{ "persist-credentials": false }]);
    // No step is pointed at the pull request's code: no ref, repository or head_* of the triggering run in any input.
    for (const step of job.steps) {
      const inputs = expressionsOf(step.with);
      expect([step.uses, inputs.filter((e) => /workflow_run\.(head_|pull_requests)|pull_request\./.test(e))]).toEqual([step.uses, []]);
      expect([
        step.uses,
        Object.keys(step.with ?? {}).filter((k) => ["ref", "repository", "allow-unsafe-pr-checkout"].includes(k)),
      ]).toEqual([step.uses, []]);
    }
    expect(commandsOf(job).filter((c) => /\bgit (fetch|checkout|switch|pull|clone)\b|gh pr checkout/.test(c))).toEqual([]);
  });

  it("installs and runs only the default branch's npm scripts and bedrock-access, in its checkout", () => {
    expect(commandsOf(job).filter((c) => /^(npm|npx)\s/.test(c))).toEqual(["npm ci --ignore-scripts"]);
    expect(job.steps.filter((s) => s["working-directory"] !== undefined || s.shell !== undefined)).toEqual([]);
    // The one local action is the default branch's actions/plan-review (the checkout has no ref), in that checkout.
    expect(job.steps.filter((s) => s.uses?.startsWith("./")).map((s) => s.uses)).toEqual(["./actions/plan-review"]);
    expect(Object.keys(reviewStep().with ?? {})).not.toContain("working-directory");
    // It runs the checkout's own bedrock-access: `npx --no` never downloads one.
    expect(commandsOf({ ...job, steps: planReview.runs.steps }).filter((c) => /^(npm|npx)\s/.test(c))).toEqual([SUMMARY]);
    // Nothing it runs was saved by a pull request's run: no cache restored into the privileged job.
    expect(stepsUsing(job, "actions/setup-node").map((s) => s.with)).toEqual([{ "node-version": 24 }]);
    expect(stepsUsing(job, "actions/cache")).toEqual([]);
  });

  it("downloads the triggering run's artifact outside the checkout, after the install", () => {
    const downloads = stepsUsing(job, "actions/download-artifact");
    expect(downloads.map((s) => s.with)).toEqual([
      {
        // bedrock-access-plans, or bedrock-access-plans-<shard> of each shard of a sharded plan, merged.
        pattern: "bedrock-access-plans*",
        "merge-multiple": true,
        path: ARTIFACT_DIR,
        "run-id": "${{ github.event.workflow_run.id }}",
        "github-token": "${{ github.token }}",
      },
    ]);
    expect(job.steps.indexOf(downloads[0])).toBeGreaterThan(job.steps.findIndex((s) => s.run === "npm ci --ignore-scripts"));
  });

  it("never executes anything from the artifact: it is read by the number check and plan-summary only", () => {
    const touchesArtifact = (text: string) => /\$ARTIFACT|\$PLANS|runner\.temp|bedrock-access-plans/.test(text);
    const commands = [...commandsOf(job), ...commandsOf({ ...job, steps: planReview.runs.steps })];
    expect(commands.filter(touchesArtifact)).toEqual([
      'if [ -n "$(find "$ARTIFACT" -mindepth 1 ! -type f ! -type d -print -quit)" ]; then echo "::error::the plan artifact holds something other than files and directories"; exit 1; fi',
      `if [ -n "$(cd "$ARTIFACT" && find . -mindepth 1 -type d ! -regex '\\./plans[a-z0-9-]*' -print -quit)" ]; then echo "::error::the plan artifact holds a directory other than plans*/"; exit 1; fi`,
      `if [ -n "$(cd "$ARTIFACT" && find . -mindepth 1 -type f ! -path ./pr-number.txt ! -regex '\\./plans[a-z0-9-]*/[a-z0-9-]+\\.json' ! -regex '\\./plans[a-z0-9-]*/plan-selection\\.meta' -print -quit)" ]; then echo "::error::the plan artifact holds a file other than pr-number.txt, plans*/<stack>.json and plans*/plan-selection.meta"; exit 1; fi`,
      `number="$(head -c 16 "$ARTIFACT/pr-number.txt" | tr -d '\\n')"`,
      SUMMARY,
    ]);
    const envs = job.steps.flatMap((s) => Object.entries(s.env ?? {}).filter(([, v]) => touchesArtifact(v)));
    expect(envs).toEqual([["ARTIFACT", ARTIFACT_DIR]]);
    expect(reviewStep().with?.plans).toBe(ARTIFACT_DIR);
    // In the action, the plans reach plan-summary only, through PLANS.
    const actionEnvs = planReview.runs.steps.flatMap((s) => Object.entries(s.env ?? {}).filter(([, v]) => v.includes("inputs.plans")));
    expect(actionEnvs).toEqual([["PLANS", "${{ inputs.plans }}"]]);
  });

  it("takes the pull request number from the artifact only when it is digits, and never echoes it otherwise", () => {
    const check = stepWithId("pr");
    expect(check.env).toEqual({ ARTIFACT: ARTIFACT_DIR });
    const attempt = (contents: string | undefined, extra?: (artifact: string) => void) => {
      const artifact = mkdtempSync(join(dir, "artifact-"));
      mkdirSync(join(artifact, "plans"));
      if (contents !== undefined) writeFileSync(join(artifact, "pr-number.txt"), contents);
      extra?.(artifact);
      const output = join(artifact, "..", `output-${artifact.slice(-6)}`);
      writeFileSync(output, "");
      const result = runStep(check, { ARTIFACT: artifact, GITHUB_OUTPUT: output }, dir);
      return { ...result, output: readFileSync(output, "utf8") };
    };

    expect(attempt("42\n")).toMatchObject({ status: 0, output: "number=42\n" });
    for (const bad of ["", "42 ", "-1", "4 2", "42\nrm -rf ~", "$(id)", "42;id", "1".repeat(11), "0x2A"]) {
      const result = attempt(bad);
      expect([bad, result.status, result.output]).toEqual([bad, 1, ""]);
      expect([bad, result.stdout]).toEqual([bad, "::error::pr-number.txt of the plan artifact is not a pull request number\n"]);
    }
    expect(attempt(undefined)).toMatchObject({ status: 1, output: "" });
    const withLink = attempt("42\n", (artifact) => symlinkSync("/etc/passwd", join(artifact, "plans", "management.json")));
    expect(withLink).toMatchObject({ status: 1, output: "" });
    // Only pr-number.txt and plans*/<stack>.json: a stack name the pull request made up cannot carry Markdown or newlines.
    const fileError =
      "::error::the plan artifact holds a file other than pr-number.txt, plans*/<stack>.json and plans*/plan-selection.meta\n";
    expect(attempt("42\n", (artifact) => writeFileSync(join(artifact, "plans", "runtime-ci.json"), "{}"))).toMatchObject({ status: 0 });
    for (const name of ["Runtime [x](y).json", "a\nb.json", "notes.md", "runtime-ci.json.sh", "plan-selection.meta.sh"]) {
      const result = attempt("42\n", (artifact) => writeFileSync(join(artifact, "plans", name), "{}"));
      expect([name, result.status, result.stdout]).toEqual([name, 1, fileError]);
    }
    // Every shard's directory (plans-<shard>/ of a sharded plan), with its plans and its selection file, side by side.
    const shards = attempt("42\n", (artifact) => {
      for (const shard of ["plans-1", "plans-2"]) {
        mkdirSync(join(artifact, shard));
        writeFileSync(join(artifact, shard, "runtime-ci.json"), "{}");
        writeFileSync(join(artifact, shard, "plan-selection.meta"), "{}");
      }
    });
    expect(shards).toMatchObject({ status: 0, output: "number=42\n" });
    // Nothing deeper, and no directory but plans*/: a path the pull request made up never reaches plan-summary.
    for (const path of [["plans-1", "nested"], ["other"], ["plans x"], ["plans-1", "..x"]]) {
      const result = attempt("42\n", (artifact) => mkdirSync(join(artifact, ...path), { recursive: true }));
      expect([path, result.status, result.stdout]).toEqual([path, 1, "::error::the plan artifact holds a directory other than plans*/\n"]);
    }
    for (const path of [["plans-1", "nested", "runtime-ci.json"], ["selection", "plan-selection.meta"], ["plan-selection.meta"]]) {
      const result = attempt("42\n", (artifact) => {
        mkdirSync(join(artifact, ...path.slice(0, -1)), { recursive: true });
        writeFileSync(join(artifact, ...path), "{}");
      });
      expect([path, result.status]).toEqual([path, 1]);
    }
  });

  it("gives the GitHub token to the download and the comment steps only, as this run's token", () => {
    const post = reviewStep();
    expect(post.with).toEqual({
      plans: ARTIFACT_DIR,
      token: "${{ github.token }}",
      "pr-number": "${{ steps.pr.outputs.number }}",
    });
    expect(post.env).toBeUndefined();
    // The planned commit: the action's default, workflow_run's head_sha.
    expect(planReview.inputs["head-sha"].default).toBe("${{ github.event.workflow_run.head_sha }}");
    expect(actionStep("Post or update the plan comment").env).toEqual({
      GH_TOKEN: "${{ inputs.token }}",
      REPOSITORY: "${{ github.repository }}",
      PR_NUMBER: "${{ inputs.pr-number }}",
      HEAD_SHA: "${{ inputs.head-sha }}",
    });
    const holders = job.steps.filter((s) => expressionsOf({ env: s.env, with: s.with }).some((e) => e.includes("github.token")));
    expect(holders).toEqual([stepsUsing(job, "actions/download-artifact")[0], post]);
    expect(job.steps.indexOf(post)).toBe(job.steps.length - 1);
    // In the action, the token reaches the posting step only, its last.
    const tokenSteps = planReview.runs.steps.filter((s) => expressionsOf(s).some((e) => e.includes("inputs.token")));
    expect(tokenSteps).toEqual([actionStep("Post or update the plan comment")]);
    expect(planReview.runs.steps.indexOf(tokenSteps[0])).toBe(planReview.runs.steps.length - 1);
    expect(review.workflow.env).toEqual({ BEDROCK_ACCESS_CONFIG: "bedrock-access.yaml" });
    expect(job.env).toBeUndefined();
  });

  it("turns workflow commands off while the plans' values are printed, with a token nobody can guess", () => {
    const summaryStep = actionStep("Review the plans");
    expect((summaryStep.run ?? "").trim().split("\n")).toEqual([
      'resume="$(openssl rand -hex 16)"',
      'echo "::stop-commands::$resume"',
      SUMMARY,
      'echo "::$resume::"',
    ]);
    // The posting step prints nothing of the pull request's but the number the review checked.
    const post = actionStep("Post or update the plan comment");
    expect(commandsOf({ ...job, steps: [post] }).filter((c) => c.includes("gh api --method") && !c.includes("> /dev/null"))).toEqual([]);
  });

  it("writes the job summary: plan-summary appends its Markdown to $GITHUB_STEP_SUMMARY in this run", () => {
    const summaryStep = actionStep("Review the plans");
    // plan-summary writes to $GITHUB_STEP_SUMMARY when it is set, as it always is on a runner; nothing here unsets it.
    expect(summaryStep.env).toEqual({
      PLANS: "${{ inputs.plans }}",
      BEDROCK_ACCESS_CONFIG: "${{ inputs.config || env.BEDROCK_ACCESS_CONFIG || 'bedrock-access.yaml' }}",
    });
    expect(JSON.stringify(review.workflow)).not.toContain("GITHUB_STEP_SUMMARY");
    expect(JSON.stringify(planReview)).not.toContain("GITHUB_STEP_SUMMARY");
  });

  it("says in its header why it is separate, and that it runs from the default branch", () => {
    const header = headerProse(review);
    expect(header).toMatch(/workflow_run, which GitHub always takes from the default branch's copy of this file/);
    expect(header).toMatch(/Nothing from the artifact runs/);
    expect(header).toMatch(/Preventing pwn requests/);
  });

  it("is named in the header of every plan workflow", () => {
    for (const w of planWorkflows) expect([w.file, headerProse(w).includes(REVIEW_FILE)]).toEqual([w.file, true]);
  });
});
