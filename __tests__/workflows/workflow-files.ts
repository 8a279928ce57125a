import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { z } from "zod";

/** The parts of a GitHub Actions workflow the tests check (action-validator checks the rest against the schema). */
const stepSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  if: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  // Read so the tests can tell a step that runs somewhere else, or with another shell, from one that does not.
  "working-directory": z.string().optional(),
  shell: z.string().optional(),
  with: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  env: z.record(z.string(), z.string()).optional(),
});

const jobSchema = z.object({
  name: z.string().optional(),
  if: z.string().optional(),
  "runs-on": z.string(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  environment: z.string().optional(),
  permissions: z.record(z.string(), z.string()).optional(),
  concurrency: z.object({ group: z.string(), "cancel-in-progress": z.boolean() }),
  strategy: z
    // A matrix is an object, or one expression that makes it (`${{ fromJSON(needs.x.outputs.matrix) }}`).
    .object({ matrix: z.union([z.record(z.string(), z.unknown()), z.string()]) })
    .passthrough()
    .optional(),
  env: z.record(z.string(), z.string()).optional(),
  steps: z.array(stepSchema).min(1),
});

const workflowSchema = z.object({
  name: z.string(),
  on: z.record(z.string(), z.unknown()),
  permissions: z.record(z.string(), z.string()),
  env: z.record(z.string(), z.string()).optional(),
  jobs: z.record(z.string(), jobSchema),
});

/** A composite action's metadata (action.yml), as far as the tests read it. */
const actionSchema = z.object({
  name: z.string(),
  description: z.string(),
  inputs: z.record(
    z.string(),
    z.object({ description: z.string(), required: z.boolean().optional(), default: z.string().optional() }).strict(),
  ),
  outputs: z.record(z.string(), z.object({ description: z.string(), value: z.string() }).strict()).optional(),
  runs: z.object({ using: z.literal("composite"), steps: z.array(stepSchema).min(1) }).strict(),
});

export type Workflow = z.infer<typeof workflowSchema>;
export type Action = z.infer<typeof actionSchema>;
export type Job = z.infer<typeof jobSchema>;
export type Step = z.infer<typeof stepSchema>;

export const PROJECT = resolve(__dirname, "..", "..");
export const EXAMPLES_DIR = join(PROJECT, "examples", "github-actions");
export const IAM_EXAMPLES_DIR = join(PROJECT, "examples", "iam");
export const ACTIONS_DIR = join(PROJECT, "actions");

/** The workflow that comments on pull requests for every plan workflow (on workflow_run, from the default branch). */
export const REVIEW_FILE = "bedrock-access-review.yml";

/** The scheduled drift check: every stack planned from main, never for a pull request. */
export const DRIFT_FILE = "bedrock-access-drift.yml";

/** Enable after the applies HCP Terraform starts itself (repository_dispatch from the notification relay), never for a pull request. */
export const HCP_ENABLE_FILE = "bedrock-access-hcp-enable.yml";

/** The workflows that plan pull requests (and deploy main): every example but the review, the drift check and the HCP enable. */
export const isPlanWorkflow = (w: WorkflowFile): boolean => ![REVIEW_FILE, DRIFT_FILE, HCP_ENABLE_FILE].includes(w.file);

export interface WorkflowFile {
  readonly file: string;
  readonly text: string;
  readonly workflow: Workflow;
}

export function exampleWorkflows(): WorkflowFile[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(EXAMPLES_DIR, file), "utf8");
      return { file, text, workflow: workflowSchema.parse(parse(text)) };
    });
}

export interface ActionFile {
  /** The folder under actions/: `plan-review` is used as `./actions/plan-review`. */
  readonly name: string;
  readonly text: string;
  readonly action: Action;
}

export function repositoryActions(): ActionFile[] {
  return readdirSync(ACTIONS_DIR)
    .sort()
    .map((name) => {
      const text = readFileSync(join(ACTIONS_DIR, name, "action.yml"), "utf8");
      return { name, text, action: actionSchema.parse(parse(text)) };
    });
}

/** The action of that folder name; throws naming the ones there are. */
export function actionNamed(actions: readonly ActionFile[], name: string): ActionFile {
  const found = actions.find((a) => a.name === name);
  if (!found) throw new Error(`no action ${name} (have ${actions.map((a) => a.name).join(", ")})`);
  return found;
}

/** The steps that use an action of this repository (`./actions/<name>`). */
export const stepsUsingLocal = (job: Job, name: string): Step[] => job.steps.filter((s) => s.uses === `./actions/${name}`);

/** Runs a step's script as GitHub runs a `run:` step with bash (`bash --noprofile --norc -eo pipefail`). */
export function runStep(step: Step, env: Record<string, string>, cwd: string) {
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run ?? ""], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The example workflow of that file name; throws naming the ones there are. */
export function byFile(workflows: readonly WorkflowFile[], name: string): WorkflowFile {
  const found = workflows.find((w) => w.file === name);
  if (!found) throw new Error(`no example workflow ${name} (have ${workflows.map((w) => w.file).join(", ")})`);
  return found;
}

export const jobsOf = (w: WorkflowFile): [string, Job][] => Object.entries(w.workflow.jobs);

/** The steps of a job that use an action (`owner/repo[/path]`, any ref). */
export const stepsUsing = (job: Job, action: string): Step[] => job.steps.filter((s) => s.uses?.startsWith(`${action}@`));

/** The comment lines above `name:`, where each workflow says what it needs and where its versions come from. */
export const headerOf = (w: WorkflowFile): string[] => w.text.slice(0, w.text.search(/^name:/m)).split("\n");

/** The header as prose: the comment lines joined, `#` and line breaks gone, so a phrase may wrap anywhere. */
export const headerProse = (w: WorkflowFile): string =>
  headerOf(w)
    .map((l) => l.replace(/^#\s?/, ""))
    .join(" ")
    .replace(/\s+/g, " ");

/** `needs` as a list. */
export const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

/** Every `${{ … }}` expression in a text. */
export const expressionsIn = (text: string): string[] => [...text.matchAll(/\$\{\{\s*([\s\S]*?)\s*\}\}/g)].map((m) => m[1]);

/** Every expression of a parsed value (a job, a step, an env block), as written in the file. */
export const expressionsOf = (value: unknown): string[] => expressionsIn(JSON.stringify(value ?? {}).replace(/\\"/g, '"'));

/** The shell commands of a job, in order, one entry per `run:` line. */
export const commandsOf = (job: Job): string[] =>
  job.steps.flatMap((s) =>
    (s.run ?? "")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );

/** `npm run plan:summary -- plans --text` → { script: "plan:summary", args: ["plans", "--text"] }. */
export function npmRuns(job: Job): { script: string; args: string[] }[] {
  return commandsOf(job).flatMap((command) => {
    const match = /^npm run ([\w:-]+)(?: -- (.*))?$/.exec(command);
    return match ? [{ script: match[1], args: (match[2] ?? "").split(/\s+/).filter(Boolean) }] : [];
  });
}

/**
 * Whether a job can run for a pull request: the workflow is triggered by pull_request, and neither the job's
 * condition nor a job it needs limits it to other events.
 */
export function runsForPullRequests(w: WorkflowFile, name: string, seen: readonly string[] = []): boolean {
  if (!("pull_request" in w.workflow.on) && !("pull_request_target" in w.workflow.on)) return false;
  const job = w.workflow.jobs[name];
  const events = [...(job.if ?? "").matchAll(/github\.event_name == '(\w+)'/g)].map((m) => m[1]);
  if (events.length > 0 && !events.some((e) => e.startsWith("pull_request"))) return false;
  return needsOf(job).every((needed) => !seen.includes(needed) && runsForPullRequests(w, needed, [...seen, name]));
}

/** Whether a pull request sets the job off: it runs for pull requests, or follows another run (workflow_run). */
export const pullRequestSetsOff = (w: WorkflowFile, name: string): boolean =>
  runsForPullRequests(w, name) || "workflow_run" in w.workflow.on;
