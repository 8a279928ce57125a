import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateAction } from "@action-validator/core";
import { callLog, standInCommand } from "../helpers/stand-in-command";
import { COMMENT_MARKER } from "../../lib/plan-review/render/render-markdown";
import {
  actionNamed,
  commandsOf,
  exampleWorkflows,
  expressionsIn,
  expressionsOf,
  isPlanWorkflow,
  jobsOf,
  PROJECT,
  REVIEW_FILE,
  repositoryActions,
  runStep,
  stepsUsingLocal,
  type Job,
  type Step,
} from "./workflow-files";

/**
 * The actions of this repository (actions/<name>/action.yml), which the example workflows use instead of copies of
 * their scripts: valid action metadata, composite, running the caller's own bedrock-access, pinned like the examples,
 * and their scripts run here against a fake gh and a fake npx.
 */
const actions = repositoryActions();
const workflows = exampleWorkflows();
const stepsOf = (steps: Step[]): Job => ({ "runs-on": "", concurrency: { group: "", "cancel-in-progress": false }, steps });
const stepNamed = (name: string, stepName: string): Step => {
  const step = actionNamed(actions, name).action.runs.steps.find((s) => s.name === stepName);
  if (!step) throw new Error(`no step ${stepName} in actions/${name}`);
  return step;
};
/** The `owner/repo@<sha> # vX.Y.Z` the example workflows pin, by owner/repo. */
const examplePins = new Map(
  workflows.flatMap((w) => [...w.text.matchAll(/uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40} # v[\d.]+)$/gm)].map((m) => [m[1], m[2]] as const)),
);

describe.each(actions.map((a) => [a.name, a] as const))("actions/%s", (_name, { text, action }) => {
  it("is valid action metadata (action-validator against the action schema), a composite action", () => {
    expect(validateAction(text).errors).toEqual([]);
    expect(action.runs.using).toBe("composite");
  });

  it("runs its scripts with bash, values reaching them through env, never as expressions inside the script", () => {
    for (const step of action.runs.steps.filter((s) => s.run !== undefined)) {
      expect([step.name, step.shell, expressionsIn(step.run ?? "")]).toEqual([step.name, "bash", []]);
    }
  });

  it("pins every action it uses to the commit the example workflows pin, naming the release", () => {
    for (const step of action.runs.steps.filter((s) => s.uses !== undefined)) {
      const [repo] = (step.uses ?? "").split("@");
      const line = text.split("\n").find((l) => l.includes(`uses: ${step.uses ?? ""}`)) ?? "";
      expect([repo, line.trim()]).toEqual([repo, `- uses: ${repo}@${examplePins.get(repo) ?? "(not pinned by the examples)"}`]);
    }
  });

  it("runs the caller's own bedrock-access (npx --no: never one downloaded), with options its --help lists", () => {
    const commands = commandsOf(stepsOf(action.runs.steps));
    const runs = commands.filter((c) => /\bnpx\b|\bnpm\b/.test(c));
    expect(runs.length).toBeGreaterThan(0);
    for (const command of runs) {
      const [, name, rest] = /^npx --no bedrock-access ([\w-]+)(.*)$/.exec(command) ?? [];
      expect([command, name !== undefined]).toEqual([command, true]);
      const tsx = join(PROJECT, "node_modules", ".bin", "tsx");
      const help = execFileSync(tsx, [join(PROJECT, "scripts", "bedrock-access.ts"), name, "--help"], { cwd: PROJECT, encoding: "utf8" });
      const unknown = (rest.match(/--[\w-]+/g) ?? []).filter((flag) => !help.includes(`${flag} `));
      expect([command, unknown]).toEqual([command, []]);
    }
  });

  it("reads no secret and no variable: a token comes in as an input, and its steps run in working-directory", () => {
    expect(expressionsOf(action).filter((e) => /secrets\.|vars\.|github\.token/.test(e))).toEqual([]);
    for (const step of action.runs.steps.filter((s) => /\bnpx\b|plan-comment\.md/.test(s.run ?? ""))) {
      expect([step.name, step["working-directory"]]).toEqual([step.name, "${{ inputs.working-directory }}"]);
    }
  });
});

describe("the example workflows use the actions instead of copies of their scripts", () => {
  const every = workflows.flatMap((w) => jobsOf(w).map(([name, job]) => ({ where: `${w.file}:${name}`, job })));

  it("comments only through actions/plan-review, in the review workflow", () => {
    const users = every.filter(({ job }) => stepsUsingLocal(job, "plan-review").length > 0).map(({ where }) => where);
    expect(users).toEqual([`${REVIEW_FILE}:review`]);
    const copies = every.flatMap(({ where, job }) =>
      commandsOf(job)
        .filter((c) => /\bgh api\b|--comment-file/.test(c))
        .map(() => where),
    );
    expect(copies).toEqual([]);
  });

  it("enables only through actions/enable, once in every plan workflow, after assuming the pipeline role", () => {
    for (const w of workflows.filter(isPlanWorkflow)) {
      const enabling = jobsOf(w).filter(([, job]) => stepsUsingLocal(job, "enable").length > 0);
      expect([w.file, enabling.length]).toEqual([w.file, 1]);
      const [[, job]] = enabling;
      const credentialsAt = job.steps.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      expect([w.file, credentialsAt >= 0 && credentialsAt < job.steps.indexOf(stepsUsingLocal(job, "enable")[0])]).toEqual([w.file, true]);
    }
    const copies = every.flatMap(({ where, job }) =>
      commandsOf(job)
        .filter((c) => /npm run enable|bedrock-access enable/.test(c))
        .map(() => where),
    );
    expect(copies).toEqual([]);
    // No step of theirs names the report files any more: the action writes and uploads them.
    expect(workflows.filter((w) => /enable-report\.json|enable-summary\.md/.test(JSON.stringify(w.workflow))).map((w) => w.file)).toEqual(
      [],
    );
  });
});

describe("actions/plan-review: posting the comment (its script, with a fake gh)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bedrock-review-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("posts or updates its marked comment with gh api, only on the open pull request at the planned commit", () => {
    // GIVEN a fake gh on PATH that logs its arguments and answers the two reads
    const gh = standInCommand(dir, "gh", [
      'printf \'%s\\n\' "$*" >> "$GH_LOG"',
      'case "$*" in',
      '  *"/pulls/"*) printf \'%s\\n\' "$FAKE_HEAD" ;;',
      '  *"--paginate"*) printf \'%s\' "$FAKE_IDS" ;;',
      "esac",
    ]);
    const log = callLog(join(dir, "gh.log"));
    const post = (fakeHead: string, fakeIds: string) => {
      log.clear();
      const env = { GH_TOKEN: "t", REPOSITORY: "example-org/bedrock-access", PR_NUMBER: "42", HEAD_SHA: "abc123" };
      const result = runStep(
        stepNamed("plan-review", "Post or update the plan comment"),
        { ...env, GH_LOG: log.file, FAKE_HEAD: fakeHead, FAKE_IDS: fakeIds, PATH: gh.PATH },
        dir,
      );
      return { status: result.status, stdout: result.stdout, calls: log.calls() };
    };
    const read = [
      'api repos/example-org/bedrock-access/pulls/42 --jq select(.state == "open") | .head.sha',
      `api --paginate repos/example-org/bedrock-access/issues/42/comments --jq .[] | select(.user.login == "github-actions[bot]" and ((.body // "") | startswith("${COMMENT_MARKER}"))) | .id`,
    ];

    // WHEN there is no previous comment THEN it adds one
    expect(post("abc123", "")).toEqual({
      status: 0,
      stdout: "",
      calls: [...read, "api --method POST repos/example-org/bedrock-access/issues/42/comments -F body=@plan-comment.md"],
    });
    // WHEN there are marked comments THEN it updates the first
    expect(post("abc123", "111\n222\n").calls).toEqual([
      ...read,
      "api --method PATCH repos/example-org/bedrock-access/issues/comments/111 -F body=@plan-comment.md",
    ]);
    // WHEN the pull request moved on (or is closed, or the number names another one) THEN it writes nothing
    const moved = post("def456", "111");
    expect(moved.status).toBe(0);
    expect(moved.calls).toEqual([read[0]]);
    expect(moved.stdout).toMatch(/^::warning::pull request 42 is not open at the planned commit abc123/);
  });
});

describe("actions/enable: enable's exit code (its scripts, with a fake npx)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bedrock-enable-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const enable = (exitCode: number, flags: string) => {
    const npx = standInCommand(dir, "npx", ['printf \'%s\\n\' "$@" >> "$NPX_LOG"', `exit ${exitCode}`]);
    const log = callLog(join(dir, "npx.log"));
    const output = join(dir, "github-output");
    log.clear();
    writeFileSync(output, "");
    const env = { OUTPUTS: "outputs dir", REPORT: "enable-report.json", MARKDOWN: "enable-summary.md", FLAGS: flags };
    const result = runStep(stepNamed("enable", "Enable"), { ...env, NPX_LOG: log.file, GITHUB_OUTPUT: output, PATH: npx.PATH }, dir);
    return { status: result.status, args: log.calls(), output: readFileSync(output, "utf8") };
  };
  const failStep = stepNamed("enable", "Fail with enable's exit code");

  it("runs enable with the outputs, the report, the Markdown and the extra flags, and records its exit code", () => {
    const base = [
      "--no",
      "bedrock-access",
      "enable",
      "--outputs",
      "outputs dir",
      "--report",
      "enable-report.json",
      "--markdown",
      "enable-summary.md",
    ];
    expect(enable(0, "")).toEqual({ status: 0, args: base, output: "exit-code=0\n" });
    expect(enable(0, " --accounts  a,b --models m ").args).toEqual([...base, "--accounts", "a,b", "--models", "m"]);
    // A glob in the flags stays a word: nothing of the checkout is expanded into enable's arguments.
    expect(enable(0, "*").args).toEqual([...base, "*"]);
  });

  it("lets the upload run when enable fails, then fails the step with enable's exit code", () => {
    expect(enable(3, "")).toMatchObject({ status: 0, output: "exit-code=3\n" });
    expect(failStep.if).toBe("steps.enable.outputs.exit-code != '0'");
    expect(stepNamed("enable", "Enable").id).toBe("enable");
    const upload = actionNamed(actions, "enable").action.runs.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.if).toBe("always()");
    expect(runStep(failStep, { CODE: "3" }, dir).status).toBe(3);
    // No exit code recorded (the enable step itself was cancelled or killed): fail anyway.
    expect(runStep(failStep, { CODE: "" }, dir).status).toBe(1);
  });
});
