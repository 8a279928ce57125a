import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { runCli } from "../../lib/cli/run-cli";
import { COMMENT_MARKER } from "../../lib/plan-review/render/render-markdown";
import { testIo } from "../helpers/cli-io";
import {
  commandsOf,
  exampleWorkflows,
  expressionsIn,
  needsOf,
  npmRuns,
  PROJECT,
  type Job,
  type Step,
  type WorkflowFile,
} from "./workflow-files";

/**
 * The example workflows users copy (examples/github-actions/): valid against GitHub's workflow schema
 * (action-validator), and holding the properties that matter: OIDC instead of keys, least-privilege
 * permissions, one concurrency group per environment, runner labels, and commands that exist here.
 */
const workflows = exampleWorkflows();
const byFile = (name: string): WorkflowFile => {
  const found = workflows.find((w) => w.file === name);
  if (!found) throw new Error(`no example workflow ${name} (have ${workflows.map((w) => w.file).join(", ")})`);
  return found;
};
const jobsOf = (w: WorkflowFile): [string, Job][] => Object.entries(w.workflow.jobs);
const usesAws = (job: Job) => job.steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
const ENVIRONMENT = "bedrock-production";
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

/**
 * The oldest Node.js and action majors the examples may use, as of 2026-11, each with its source. When a source
 * publishes a new major, bump the entry here, the examples, and the line of their header comment naming the source.
 */
// nodejs/Release README.md and schedule.json: 20 reached end of life on 2026-04-30; 22 is supported until 2027-04-30,
// 24 until 2028-04-30. Odd-numbered release lines never become LTS.
const MIN_NODE_MAJOR = 22;
const CURRENT_ACTION_MAJORS: Record<string, number> = {
  // actions/checkout CHANGELOG.md and README.md: v7.0.0, v7.0.1 (refuses fork PR code under pull_request_target).
  "actions/checkout": 7,
  // actions/setup-node README.md, "What's new in V7": ESM internals, inputs unchanged; action.yml runs on node24.
  "actions/setup-node": 7,
  // actions/github-script release notes (releases/tag/v9.0.0): require('@actions/github') and `const getOctokit` break.
  "actions/github-script": 9,
  // actions/upload-artifact action.yml at tag v7.0.0: name, path, retention-days, if-no-files-found; archive defaults to true.
  "actions/upload-artifact": 7,
  // actions/download-artifact README.md (usage of @v8) and action.yml at tag v8.0.1: name, path.
  "actions/download-artifact": 8,
  // hashicorp/setup-terraform CHANGELOG.md: 4.0.0 (Node.js 24), 4.0.1; action.yml: terraform_version, terraform_wrapper.
  "hashicorp/setup-terraform": 4,
  // aws-actions/configure-aws-credentials CHANGELOG.md: 6.0.0 (node24) to 6.2.3; inputs role-to-assume etc. unchanged.
  "aws-actions/configure-aws-credentials": 6,
  // hashicorp/tfc-workflows-github CHANGELOG.md: v1.3.2 is its newest release (Docker actions, no Node runtime).
  "hashicorp/tfc-workflows-github": 1,
};

/** `24`, "22.x", "24.11.1" → the major; undefined for anything else (lts/*, ranges, an empty node-version). */
const nodeMajorOf = (version: string | number | boolean | undefined): number | undefined => {
  const match = /^v?(\d+)(\.(\d+|x|\*))*$/.exec(String(version ?? ""));
  return match ? Number(match[1]) : undefined;
};
const runsNode = (step: Step) => (step.run ?? "").split("\n").some((line) => /^(npm|npx|node)\s/.test(line.trim()));
const setupNodeSteps = (job: Job) => job.steps.filter((s) => s.uses?.startsWith("actions/setup-node@"));
const actionsUsed = (w: WorkflowFile): { job: string; uses: string }[] =>
  jobsOf(w).flatMap(([job, { steps }]) => steps.flatMap((s) => (s.uses ? [{ job, uses: s.uses }] : [])));

/** `owner/repo[/path]@v7.0.1`, or `owner/repo@<sha> # v7.0.1` (a commit pin names its release in a comment) → repo, major. */
function actionRelease(w: WorkflowFile, uses: string): { repo: string; major: number | undefined } {
  const [path, ref] = uses.split("@");
  const line = w.text.split("\n").find((l) => l.includes(uses)) ?? "";
  const release = /^[0-9a-f]{40}$/.test(ref) ? /#\s*(v\d+\S*)/.exec(line)?.[1] : ref;
  const major = /^v(\d+)/.exec(release ?? "")?.[1];
  return { repo: path.split("/").slice(0, 2).join("/"), major: major === undefined ? undefined : Number(major) };
}

/** A header line `#   <subject>…: <source> …`, e.g. `#   actions/checkout v7: actions/checkout CHANGELOG.md`. */
const namesSource = (header: string[], subject: string, source: string) =>
  header.some((l) => l.startsWith(`#   ${subject}`) && /^\D/.test(l.slice(`#   ${subject}`.length)) && l.includes(`: ${source} `));

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

  it("reaches AWS through OIDC into the pipeline role, never with access keys", () => {
    expect(w.text).not.toMatch(/aws-access-key-id|aws-secret-access-key|aws-session-token|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    const credentialSteps = jobsOf(w).flatMap(([, job]) =>
      job.steps.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@")),
    );
    expect(credentialSteps.length).toBeGreaterThan(0);
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
    expect(new Set(secrets)).toEqual(new Set(w.file.includes("terraform-cloud") ? ["TF_API_TOKEN", "TF_PLAN_API_TOKEN"] : []));
  });

  it("puts every job in a concurrency group of the environment and never cancels a deploy", () => {
    for (const [name, job] of jobsOf(w)) {
      expect([name, job.concurrency.group]).toEqual([name, expect.stringMatching(new RegExp(`^bedrock-access-${ENVIRONMENT}`))]);
      const reviewsPullRequest = job.if?.includes("pull_request") ?? false;
      expect([name, job.concurrency["cancel-in-progress"]]).toEqual([name, reviewsPullRequest]);
      if (reviewsPullRequest) expect(job.concurrency.group).toContain("${{ github.event.pull_request.number }}");
      if (job.environment !== undefined) expect(job.environment).toBe(ENVIRONMENT);
    }
  });

  it("pins every action to a release tag or a commit", () => {
    for (const [, job] of jobsOf(w)) {
      for (const step of job.steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
    }
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

  it("uses only actions whose current major is recorded here, at that major or newer", () => {
    for (const { job, uses } of actionsUsed(w)) {
      const { repo, major } = actionRelease(w, uses);
      expect([job, uses, repo in CURRENT_ACTION_MAJORS, major]).toEqual([job, uses, true, expect.any(Number)]);
      expect([job, uses, (major ?? 0) >= CURRENT_ACTION_MAJORS[repo]]).toEqual([job, uses, true]);
    }
  });

  it("names in its header comment where its Node.js and action versions come from", () => {
    const header = w.text.slice(0, w.text.search(/^name:/m)).split("\n");
    for (const { uses } of actionsUsed(w)) {
      const { repo, major } = actionRelease(w, uses);
      expect([uses, namesSource(header, `${repo} v${major}`, repo)]).toEqual([uses, true]);
    }
    for (const major of new Set(jobsOf(w).flatMap(([, job]) => setupNodeSteps(job).map((s) => nodeMajorOf(s.with?.["node-version"]))))) {
      expect([major, namesSource(header, `Node.js ${major} LTS`, "nodejs/Release")]).toEqual([major, true]);
    }
  });

  it("uses only known contexts, earlier steps of the same job, and jobs it needs in expressions", () => {
    for (const [name, job] of jobsOf(w)) {
      const stepIds = new Set(job.steps.flatMap((s) => (s.id ? [s.id] : [])));
      // `if:` conditions may be written without ${{ }}.
      const conditions = [job.if, ...job.steps.map((s) => s.if)].flatMap((c) => (c && !c.includes("${{") ? [c] : []));
      for (const expression of [...expressionsIn(JSON.stringify(job).replace(/\\"/g, '"')), ...conditions]) {
        for (const [, root, member] of expression.matchAll(/(?<![\w.'"-])([A-Za-z_][\w]*)(?:\.([\w-]+))?/g)) {
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
      const setup = job.steps.find((s) => s.uses?.startsWith("hashicorp/setup-terraform@"));
      if (setup) expect([name, setup.with?.terraform_wrapper]).toEqual([name, false]);
    }
  });
});

describe("pull-request plan review", () => {
  it.each(workflows.map((w) => [w.file, w] as const))("%s plans, summarizes and posts the comment it marks", (_file, w) => {
    const [, plan] = jobsOf(w).find(([name]) => name === "plan") ?? [];
    if (!plan) throw new Error("no plan job");
    expect(plan.if).toMatch(
      /^github\.event_name == 'pull_request' && github\.event\.pull_request\.head\.repo\.full_name == github\.repository$/,
    );
    expect(plan.permissions).toMatchObject({ contents: "read", "pull-requests": "write" });
    const commands = commandsOf(plan);
    const order = ["npm ci", "npm run plan", "npm run plan:summary"].map((prefix) => commands.findIndex((c) => c.startsWith(prefix)));
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]))).toBe(true);
    const summary = npmRuns(plan).find((r) => r.script === "plan:summary");
    expect(summary?.args).toEqual(["plans", "--comment-file", "plan-comment.md", "--text"]);
    const post = plan.steps.find((s) => s.uses?.startsWith("actions/github-script@"));
    expect(post?.with?.script).toContain('readFileSync("plan-comment.md", "utf8")');
    expect(post?.with?.script).toContain(`const marker = "${COMMENT_MARKER}"`);
  });
});

/** What can deploy: the deploy (pipeline) role, and the HCP Terraform token that may apply. */
const DEPLOY_CREDENTIALS = ["vars.BEDROCK_PIPELINE_ROLE_ARN", "secrets.TF_API_TOKEN"];
const PLAN_ROLE = "${{ vars.BEDROCK_PLAN_ROLE_ARN }}";
const referencesDeployCredentials = (value: unknown): string[] =>
  expressionsIn(JSON.stringify(value ?? {}).replace(/\\"/g, '"')).flatMap((e) => DEPLOY_CREDENTIALS.filter((c) => e.includes(c)));

/**
 * Whether a job can run for a pull request: the workflow is triggered by pull_request, and neither the job's
 * condition nor a job it needs limits it to other events.
 */
function runsForPullRequests(w: WorkflowFile, name: string, seen: readonly string[] = []): boolean {
  if (!("pull_request" in w.workflow.on) && !("pull_request_target" in w.workflow.on)) return false;
  const job = w.workflow.jobs[name];
  const events = [...(job.if ?? "").matchAll(/github\.event_name == '(\w+)'/g)].map((m) => m[1]);
  if (events.length > 0 && !events.some((e) => e.startsWith("pull_request"))) return false;
  return needsOf(job).every((needed) => !seen.includes(needed) && runsForPullRequests(w, needed, [...seen, name]));
}

describe.each(workflows.map((w) => [w.file, w] as const))("%s: pull-request plans without deploy rights", (_file, w) => {
  const pullRequestJobs = jobsOf(w).filter(([name]) => runsForPullRequests(w, name));

  it("has a pull-request job, and it is the plan job", () => {
    expect(pullRequestJobs.map(([name]) => name)).toEqual(["plan"]);
  });

  it("never gives a pull-request job the deploy role or the deploy token", () => {
    expect(referencesDeployCredentials(w.workflow.env)).toEqual([]);
    for (const [name, job] of pullRequestJobs) expect([name, referencesDeployCredentials(job)]).toEqual([name, []]);
  });

  it("assumes only the plan role in pull-request jobs, and plans read-only", () => {
    for (const [name, job] of pullRequestJobs) {
      for (const step of job.steps.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))) {
        expect([name, step.with?.["role-to-assume"]]).toEqual([name, PLAN_ROLE]);
      }
      const commands = commandsOf(job);
      expect([name, commands.filter((c) => /--deploy-role|cdktf deploy|BEDROCK_ACCESS_PROVIDER_ROLE/.test(c))]).toEqual([name, []]);
      // `plan` synthesizes itself, read-only; a separate `cdktf synth` would make stacks that assume the deploy role.
      expect([name, commands.filter((c) => c.startsWith("npx cdktf synth") || c.includes("--no-synth"))]).toEqual([name, []]);
      expect([name, JSON.stringify(job.env ?? {}).includes("BEDROCK_ACCESS_PROVIDER_ROLE")]).toEqual([name, false]);
    }
  });

  it("uses the deploy credentials only in jobs of the protected environment, never in a pull-request job", () => {
    const holders = jobsOf(w).filter(([, job]) => referencesDeployCredentials(job).length > 0);
    expect(holders.length).toBeGreaterThan(0);
    for (const [name, job] of holders) {
      expect([name, job.environment]).toEqual([name, ENVIRONMENT]);
      expect([name, runsForPullRequests(w, name)]).toEqual([name, false]);
    }
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
    const credentials = job.steps.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(credentials.map((s) => s.with?.["role-to-assume"])).toEqual(["${{ vars.BEDROCK_DISCOVER_ROLE_ARN }}"]);
    expect([name, referencesDeployCredentials(job), job.environment]).toEqual([name, [], undefined]);
    // Only the discover job runs on the schedule: no other job's condition lets a scheduled run through.
    for (const [other, j] of jobsOf(w).filter(([n]) => n !== name))
      expect([other, j.if?.includes("schedule") ?? false]).toEqual([other, false]);
  });
});

describe("deploy on main", () => {
  it.each(["bedrock-access-github-hosted.yml", "bedrock-access-runs-on.yml"])(
    "%s deploys every stack, then enables with the outputs",
    (file) => {
      const deploy = byFile(file).workflow.jobs.deploy;
      expect(deploy.if).toBe("github.event_name == 'push' || github.event_name == 'workflow_dispatch'");
      expect(deploy.environment).toBe(ENVIRONMENT);
      const commands = commandsOf(deploy);
      const deployAt = commands.indexOf("npx cdktf deploy '*' --parallelism 4 --auto-approve --outputs-file outputs.json");
      const enableAt = commands.indexOf(
        "npm run enable -- --outputs outputs.json --report enable-report.json --markdown enable-summary.md",
      );
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
    // GIVEN a small job that prints the matrix of shards
    expect(shards.if).toBe("github.event_name == 'push' || github.event_name == 'workflow_dispatch'");
    expect(commandsOf(shards)).toContain('echo "matrix=$(npx bedrock-access stacks --matrix "$DEPLOY_SHARDS")" >> "$GITHUB_OUTPUT"');
    expect(shards.steps.find((s) => s.run?.includes("--matrix"))?.id).toBe("shards");
    expect(workflow.env?.DEPLOY_SHARDS).toMatch(/^\d+$/);
    // WHEN each shard job deploys its shard's stacks, in the protected environment, never cancelled
    expect(needsOf(deploy)).toEqual(["shards"]);
    expect(deploy.environment).toBe(ENVIRONMENT);
    expect(deploy.strategy).toEqual({ "fail-fast": false, matrix: "${{ fromJSON(needs.shards.outputs.matrix) }}" });
    expect(deploy.concurrency).toEqual({
      group: "bedrock-access-bedrock-production-deploy-${{ matrix.shard }}",
      "cancel-in-progress": false,
    });
    const step = deploy.steps.find((s) => s.run?.includes("cdktf deploy"));
    expect(step?.env).toEqual({ SHARD: "${{ matrix.shard }}", OUTPUTS_FILE: "outputs-${{ strategy.job-index }}.json" });
    expect(commandsOf({ ...deploy, steps: step ? [step] : [] })).toEqual([
      'stacks="$(npx bedrock-access stacks --shard "$SHARD")"',
      'npx cdktf deploy $stacks --parallelism 4 --auto-approve --outputs-file "$OUTPUTS_FILE"',
    ]);
    const upload = deploy.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with).toMatchObject({ name: "outputs-${{ strategy.job-index }}", path: step?.env?.OUTPUTS_FILE });
    // THEN one enable job reads every shard's outputs file
    expect(needsOf(enable)).toEqual(["deploy"]);
    expect(enable.environment).toBe(ENVIRONMENT);
    const downloadAt = enable.steps.findIndex((s) => s.uses?.startsWith("actions/download-artifact@"));
    expect(enable.steps[downloadAt]?.with).toEqual({ pattern: "outputs-*", path: "outputs", "merge-multiple": true });
    const enableAt = enable.steps.findIndex(
      (s) => s.run === "npm run enable -- --outputs outputs --report enable-report.json --markdown enable-summary.md",
    );
    expect(enableAt).toBeGreaterThan(downloadAt);
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

  it("applies each stack in its own HCP Terraform workspace, then enables with the outputs read back", () => {
    const { jobs } = byFile("bedrock-access-terraform-cloud.yml").workflow;
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
    const commands = commandsOf(jobs.enable);
    const readBack = commands.findIndex((c) => c.includes("output -json >"));
    expect(readBack).toBeGreaterThan(-1);
    expect(
      commands.indexOf("npm run enable -- --outputs outputs --report enable-report.json --markdown enable-summary.md"),
    ).toBeGreaterThan(readBack);
  });
});
