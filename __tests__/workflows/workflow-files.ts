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

export type Workflow = z.infer<typeof workflowSchema>;
export type Job = z.infer<typeof jobSchema>;
export type Step = z.infer<typeof stepSchema>;

export const PROJECT = resolve(__dirname, "..", "..");
export const EXAMPLES_DIR = join(PROJECT, "examples", "github-actions");

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

/** `needs` as a list. */
export const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

/** Every `${{ … }}` expression in a text. */
export const expressionsIn = (text: string): string[] => [...text.matchAll(/\$\{\{\s*([\s\S]*?)\s*\}\}/g)].map((m) => m[1]);

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
