import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { runCli } from "../../lib/cli/run-cli";
import { testIo } from "../helpers/cli-io";
import { callLog, standInCommand } from "../helpers/stand-in-command";
import {
  actionNamed,
  byFile as byFileIn,
  commandsOf,
  DRIFT_FILE,
  exampleWorkflows,
  expressionsIn,
  expressionsOf,
  headerOf,
  headerProse,
  isPlanWorkflow,
  jobsOf,
  needsOf,
  npmRuns,
  PROJECT,
  pullRequestSetsOff,
  HCP_ENABLE_FILE,
  REVIEW_FILE,
  repositoryActions,
  runsForPullRequests,
  stepsUsing,
  stepsUsingLocal,
  type Job,
  type Step,
  type WorkflowFile,
} from "./workflow-files";

/**
 * The example workflows users copy (examples/github-actions/): valid against GitHub's workflow schema
 * (action-validator), and holding the properties that matter: OIDC instead of keys, least-privilege
 * permissions, pull requests that cannot deploy or write, deploys from main only, concurrency groups a pull
 * request's job does not share, actions pinned to commits, tokens on the steps that use them, and commands
 * that exist here. bedrock-access-review.yml, which comments for them, has its own tests (review-workflow.test.ts).
 */
const workflows = exampleWorkflows();
const byFile = (name: string): WorkflowFile => byFileIn(workflows, name);
const planWorkflows = workflows.filter(isPlanWorkflow);
const usesAws = (job: Job) => stepsUsing(job, "aws-actions/configure-aws-credentials").length > 0;
const ENVIRONMENT = "bedrock-production";
/** Every job that can deploy is in a group with this prefix; no job a pull request sets off is. */
const DEPLOY_GROUP = "bedrock-access-deploy";
const PLAN_GROUP = "bedrock-access-plan-${{ github.event.pull_request.number }}";
/** Push and workflow_dispatch, and only on main: workflow_dispatch can run a workflow on any branch. */
const MAIN_ONLY = "github.ref == 'refs/heads/main' && (github.event_name == 'push' || github.event_name == 'workflow_dispatch')";
const RUNS_ON_LABEL = /^runs-on=\$\{\{ github\.run_id \}\}\/runner=\d+cpu-linux-(x64|arm64)(\/[\w=.-]+)*$/;
const CONTEXTS = new Set([
  "github",
  "env",
  "vars",
  "secrets",
  "steps",
  "needs",
  "matrix",
  "inputs",
  "runner",
  "job",
  "strategy",
  "always",
  "success",
  "failure",
  "cancelled",
  "fromJSON",
  "toJSON",
  "format",
  "contains",
  "startsWith",
  "endsWith",
  "hashFiles",
]);

// nodejs/Release README.md and schedule.json: 20 reached end of life on 2026-04-30; 22 is supported until 2027-04-30,
// 24 until 2028-04-30. Odd-numbered release lines never become LTS.
const MIN_NODE_MAJOR = 22;

/**
 * The release each action is pinned to, as of 2026-11, and the commit of that release tag (`git rev-parse <tag>^{commit}`
 * in a clone of the action's repository). When a source publishes a new release, update the entry here, the pins in the
 * examples, and the line of their header comment naming the source. actions/github-script is not here: its newest
 * release found was v8.0.0, and the review comments with `gh api` instead.
 */
const ACTION_PINS: Record<string, { readonly version: string; readonly commit: string }> = {
  // actions/checkout CHANGELOG.md and action.yml: v7.0.0 refuses fork PR code under pull_request_target and workflow_run;
  // persist-credentials "Whether to configure the token or SSH key with the local git config", default true.
  "actions/checkout": { version: "v7.0.1", commit: "3d3c42e5aac5ba805825da76410c181273ba90b1" },
  // actions/setup-node README.md, "What's new in V7": ESM internals, inputs unchanged; action.yml runs on node24.
  "actions/setup-node": { version: "v7.0.0", commit: "820762786026740c76f36085b0efc47a31fe5020" },
  // actions/upload-artifact action.yml at tag v7.0.0: name, path, retention-days, if-no-files-found; archive defaults to true.
  "actions/upload-artifact": { version: "v7.0.0", commit: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f" },
  // actions/download-artifact README.md and action.yml at tag v8.0.1: name, path, pattern, merge-multiple, github-token, run-id.
  "actions/download-artifact": { version: "v8.0.1", commit: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c" },
  // hashicorp/setup-terraform CHANGELOG.md: 4.0.0 (Node.js 24), 4.0.1; action.yml: terraform_version, terraform_wrapper.
  "hashicorp/setup-terraform": { version: "v4.0.1", commit: "dfe3c3f87815947d99a8997f908cb6525fc44e9e" },
  // aws-actions/configure-aws-credentials CHANGELOG.md: 6.0.0 (node24) to 6.2.3; inputs role-to-assume etc. unchanged.
  "aws-actions/configure-aws-credentials": { version: "v6.2.3", commit: "e6de054238d6b7531b4efff3b6587d9aade6a06c" },
  // hashicorp/tfc-workflows-github CHANGELOG.md: v1.3.2 (2024-12-04) is its newest tag (Docker actions, no Node runtime);
  // actions/*/action.yml: the token defaults to the TF_API_TOKEN environment variable.
  "hashicorp/tfc-workflows-github": { version: "v1.3.2", commit: "8e08d1ba957673f5fbf971a22b3219639dc45661" },
};

/** `24`, "22.x", "24.11.1" → the major; undefined for anything else (lts/*, ranges, an empty node-version). */
const nodeMajorOf = (version: string | number | boolean | undefined): number | undefined => {
  const match = /^v?(\d+)(\.(\d+|x|\*))*$/.exec(String(version ?? ""));
  return match ? Number(match[1]) : undefined;
};
const runsNode = (step: Step) =>
  step.uses?.startsWith("./actions/") === true || (step.run ?? "").split("\n").some((line) => /^(npm|npx|node)\s/.test(line.trim()));
const setupNodeSteps = (job: Job) => stepsUsing(job, "actions/setup-node");

/** Every `uses:` line of the file as written, comment included: `owner/repo[/path]@<sha> # vX.Y.Z`. */
const usesLines = (w: WorkflowFile): string[] =>
  w.text.split("\n").flatMap((line) => {
    const match = /^\s*(?:-\s+)?uses:\s*(.*)$/.exec(line);
    return match ? [match[1].trim()] : [];
  });
const PINNED_USES = /^([\w.-]+\/[\w.-]+)(\/[\w./-]+)?@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/;
/** `./actions/<name>`: an action of this repository, from the workflow's own checkout. */
const isLocalAction = (line: string) => /^\.\/actions\/[a-z-]+$/.test(line);

/** A header line `#   <subject>…: <source> …`, e.g. `#   actions/checkout v7.0.1 (3d3c…): actions/checkout CHANGELOG.md`. */
const namesSource = (header: string[], subject: string, source: string) =>
  header.some((l) => l.startsWith(`#   ${subject}`) && /^\D/.test(l.slice(`#   ${subject}`.length)) && l.includes(`: ${source} `));

/** What can deploy: the deploy (pipeline) role, and the HCP Terraform token that may apply. */
const DEPLOY_CREDENTIALS = ["vars.BEDROCK_PIPELINE_ROLE_ARN", "secrets.TF_API_TOKEN"];
const PLAN_ROLE = "${{ vars.BEDROCK_PLAN_ROLE_ARN }}";
const referencesDeployCredentials = (value: unknown): string[] =>
  expressionsOf(value).flatMap((e) => DEPLOY_CREDENTIALS.filter((c) => e.includes(c)));

/** Tokens: a secret, this run's GitHub token, or a variable that carries one. They belong on a step, never higher. */
const TOKEN_EXPRESSION = /\bsecrets\.\w+|\bgithub\.token\b/;
const TOKEN_VARIABLE = /^(TF_API_TOKEN|TF_TOKEN_\w+|GH_TOKEN|GITHUB_TOKEN)$/;
const holdsToken = (step: Step) =>
  usesAws({ steps: [step] } as Job) ||
  expressionsOf({ env: step.env, with: step.with }).some((e) => TOKEN_EXPRESSION.test(e)) ||
  Object.keys(step.env ?? {}).some((k) => TOKEN_VARIABLE.test(k));
const INSTALL = "npm ci --ignore-scripts";
/** Where the job enables (actions/enable) with these outputs; -1 when it does not, or more than once. */
const enableStepAt = (job: Job, outputs: string): number => {
  const steps = stepsUsingLocal(job, "enable");
  return steps.length === 1 && steps[0].with?.outputs === outputs ? job.steps.indexOf(steps[0]) : -1;
};
/** The step of a sharded plan job that checks out the base, installs its dependencies and synthesizes it. */
const BASE_SYNTH_STEP = "Synthesize the base";

describe.each(workflows.map((w) => [w.file, w] as const))("%s", (_file, w) => {
  it("is a valid GitHub Actions workflow (action-validator against the workflow schema)", () => {
    expect(validateWorkflow(w.text).errors).toEqual([]);
  });

  it("grants only contents: read at the top and id-token: write only to the jobs that assume the AWS role", () => {
    expect(w.workflow.permissions).toEqual({ contents: "read" });
    for (const [name, job] of jobsOf(w)) {
      expect([name, job.permissions?.["id-token"]]).toEqual([name, usesAws(job) ? "write" : undefined]);
    }
  });

  it("reaches AWS through OIDC into its roles, never with access keys", () => {
    expect(w.text).not.toMatch(/aws-access-key-id|aws-secret-access-key|aws-session-token|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    const credentialSteps = jobsOf(w).flatMap(([, job]) => stepsUsing(job, "aws-actions/configure-aws-credentials"));
    // Every plan workflow reaches AWS (at least to enable); the review never does.
    expect(credentialSteps.length > 0).toBe(w.file !== REVIEW_FILE);
    for (const step of credentialSteps) {
      expect(step.with).toEqual({
        "role-to-assume": expect.stringMatching(
          /^\$\{\{ vars\.(BEDROCK_PIPELINE_ROLE_ARN|BEDROCK_PLAN_ROLE_ARN|BEDROCK_DISCOVER_ROLE_ARN) \}\}$/,
        ),
        "role-session-name": expect.stringMatching(/^bedrock-[a-z]+-\$\{\{ github\.run_id \}\}$/),
        "aws-region": "${{ env.AWS_REGION }}",
      });
    }
    const secrets = expressionsIn(w.text).flatMap((e) => [...e.matchAll(/secrets\.(\w+)/g)].map((m) => m[1]));
    const hcpSecrets = w.file === HCP_ENABLE_FILE ? ["TF_API_TOKEN"] : [];
    expect(new Set(secrets)).toEqual(new Set(w.file.includes("terraform-cloud") ? ["TF_API_TOKEN", "TF_PLAN_API_TOKEN"] : hcpSecrets));
  });

  it("keeps deploys in bedrock-access-deploy… groups, which no job a pull request sets off is in, and never cancels a deploy", () => {
    for (const [name, job] of jobsOf(w)) {
      const { group, "cancel-in-progress": cancels } = job.concurrency;
      expect([name, group]).toEqual([name, expect.stringMatching(/^bedrock-access-/)]);
      if (job.environment !== undefined) expect(job.environment).toBe(ENVIRONMENT);
      if (pullRequestSetsOff(w, name)) {
        // A newer push to the pull request cancels its older plan or review, never anything else.
        expect([name, group.startsWith(DEPLOY_GROUP), cancels]).toEqual([name, false, true]);
        // A plan split into a matrix of shards: one group per shard, or the shards would cancel each other.
        const planGroup = job.strategy === undefined ? PLAN_GROUP : `${PLAN_GROUP}-\${{ strategy.job-index }}`;
        if (runsForPullRequests(w, name)) expect([name, group]).toEqual([name, planGroup]);
      } else if (job.if === "github.event_name == 'schedule'") {
        expect([name, group, cancels]).toEqual([name, "bedrock-access-discover", false]);
      } else {
        expect([name, group, cancels]).toEqual([name, expect.stringMatching(new RegExp(`^${DEPLOY_GROUP}(-|$)`)), false]);
      }
    }
  });

  it("pins every action to the full commit of its recorded release, naming the release in a comment", () => {
    const lines = usesLines(w);
    expect(lines.length).toBeGreaterThan(0);
    // An action of this repository comes from the same checkout (actions.test.ts checks that it pins its own uses).
    for (const line of lines.filter(isLocalAction)) {
      expect([line, existsSync(join(PROJECT, line, "action.yml"))]).toEqual([line, true]);
    }
    for (const line of lines.filter((l) => !isLocalAction(l))) {
      const [, repo, , commit, version] = PINNED_USES.exec(line) ?? [];
      expect([line, repo in ACTION_PINS]).toEqual([line, true]);
      expect([line, commit, version]).toEqual([line, ACTION_PINS[repo].commit, ACTION_PINS[repo].version]);
    }
    // Nothing else slips in: every parsed `uses` is one of those lines.
    const parsed = jobsOf(w).flatMap(([, job]) => job.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(parsed.every((uses) => lines.some((l) => l === uses || l.startsWith(`${uses} #`)))).toBe(true);
  });

  it("never uses actions/github-script", () => {
    expect(w.text).not.toContain("actions/github-script");
  });

  it("runs every job on a supported Node.js LTS", () => {
    for (const [name, job] of jobsOf(w)) {
      // A job that runs npm, npx or node sets Node up first, never falling back to whatever the runner has.
      const firstNodeAt = job.steps.findIndex(runsNode);
      const setupAt = job.steps.findIndex((s) => s.uses?.startsWith("actions/setup-node@"));
      if (firstNodeAt >= 0) expect([name, setupAt >= 0 && setupAt < firstNodeAt]).toEqual([name, true]);
      for (const setup of setupNodeSteps(job)) {
        const version = setup.with?.["node-version"];
        const major = nodeMajorOf(version);
        expect([name, version, major !== undefined && major >= MIN_NODE_MAJOR && major % 2 === 0]).toEqual([name, version, true]);
      }
    }
  });

  it("names in its header comment where its Node.js and action versions come from, with the pinned commit", () => {
    const header = headerOf(w);
    for (const line of usesLines(w).filter((l) => !isLocalAction(l))) {
      const [, repo, , commit, version] = PINNED_USES.exec(line) ?? [];
      expect([line, namesSource(header, `${repo} ${version} (${commit}`, repo)]).toEqual([line, true]);
    }
    for (const major of new Set(jobsOf(w).flatMap(([, job]) => setupNodeSteps(job).map((s) => nodeMajorOf(s.with?.["node-version"]))))) {
      expect([major, namesSource(header, `Node.js ${major} LTS`, "nodejs/Release")]).toEqual([major, true]);
    }
  });

  it("checks out without keeping git credentials in the checkout", () => {
    const checkouts = jobsOf(w).flatMap(([name, job]) => stepsUsing(job, "actions/checkout").map((s) => [name, s.with] as const));
    expect(checkouts.length).toBeGreaterThan(0);
    for (const [name, inputs] of checkouts) expect([name, inputs?.["persist-credentials"]]).toEqual([name, false]);
  });

  it("installs with npm ci --ignore-scripts only, before any step that holds credentials", () => {
    for (const [name, job] of jobsOf(w)) {
      const installs = commandsOf(job).filter((c) => /^npm (ci|install|i|add)\b/.test(c));
      expect([name, installs.every((c) => c === INSTALL)]).toEqual([name, true]);
      // Once; twice only where the job first synthesizes the base with the base's own dependencies.
      const most = job.steps.some((s) => s.name === BASE_SYNTH_STEP) ? 2 : 1;
      expect([name, installs.length <= most]).toEqual([name, true]);
      const installSteps = job.steps.flatMap((s, i) => (commandsOf({ ...job, steps: [s] }).includes(INSTALL) ? [i] : []));
      const credentialsAt = job.steps.findIndex(holdsToken);
      if (credentialsAt >= 0) expect([name, installSteps.filter((i) => i > credentialsAt)]).toEqual([name, []]);
    }
  });

  it("sets tokens only on the steps that use them, never on a job or the workflow", () => {
    const higher = [["workflow", w.workflow.env] as const, ...jobsOf(w).map(([name, job]) => [name, job.env] as const)];
    for (const [where, env] of higher) {
      expect([where, Object.keys(env ?? {}).filter((k) => TOKEN_VARIABLE.test(k))]).toEqual([where, []]);
      expect([where, expressionsOf(env).filter((e) => TOKEN_EXPRESSION.test(e))]).toEqual([where, []]);
    }
    for (const [name, job] of jobsOf(w)) {
      // Outside its steps' env and with, a job names no secret and no token.
      const { steps, ...rest } = job;
      expect([name, expressionsOf(rest).filter((e) => TOKEN_EXPRESSION.test(e))]).toEqual([name, []]);
      for (const step of steps) {
        const outsideEnvAndWith = Object.entries(step).filter(([key]) => key !== "env" && key !== "with");
        const label = step.name ?? step.uses ?? step.run;
        expect([name, label, expressionsOf(outsideEnvAndWith).filter((e) => TOKEN_EXPRESSION.test(e))]).toEqual([name, label, []]);
      }
    }
  });

  it("puts no expression inside a shell script: values reach run: through env", () => {
    for (const [name, job] of jobsOf(w)) {
      for (const step of job.steps) expect([name, expressionsIn(step.run ?? "")]).toEqual([name, []]);
    }
  });

  it("uses only known contexts, earlier steps of the same job, and jobs it needs in expressions", () => {
    for (const [name, job] of jobsOf(w)) {
      const stepIds = new Set(job.steps.flatMap((s) => (s.id ? [s.id] : [])));
      // `if:` conditions may be written without ${{ }}.
      const conditions = [job.if, ...job.steps.map((s) => s.if)].flatMap((c) => (c && !c.includes("${{") ? [c] : []));
      for (const expression of [...expressionsOf(job), ...conditions]) {
        // String literals ('refs/heads/main') name no context: drop them first.
        const code = expression.replace(/'(?:[^']|'')*'/g, "''");
        for (const [, root, member] of code.matchAll(/(?<![\w.'"-])([A-Za-z_][\w]*)(?:\.([\w-]+))?/g)) {
          if (["true", "false", "null"].includes(root)) continue;
          expect([name, expression, CONTEXTS.has(root)]).toEqual([name, expression, true]);
          if (root === "steps") expect([name, member, stepIds.has(member)]).toEqual([name, member, true]);
          if (root === "needs") expect([name, member, needsOf(job).includes(member)]).toEqual([name, member, true]);
          if (root === "matrix") expect([name, job.strategy?.matrix !== undefined]).toEqual([name, true]);
        }
      }
    }
  });

  it("runs only npm scripts this project defines", () => {
    const scripts = (JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    for (const [, job] of jobsOf(w)) {
      for (const { script } of npmRuns(job)) {
        // plan and plan:summary are entry points in scripts/ (package.json wires npm run to them).
        const defined = script in scripts || existsSync(join(PROJECT, "scripts", `${script.replace(/:/g, "-")}.ts`));
        expect([script, defined]).toEqual([script, true]);
      }
    }
  });

  it("keeps terraform's output unwrapped where it is read as JSON", () => {
    for (const [name, job] of jobsOf(w)) {
      const setup = stepsUsing(job, "hashicorp/setup-terraform")[0];
      if (setup) expect([name, setup.with?.terraform_wrapper]).toEqual([name, false]);
    }
  });
});

describe.each(planWorkflows.map((w) => [w.file, w] as const))("%s: pull-request plans without deploy or write rights", (_file, w) => {
  const pullRequestJobs = jobsOf(w).filter(([name]) => runsForPullRequests(w, name));
  const plan = w.workflow.jobs.plan;

  it("has a pull-request job, and it is the plan job, for branches of this repository only", () => {
    expect(pullRequestJobs.map(([name]) => name)).toEqual(["plan"]);
    expect(plan.if).toBe("github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository");
  });

  it("never gives a pull-request job the deploy role or the deploy token", () => {
    expect(referencesDeployCredentials(w.workflow.env)).toEqual([]);
    for (const [name, job] of pullRequestJobs) expect([name, referencesDeployCredentials(job)]).toEqual([name, []]);
  });

  it("grants the plan job contents: read, and id-token: write only to reach AWS: no pull-requests and no other write", () => {
    const expected = usesAws(plan) ? { contents: "read", "id-token": "write" } : { contents: "read" };
    expect(plan.permissions).toEqual(expected);
    // HCP Terraform plans run remotely with the workspaces' plan role: the job holds no AWS credentials at all.
    expect(usesAws(plan)).toBe(!w.file.includes("terraform-cloud"));
  });

  it("assumes only the plan role in pull-request jobs, and plans read-only", () => {
    for (const [name, job] of pullRequestJobs) {
      for (const step of stepsUsing(job, "aws-actions/configure-aws-credentials")) {
        expect([name, step.with?.["role-to-assume"]]).toEqual([name, PLAN_ROLE]);
      }
      const commands = commandsOf(job);
      expect([name, commands.filter((c) => /--deploy-role|cdktf deploy|BEDROCK_ACCESS_PROVIDER_ROLE/.test(c))]).toEqual([name, []]);
      // `plan` synthesizes the head itself, read-only; a separate `cdktf synth` would make stacks that assume the deploy
      // role. The one exception is the base's synthesis, in its own step, read-only too (BEDROCK_ACCESS_PROVIDER_ROLE=plan).
      expect([name, commands.filter((c) => c.includes("--no-synth"))]).toEqual([name, []]);
      for (const step of job.steps.filter((s) => (s.run ?? "").includes("cdktf synth"))) {
        expect([name, step.name, step.env]).toEqual([name, BASE_SYNTH_STEP, { BEDROCK_ACCESS_PROVIDER_ROLE: "plan" }]);
        expect([name, commandsOf({ ...job, steps: [step] }).filter((c) => c.includes("cdktf synth"))]).toEqual([
          name,
          ["npx cdktf synth --output base.out"],
        ]);
      }
      expect([name, JSON.stringify(job.env ?? {}).includes("BEDROCK_ACCESS_PROVIDER_ROLE")]).toEqual([name, false]);
    }
  });

  it("neither summarizes nor comments in the pull request's run: it holds no GitHub token that could", () => {
    for (const [name, job] of pullRequestJobs) {
      expect([name, npmRuns(job).map((r) => r.script)]).toEqual([name, ["plan"]]);
      expect([name, commandsOf(job).filter((c) => /(^|[\s;&|(])gh\s/.test(c))]).toEqual([name, []]);
      expect([name, expressionsOf(job).filter((e) => /github\.token|secrets\.GITHUB_TOKEN/.test(e))]).toEqual([name, []]);
      expect([name, job.steps.filter((s) => "GH_TOKEN" in (s.env ?? {}) || "GITHUB_TOKEN" in (s.env ?? {})).length]).toEqual([name, 0]);
    }
  });

  it("plans, then uploads the plans and the pull request's number as bedrock-access-plans for the review", () => {
    // GIVEN the install, then the plan
    const commands = commandsOf(plan);
    const order = [INSTALL, "npm run plan"].map((prefix) => commands.findIndex((c) => c.startsWith(prefix)));
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]))).toBe(true);
    // WHEN the number is recorded from the event, through env
    const record = plan.steps.find((s) => s.run?.includes("pr-number.txt"));
    expect(record?.env).toEqual({ PR_NUMBER: "${{ github.event.pull_request.number }}" });
    expect(record?.run).toBe('echo "$PR_NUMBER" > pr-number.txt');
    // THEN both are uploaded together, after the plan, under the name the review downloads (one artifact per shard)
    const uploadAt = plan.steps.findIndex((s) => s.uses?.startsWith("actions/upload-artifact@"));
    const planAt = plan.steps.findIndex((s) => s.run?.startsWith("npm run plan"));
    expect(uploadAt).toBeGreaterThan(Math.max(planAt, plan.steps.indexOf(record ?? plan.steps[0])));
    const expected =
      plan.strategy === undefined
        ? { name: "bedrock-access-plans", path: "plans/\npr-number.txt\n", "retention-days": 14 }
        : {
            name: "bedrock-access-plans-${{ strategy.job-index }}",
            path: "plans-${{ strategy.job-index }}/\npr-number.txt\n",
            "retention-days": 14,
          };
    expect(plan.steps[uploadAt].with).toEqual(expected);
  });

  it("uses the deploy credentials only in jobs of the protected environment, never in a pull-request job", () => {
    const holders = jobsOf(w).filter(([, job]) => referencesDeployCredentials(job).length > 0);
    expect(holders.length).toBeGreaterThan(0);
    for (const [name, job] of holders) {
      expect([name, job.environment]).toEqual([name, ENVIRONMENT]);
      expect([name, runsForPullRequests(w, name)]).toEqual([name, false]);
    }
  });

  it("runs every other job only from main, on push or workflow_dispatch (the scheduled discover job aside)", () => {
    const others = jobsOf(w).filter(([name, job]) => !runsForPullRequests(w, name) && job.if !== "github.event_name == 'schedule'");
    expect(others.length).toBeGreaterThan(0);
    // Each job checks it itself, not only through the jobs it needs: a job with `if: always()` would run anyway.
    for (const [name, job] of others) expect([name, job.if]).toEqual([name, MAIN_ONLY]);
  });

  it("tells in its header how to protect the environment, the roles and the workflow files", () => {
    const header = headerProse(w);
    expect(header).toMatch(/without any protection rules/);
    expect(header).toMatch(/required reviewers, and set its deployment branches to main only/);
    expect(header).toContain("examples/iam/pipeline-role-trust.json");
    expect(header).toContain("`repo:OWNER/REPO:environment:bedrock-production`");
    expect(header).toContain("`repo:OWNER@OWNER_ID/REPO@REPO_ID:environment:bedrock-production`");
    expect(header).toMatch(/ref `refs\/heads\/main`/);
    expect(header).toMatch(/repository_id/);
    // A pull request runs its own copy of the workflow: only a review of .github/workflows/ keeps its groups and steps honest.
    expect(header).toMatch(/name any group/);
    expect(header).toMatch(/CODEOWNERS rule requiring your review of \.github\/workflows\//);
    expect(header).toContain(REVIEW_FILE);
  });
});

describe("commands the workflows run", () => {
  it("passes only options that plan, plan:summary and enable accept (their --help)", () => {
    const scripts = (JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    // `npm run <script> -- --help` without npm: the script's own command (`tsx <entry> [command]`) with --help.
    const help = (script: string) => {
      const [bin, ...args] = scripts[script].trim().split(/\s+/);
      return execFileSync(join(PROJECT, "node_modules", ".bin", bin), [...args, "--help"], { cwd: PROJECT, encoding: "utf8" });
    };
    const accepted: Record<string, string> = {
      plan: help("plan"),
      "plan:summary": help("plan:summary"),
      enable: help("enable"),
    };
    const unknown = workflows.flatMap((w) =>
      jobsOf(w).flatMap(([, job]) =>
        npmRuns(job).flatMap(({ script, args }) =>
          args
            .filter((a) => a.startsWith("--") && !accepted[script]?.includes(`${a} `))
            .map((flag) => `${w.file}: npm run ${script} ${flag}`),
        ),
      ),
    );
    expect(unknown).toEqual([]);
    expect(
      workflows.flatMap((w) => jobsOf(w).flatMap(([, job]) => npmRuns(job).map((r) => r.script))).filter((s) => !(s in accepted)),
    ).toEqual([]);
  });

  it("passes only options that the bedrock-access commands it runs with npx accept (their --help)", () => {
    const runs = workflows.flatMap((w) =>
      jobsOf(w).flatMap(([, job]) =>
        commandsOf(job).flatMap((line) =>
          [...line.matchAll(/npx bedrock-access ([\w-]+)([^)]*)/g)].map((m) => ({
            file: w.file,
            command: m[1],
            flags: m[2].match(/--[\w-]+/g) ?? [],
          })),
        ),
      ),
    );
    expect(runs.length).toBeGreaterThan(0);
    const helps = new Map<string, string>();
    const help = (command: string) => {
      if (!helps.has(command)) {
        const tsx = join(PROJECT, "node_modules", ".bin", "tsx");
        helps.set(
          command,
          execFileSync(tsx, [join(PROJECT, "scripts", "bedrock-access.ts"), command, "--help"], { cwd: PROJECT, encoding: "utf8" }),
        );
      }
      return helps.get(command) ?? "";
    };
    const unknown = runs.flatMap(({ file, command, flags }) =>
      flags.filter((flag) => !help(command).includes(`${flag} `)).map((flag) => `${file}: npx bedrock-access ${command} ${flag}`),
    );
    expect(unknown).toEqual([]);
  });
});

describe("accounts lock check on a schedule", () => {
  it("runs discover --check on weekdays only, with the read-only discover role, never the deploy credentials", () => {
    const w = byFile("bedrock-access-github-hosted.yml");
    expect(w.workflow.on.schedule).toEqual([{ cron: "17 6 * * 1-5" }]);
    const [name, job] = jobsOf(w).find(([, j]) => commandsOf(j).some((c) => c.startsWith("npx bedrock-access discover"))) ?? [];
    if (!job) throw new Error("no job runs bedrock-access discover");
    expect(job.if).toBe("github.event_name == 'schedule'");
    expect(commandsOf(job).filter((c) => c.includes("bedrock-access discover"))).toEqual(["npx bedrock-access discover --check"]);
    const credentials = stepsUsing(job, "aws-actions/configure-aws-credentials");
    expect(credentials.map((s) => s.with?.["role-to-assume"])).toEqual(["${{ vars.BEDROCK_DISCOVER_ROLE_ARN }}"]);
    expect([name, referencesDeployCredentials(job), job.environment]).toEqual([name, [], undefined]);
    // Only the discover job runs on the schedule: no other job's condition lets a scheduled run through.
    for (const [other, j] of jobsOf(w).filter(([n]) => n !== name))
      expect([other, j.if?.includes("schedule") ?? false]).toEqual([other, false]);
    expect(headerProse(w)).toContain("examples/iam/discover-role-trust.json");
  });
});

describe("deploy on main", () => {
  it.each(["bedrock-access-github-hosted.yml", "bedrock-access-runs-on.yml"])(
    "%s deploys every stack from main only, then enables with the outputs",
    (file) => {
      const deploy = byFile(file).workflow.jobs.deploy;
      expect(deploy.if).toBe(MAIN_ONLY);
      expect(deploy.environment).toBe(ENVIRONMENT);
      expect(deploy.concurrency).toEqual({ group: DEPLOY_GROUP, "cancel-in-progress": false });
      const deployAt = deploy.steps.findIndex(
        (s) => s.run === "npx cdktf deploy '*' --parallelism 4 --auto-approve --outputs-file outputs.json",
      );
      const enableAt = enableStepAt(deploy, "outputs.json");
      expect(deployAt).toBeGreaterThan(-1);
      expect(enableAt).toBeGreaterThan(deployAt);
      expect(byFile(file).workflow.on).toEqual({
        pull_request: { branches: ["main"] },
        push: { branches: ["main"] },
        workflow_dispatch: null,
        // The GitHub-hosted example also checks the accounts lock on a schedule (its own job, below).
        ...(file === "bedrock-access-github-hosted.yml" ? { schedule: [{ cron: "17 6 * * 1-5" }] } : {}),
      });
    },
  );

  it("runs every job of the RunsOn example on a RunsOn label and the others on GitHub-hosted Ubuntu", () => {
    for (const w of workflows) {
      for (const [name, job] of jobsOf(w)) {
        const expected = w.file.includes("runs-on") ? RUNS_ON_LABEL : /^ubuntu-24\.04$/;
        expect([w.file, name, job["runs-on"]]).toEqual([w.file, name, expect.stringMatching(expected)]);
      }
    }
  });

  it("splits the deploy into a matrix of shards, one job each, then enables once with every shard's outputs", () => {
    const { workflow } = byFile("bedrock-access-github-hosted-sharded.yml");
    const { shards, deploy, enable } = workflow.jobs;
    // GIVEN a small job that prints the matrix of shards, from main only
    expect(shards.if).toBe(MAIN_ONLY);
    expect(commandsOf(shards)).toContain('echo "matrix=$(npx bedrock-access stacks --matrix "$DEPLOY_SHARDS")" >> "$GITHUB_OUTPUT"');
    expect(shards.steps.find((s) => s.run?.includes("--matrix"))?.id).toBe("shards");
    expect(workflow.env?.DEPLOY_SHARDS).toMatch(/^\d+$/);
    // WHEN each shard job deploys its shard's stacks, in the protected environment, never cancelled
    expect(needsOf(deploy)).toEqual(["shards"]);
    expect(deploy.if).toBe(MAIN_ONLY);
    expect(deploy.environment).toBe(ENVIRONMENT);
    expect(deploy.strategy).toEqual({ "fail-fast": false, matrix: "${{ fromJSON(needs.shards.outputs.matrix) }}" });
    expect(deploy.concurrency).toEqual({
      group: "bedrock-access-deploy-shard-${{ matrix.shard }}",
      "cancel-in-progress": false,
    });
    const step = deploy.steps.find((s) => s.run?.includes("cdktf deploy"));
    expect(step?.env).toEqual({
      SHARD: "${{ matrix.shard }}",
      OUTPUTS_FILE: "outputs-${{ strategy.job-index }}.json",
      UNCHANGED_OUTPUTS_FILE: "unchanged-outputs-${{ strategy.job-index }}.json",
    });
    // The shard's changed and new stacks since the deployed synthesis (all of them without one); the unchanged ones'
    // outputs read from their state, so that enable has every stack's.
    expect(commandsOf({ ...deploy, steps: step ? [step] : [] })).toEqual([
      'if [ -d prev.out ]; then stacks="$(npx bedrock-access stacks --base prev.out --shard "$SHARD")"; unchanged="$(npx bedrock-access stacks --base prev.out --shard "$SHARD" --json | jq -r \'.unchanged[]\')"; else stacks="$(npx bedrock-access stacks --shard "$SHARD")"; unchanged=""; fi',
      'if [ -n "$stacks" ]; then npx cdktf deploy $stacks --skip-synth --parallelism 4 --auto-approve --outputs-file "$OUTPUTS_FILE"; fi',
      'if [ -n "$unchanged" ]; then npx cdktf output $unchanged --skip-synth --outputs-file "$UNCHANGED_OUTPUTS_FILE"; fi',
    ]);
    const upload = stepsUsing(deploy, "actions/upload-artifact")[0];
    expect(upload?.with).toMatchObject({
      name: "outputs-${{ strategy.job-index }}",
      path: `${step?.env?.OUTPUTS_FILE}\n${step?.env?.UNCHANGED_OUTPUTS_FILE}\n`,
    });
    // THEN one enable job reads every shard's outputs file
    expect(needsOf(enable)).toEqual(["deploy"]);
    expect(enable.if).toBe(MAIN_ONLY);
    expect(enable.environment).toBe(ENVIRONMENT);
    const downloadAt = enable.steps.findIndex((s) => s.uses?.startsWith("actions/download-artifact@"));
    expect(enable.steps[downloadAt]?.with).toEqual({ pattern: "outputs-*", path: "outputs", "merge-multiple": true });
    expect(enableStepAt(enable, "outputs")).toBeGreaterThan(downloadAt);
  });

  it("deploys every stack of the example config exactly once across the shards the sharded workflow computes", async () => {
    const { workflow } = byFile("bedrock-access-github-hosted-sharded.yml");
    const stacks = async (...args: string[]) => {
      const io = testIo();
      expect(await runCli(["stacks", "--config", join(PROJECT, "bedrock-access.yaml"), ...args], io)).toBe(0);
      return io.out.join("");
    };

    const matrix = JSON.parse(await stacks("--matrix", workflow.env?.DEPLOY_SHARDS ?? "")) as { shard: string[] };
    const deployed = await Promise.all(matrix.shard.map(async (shard) => (await stacks("--shard", shard)).split("\n").filter(Boolean)));

    expect(deployed.every((names) => names.length > 0)).toBe(true);
    expect(deployed.flat().sort()).toEqual((await stacks()).split("\n").filter(Boolean).sort());
  });

  it("applies each stack in its own HCP Terraform workspace from main, then enables with the outputs read back", () => {
    const { jobs } = byFile("bedrock-access-terraform-cloud.yml").workflow;
    expect([jobs.synth.if, jobs.apply.if, jobs.enable.if]).toEqual([MAIN_ONLY, MAIN_ONLY, MAIN_ONLY]);
    expect(jobs.apply.strategy?.matrix).toEqual({ stack: "${{ fromJSON(needs.synth.outputs.stacks) }}" });
    expect(jobs.apply.steps.map((s) => s.uses?.replace(/@.*/, ""))).toEqual([
      "actions/download-artifact",
      "hashicorp/tfc-workflows-github/actions/upload-configuration",
      "hashicorp/tfc-workflows-github/actions/create-run",
      "hashicorp/tfc-workflows-github/actions/apply-run",
    ]);
    expect(jobs.apply.steps[1].with).toEqual({
      workspace: "${{ env.WORKSPACE_PREFIX }}-${{ matrix.stack }}",
      directory: "cdktf.out/stacks/${{ matrix.stack }}",
    });
    expect(needsOf(jobs.enable)).toEqual(["apply"]);
    const readBack = jobs.enable.steps.findIndex((s) => s.run?.includes("output -json >"));
    expect(readBack).toBeGreaterThan(-1);
    expect(enableStepAt(jobs.enable, "outputs")).toBeGreaterThan(readBack);
  });
});

describe("HCP Terraform tokens and roles", () => {
  const w = byFile("bedrock-access-terraform-cloud.yml");
  const { plan, synth, apply, enable } = w.workflow.jobs;
  const TOKEN_STEP_ENV = /^(TF_API_TOKEN|TF_TOKEN_\w+)$/;
  const tokenSteps = (job: Job) =>
    job.steps.flatMap((s, i) => Object.entries(s.env ?? {}).flatMap(([k, v]) => (TOKEN_STEP_ENV.test(k) ? [{ i, k, v }] : [])));

  it("plans with the plan-only token on the plan step alone, and no AWS credentials", () => {
    const planAt = plan.steps.findIndex((s) => s.run === "npm run plan -- --lock-timeout 5m");
    expect(tokenSteps(plan)).toEqual([{ i: planAt, k: "TF_TOKEN_app_terraform_io", v: "${{ secrets.TF_PLAN_API_TOKEN }}" }]);
    expect(plan.env).toBeUndefined();
    expect(usesAws(plan)).toBe(false);
  });

  it("gives the apply token to each step that talks to HCP Terraform, not to the job", () => {
    expect(apply.env).toBeUndefined();
    const hcpSteps = apply.steps.flatMap((s, i) => (s.uses?.startsWith("hashicorp/tfc-workflows-github/") ? [i] : []));
    expect(tokenSteps(apply)).toEqual(hcpSteps.map((i) => ({ i, k: "TF_API_TOKEN", v: "${{ secrets.TF_API_TOKEN }}" })));
  });

  it("reads the outputs back with the apply token on that step alone, before the enablement assumes the pipeline role", () => {
    expect(enable.env).toBeUndefined();
    const readBackAt = enable.steps.findIndex((s) => s.run?.includes("output -json >"));
    expect(tokenSteps(enable)).toEqual([{ i: readBackAt, k: "TF_TOKEN_app_terraform_io", v: "${{ secrets.TF_API_TOKEN }}" }]);
  });

  it("synthesizes with plain cdktf synth: the stacks pick the plan-reader or the deploy role by caller", () => {
    expect(commandsOf(synth)).toContain("npx cdktf synth");
    expect(JSON.stringify(synth)).not.toContain("BEDROCK_ACCESS_PROVIDER_ROLE");
    expect(tokenSteps(synth)).toEqual([]);
  });

  it("tells in its header to give the workspaces a plan-phase and an apply-phase role, and a short-lived plan token", () => {
    const header = headerProse(w);
    for (const setting of ["TFC_AWS_PROVIDER_AUTH=true", "TFC_AWS_PLAN_ROLE_ARN=", "TFC_AWS_APPLY_ROLE_ARN="])
      expect(header).toContain(setting);
    // One identity for both phases only for a new account's workspace, before its first apply.
    expect([...header.matchAll(/[^.;]*TFC_AWS_RUN_ROLE_ARN[^.;]*/g)].map((m) => m[0])).toEqual([
      expect.stringMatching(
        /A new account's workspace starts with TFC_AWS_RUN_ROLE_ARN=<apply role> alone, without the pull-request team's access, until its first apply/,
      ),
    ]);
    expect(header).toContain("examples/iam/hcp-plan-role-trust.json");
    expect(header).toContain("examples/iam/hcp-apply-role-trust.json");
    expect(header).toMatch(/only the "Plan" permission/);
    expect(header).toMatch(/short one \(30 to 90 days\)/);
    expect(header).toMatch(/"is equivalent to the write permission"/);
  });
});

describe("changed stacks only: pull-request plans and deploys against a base synthesis", () => {
  const w = byFile("bedrock-access-github-hosted-sharded.yml");
  const { plan, deploy, record, enable } = w.workflow.jobs;
  const stepNamed = (job: Job, name: string): Step => {
    const step = job.steps.find((s) => s.name === name);
    if (!step) throw new Error(`no step ${name}`);
    return step;
  };

  it("synthesizes the base (the merge commit's first parent) and the head in the same directory, and plans with --base", () => {
    // GIVEN a checkout of the merge commit and its parent
    expect(stepsUsing(plan, "actions/checkout")[0]?.with).toEqual({ "persist-credentials": false, "fetch-depth": 2 });
    // WHEN the base is synthesized with its own dependencies, read-only, and the head's checked out again
    const base = stepNamed(plan, BASE_SYNTH_STEP);
    expect(commandsOf({ ...plan, steps: [base] })).toEqual([
      "git checkout --detach HEAD^1",
      INSTALL,
      "npx cdktf synth --output base.out",
      'git checkout --detach "$GITHUB_SHA"',
    ]);
    expect(base["working-directory"]).toBeUndefined();
    const at = (step: Step | undefined) => plan.steps.indexOf(step ?? plan.steps[0]);
    const headInstall = plan.steps.find((s) => s.run === INSTALL);
    const credentials = stepsUsing(plan, "aws-actions/configure-aws-credentials")[0];
    const planStep = plan.steps.find((s) => s.run?.startsWith("npm run plan"));
    expect([at(base) < at(headInstall), at(headInstall) < at(credentials), at(credentials) < at(planStep)]).toEqual([true, true, true]);
    // THEN the plan (which synthesizes the head itself) compares with the base and plans the shard's changed stacks
    expect(planStep?.run).toBe('npm run plan -- --base base.out --shard "$SHARD" --plans "$PLANS"');
    expect(planStep?.env).toEqual({ SHARD: "${{ matrix.shard }}", PLANS: "plans-${{ strategy.job-index }}" });
  });

  it("splits the pull request's plan into shards i/n that cover 1..n, each uploading its own artifact", () => {
    expect(plan.strategy).toEqual({ "fail-fast": false, matrix: { shard: ["1/4", "2/4", "3/4", "4/4"] } });
    const shards = (plan.strategy?.matrix as { shard: string[] }).shard;
    const count = shards.length;
    expect(shards).toEqual(Array.from({ length: count }, (_, i) => `${i + 1}/${count}`));
    // job-index names each shard's plans directory and artifact: distinct per shard, all matching the review's pattern.
    const upload = stepsUsing(plan, "actions/upload-artifact")[0];
    expect(upload?.with?.name).toBe("bedrock-access-plans-${{ strategy.job-index }}");
    const review = byFile(REVIEW_FILE).workflow.jobs.review;
    expect(stepsUsing(review, "actions/download-artifact")[0]?.with).toMatchObject({
      pattern: "bedrock-access-plans*",
      "merge-multiple": true,
    });
    // The review's plan-summary reads every plans*/ directory of the merged artifact at once.
    expect(stepsUsingLocal(review, "plan-review")[0]?.with?.plans).toBe(stepsUsing(review, "actions/download-artifact")[0]?.with?.path);
    const planReview = actionNamed(repositoryActions(), "plan-review").action;
    expect(commandsOf({ ...review, steps: planReview.runs.steps })).toContain(
      'npx --no bedrock-access plan-summary "$PLANS"/plans*/ --comment-file plan-comment.md --text',
    );
  });

  it("deploys against the synthesis the last successful run deployed, and records the new one only after every shard deployed", () => {
    // GIVEN the deployed synthesis fetched with this run's token (actions: read), before the deploy
    const fetch = stepNamed(deploy, "Fetch the deployed synthesis");
    expect(fetch.env).toEqual({
      GH_TOKEN: "${{ github.token }}",
      REPOSITORY: "${{ github.repository }}",
      WORKFLOW: "${{ github.workflow }}",
    });
    expect(deploy.permissions).toEqual({ contents: "read", actions: "read", "id-token": "write" });
    const deployStep = deploy.steps.find((s) => s.run?.includes("cdktf deploy"));
    expect(deploy.steps.indexOf(fetch)).toBeLessThan(deploy.steps.indexOf(deployStep ?? deploy.steps[0]));
    expect(deployStep?.run).toContain('npx bedrock-access stacks --base prev.out --shard "$SHARD"');
    // WHEN every shard deployed THEN the record job, and only it, uploads the synthesis the fetch step looks for
    expect(needsOf(record)).toEqual(["deploy"]);
    expect(record.if).toBe(MAIN_ONLY);
    expect(record.permissions).toBeUndefined();
    expect(commandsOf(record)).toEqual([INSTALL, "npx cdktf synth"]);
    expect(stepsUsing(record, "actions/upload-artifact").map((s) => s.if)).toEqual([undefined]);
    expect(stepsUsing(record, "actions/upload-artifact")[0]?.with).toEqual({
      name: "bedrock-access-deployed-synthesis",
      path: "cdktf.out/",
      "retention-days": 90,
    });
    const uploadsOfSynthesis = workflows.flatMap((f) =>
      jobsOf(f).flatMap(([name, job]) =>
        stepsUsing(job, "actions/upload-artifact")
          .filter((s) => s.with?.name === "bedrock-access-deployed-synthesis")
          .map(() => `${f.file}:${name}`),
      ),
    );
    expect(uploadsOfSynthesis).toEqual(["bedrock-access-github-hosted-sharded.yml:record"]);
    expect(needsOf(enable)).toEqual(["deploy"]);
  });

  it("names in the job summary the removed stacks a deploy does not destroy", () => {
    const removed = stepNamed(deploy, "Name the removed stacks");
    expect(removed.env).toEqual({ SHARD: "${{ matrix.shard }}" });
    expect(commandsOf({ ...deploy, steps: [removed] })).toEqual([
      "if [ ! -d prev.out ]; then exit 0; fi",
      `removed="$(npx bedrock-access stacks --base prev.out --shard "$SHARD" --json | jq -r '.removed | join(", ")')"`,
      'if [ -n "$removed" ]; then echo "Removed from the config, NOT destroyed by this deploy (destroy them by hand, docs/ci.md): $removed" >> "$GITHUB_STEP_SUMMARY"; fi',
    ]);
  });

  describe("fetching the deployed synthesis (its script, with a fake gh)", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "bedrock-fetch-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const fetchWith = (runs: string, downloads: boolean) => {
      const gh = standInCommand(dir, "gh", [
        'printf \'%s\\n\' "$*" >> "$GH_LOG"',
        'case "$1 $2" in',
        '  "run list") printf \'%s\' "$FAKE_RUNS" ;;',
        `  "run download") ${downloads ? 'mkdir -p "${@: -1}" && touch "${@: -1}/manifest.json"' : "exit 1"} ;;`,
        "esac",
      ]);
      const log = callLog(join(dir, "gh.log"));
      log.clear();
      const step = deploy.steps.find((s) => s.name === "Fetch the deployed synthesis");
      const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step?.run ?? ""], {
        cwd: dir,
        env: {
          PATH: gh.PATH,
          GH_LOG: log.file,
          FAKE_RUNS: runs,
          GH_TOKEN: "t",
          REPOSITORY: "example-org/bedrock-access",
          WORKFLOW: "bedrock-access-sharded",
        },
        encoding: "utf8",
      });
      return {
        status: result.status,
        stdout: result.stdout,
        calls: log.calls(),
        prev: existsSync(join(dir, "prev.out", "manifest.json")),
      };
    };
    const list =
      "run list --repo example-org/bedrock-access --workflow bedrock-access-sharded --branch main --status success --limit 1 --json databaseId --jq .[0].databaseId // empty";

    it("downloads the last successful run's synthesis into prev.out", () => {
      expect(fetchWith("1234\n", true)).toEqual({
        status: 0,
        stdout: "deployed synthesis of run 1234\n",
        calls: [list, "run download 1234 --repo example-org/bedrock-access --name bedrock-access-deployed-synthesis --dir prev.out"],
        prev: true,
      });
    });

    it("leaves prev.out absent on the first deploy (no successful run) or when the artifact expired: every stack deploys", () => {
      const notice = "::notice::no deployed synthesis found (first deploy, or its artifact expired): deploying every stack\n";
      expect(fetchWith("", true)).toEqual({ status: 0, stdout: notice, calls: [list], prev: false });
      expect(fetchWith("1234\n", false)).toMatchObject({ status: 0, stdout: notice, prev: false });
    });
  });
});

describe("drift check on a schedule", () => {
  const w = byFile(DRIFT_FILE);
  const jobs = jobsOf(w);

  it("runs on a schedule and on demand, from main only, in the protected environment with the deploy role", () => {
    expect(w.workflow.on).toEqual({ schedule: [{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }], workflow_dispatch: null });
    expect(jobs.map(([name]) => name)).toEqual(["drift"]);
    const [[, drift]] = jobs;
    expect(drift.if).toBe(
      "github.ref == 'refs/heads/main' && (github.event_name == 'schedule' || github.event_name == 'workflow_dispatch')",
    );
    expect(drift.environment).toBe(ENVIRONMENT);
    expect(stepsUsing(drift, "aws-actions/configure-aws-credentials").map((s) => s.with?.["role-to-assume"])).toEqual([
      "${{ vars.BEDROCK_PIPELINE_ROLE_ARN }}",
    ]);
    // Its own group: a pending run in a deploy's group would cancel the deploy's pending run.
    expect(drift.concurrency).toEqual({ group: "bedrock-access-deploy-drift", "cancel-in-progress": false });
  });

  it("plans every stack with --detect-drift, fails when one drifted, and summarizes the plans either way", () => {
    const [[, drift]] = jobs;
    const planAt = drift.steps.findIndex((s) => s.run === "npm run plan -- --deploy-role --detect-drift --lock-timeout 10m");
    expect(planAt).toBeGreaterThan(-1);
    // A drifted stack fails the plan step, and so the run: nothing swallows its exit code.
    expect(drift.steps[planAt].if).toBeUndefined();
    expect(JSON.stringify(drift)).not.toContain("continue-on-error");
    expect(npmRuns(drift).find((r) => r.script === "plan")?.args).not.toContain("--stack");
    const summaryAt = drift.steps.findIndex((s) => s.run === "npm run plan:summary -- plans --text");
    expect(summaryAt).toBeGreaterThan(planAt);
    expect(drift.steps[summaryAt].if).toBe("success() || failure()");
    expect(stepsUsing(drift, "actions/upload-artifact")[0]?.with).toMatchObject({ name: "bedrock-access-drift-plans", path: "plans/" });
  });

  it("is not a plan workflow the review comments for", () => {
    expect(planWorkflows.map((p) => p.file)).not.toContain(DRIFT_FILE);
    const on = byFile(REVIEW_FILE).workflow.on.workflow_run as { workflows: string[] };
    expect(on.workflows).not.toContain(w.workflow.name);
  });
});
