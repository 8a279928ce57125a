import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { resolveAccountProfiles } from "../../lib/config/account-profiles";
import { loadConfigFile } from "../../lib/config/load";
import { INVOKE_ACTIONS, invokePolicies } from "../../lib/domain/iam/bedrock-policies";
import { inferenceProfileArn } from "../../lib/domain/arn";
import { COMMENT_MARKER, renderMarkdown } from "../../lib/plan-review/render/render-markdown";
import { renderText } from "../../lib/plan-review/render/render-text";
import { readStackPlans } from "../../lib/plan-review/read-plans";
import type { PlanSummary, ResourceSummary, StackSummary } from "../../lib/plan-review/model";
import { summarizePlans } from "../../lib/plan-review/summarize";
import type { Deployed } from "../helpers/deployed-sandbox";
import { expectDocExample } from "../helpers/doc-examples";
import {
  fromDeployed,
  exampleConfig,
  attachmentsOf,
  NEW_ACCOUNT,
  NEW_ACCOUNT_ATTACHMENTS,
  NEW_MODEL,
  planHandEditedStack,
  planVariant,
  PROJECT,
  VARIANTS,
  writeConfig,
  type DeployedSandbox,
} from "../plan-review/real-plans";

/**
 * The summary on real plans: the example Organization deployed into moto with `cdktf deploy`, then
 * each pull-request change (add a model, add an account, widen an OIDC trust, hand-added Marketplace
 * grants) planned with terraform against that state and summarized.
 */
const run = promisify(execFile);
const TSX = join(PROJECT, "node_modules", ".bin", "tsx");
const options = { firstUseRoleName: "bedrock-first-use" };

let sandbox: DeployedSandbox;
let work: string;
const plans: Record<
  "add-model" | "add-account" | "widen-oidc" | "hand-edited",
  { plansDir: string; summary: PlanSummary; unchanged?: string[] }
> = Object.create(null);

async function planEveryVariant(): Promise<void> {
  const planned = async (name: "add-model" | "add-account", alsoPlan: string[] = []) => {
    const { plansDir, results, unchanged } = await planVariant(sandbox, name, alsoPlan);
    const failed = results.filter((r) => r.problem);
    if (failed.length > 0) throw new Error(`${name}: ${failed.map((r) => `${r.stack}: ${r.problem}`).join("\n")}`);
    plans[name] = { plansDir, summary: summarizePlans(readStackPlans([plansDir]), options), unchanged };
  };
  // The OIDC variant goes through the npm run plan entry point itself.
  const throughScript = async () => {
    const raw = exampleConfig(work);
    VARIANTS["widen-oidc"](raw);
    const { file } = writeConfig(work, "widen-oidc", raw);
    const plansDir = join(work, "widen-oidc", "plans");
    const args = [
      "scripts/bedrock-access.ts",
      "plan",
      "--config",
      file,
      "--output",
      join(work, "widen-oidc", "cdktf.out"),
      "--plans",
      plansDir,
      // The only stack the variant changes (the others are synthesized as deployed).
      "--stack",
      "runtime-ml-research",
      "--lock-timeout",
      "120s",
    ];
    await run(TSX, args, { cwd: PROJECT, env: sandbox.env });
    plans["widen-oidc"] = { plansDir, summary: summarizePlans(readStackPlans([plansDir]), options) };
  };
  const handEdited = async () => {
    const edited = await planHandEditedStack(sandbox);
    if (edited.results.some((r) => r.problem)) throw new Error(edited.results.map((r) => r.problem).join("\n"));
    plans["hand-edited"] = { plansDir: edited.plansDir, summary: summarizePlans(readStackPlans([edited.plansDir]), options) };
  };
  // add-model also plans an unchanged stack, to render a real "no changes" plan.
  await Promise.all([planned("add-model", ["runtime-ml-research"]), planned("add-account"), throughScript(), handEdited()]);

  const dump = process.env.PLAN_SUMMARY_DUMP_DIR;
  if (dump)
    for (const [name, p] of Object.entries(plans)) writeFileSync(join(dump, `${name}.md`), renderMarkdown(p.summary, { marker: true }));
}

const stackOf = (summary: PlanSummary, name: string): StackSummary => {
  const stack = summary.stacks.find((s) => s.stack === name);
  if (!stack) throw new Error(`no stack ${name} in the summary (have ${summary.stacks.map((s) => s.stack).join(", ")})`);
  return stack;
};
const resourceOf = (stack: StackSummary, type: string, iamName: string): ResourceSummary => {
  const resource = stack.resources.find((r) => r.type === type && r.iamName === iamName);
  if (!resource) throw new Error(`no ${type} ${iamName} in ${stack.stack} (have ${stack.resources.map((r) => r.address).join(", ")})`);
  return resource;
};
const countsOf = (summary: PlanSummary) => Object.fromEntries(summary.stacks.map((s) => [s.stack, s.counts]));
const none = { add: 0, change: 0, destroy: 0 };

/**
 * Each pull-request change planned with terraform against the shared deploy's state (read-only: no apply), then
 * summarized.
 */
export function describePlanReview(get: () => Deployed): void {
  describe("plan review of pull-request changes", () => {
    beforeAll(async () => {
      sandbox = fromDeployed(get());
      work = sandbox.work;
      await planEveryVariant();
    });

    describe("plan summary of adding a model", () => {
      it("changes only the invoke policy and the first-use policy of the account that gets the model", () => {
        const { summary } = plans["add-model"];
        expect(plans["add-model"].unchanged).toEqual(["management"]);
        expect(countsOf(summary)).toEqual({
          "runtime-ci-prod": { add: 0, change: 2, destroy: 0 },
          "runtime-ml-research": none,
        });
        expect(stackOf(summary, "runtime-ci-prod").accountId).toBe("222222222222");
        expect(stackOf(summary, "runtime-ci-prod").resources.map((r) => [r.action, r.type, r.iamName])).toEqual([
          ["update", "aws_iam_policy", "bedrock-invoke"],
          ["update", "aws_iam_role_policy", "first-use-marketplace"],
        ]);
        expect(summary.findings).toEqual([]);
      });

      it("lists exactly the profile and foundation-model ARNs the policy builder grants for the new model", () => {
        const stack = stackOf(plans["add-model"].summary, "runtime-ci-prod");
        const invoke = resourceOf(stack, "aws_iam_policy", "bedrock-invoke");
        expect(invoke.relation).toBe("attached to roles bedrock-first-use, bedrock-runtime, runs-on-RunnerInstanceRole");
        const [diff] = invoke.policies;
        const newProfiles = ["global", "us"].map((geo) => inferenceProfileArn(`${geo}.${NEW_MODEL}`, "us-east-1", "222222222222"));
        const profilesStatement = diff.statements.find((s) => s.key === "InvokeInferenceProfiles");
        expect(profilesStatement).toMatchObject({
          status: "changed",
          resources: { added: newProfiles, removed: [] },
          actions: { added: [], removed: [] },
        });

        // One statement per new profile, each pairing the profile with its own destinations only.
        const config = loadConfigFile(join(work, "add-model.yaml"));
        const expected = invokePolicies(resolveAccountProfiles(config, config.accounts[0]))
          .flatMap((d) => d.statements)
          .filter((s) => s.sid?.includes("Haiku"));
        const added = diff.statements.filter((s) => s.status === "added");
        expect(added.map((s) => s.key)).toEqual(expected.map((s) => s.sid));
        for (const [i, statement] of added.entries()) {
          expect(statement.actions.added).toEqual([...INVOKE_ACTIONS]);
          expect(statement.resources.added).toEqual(expected[i].resources);
          expect(statement.conditions.added).toHaveLength(1);
        }
        expect(added.flatMap((s) => s.conditions.added).sort()).toEqual(
          newProfiles.map((arn) => `StringEquals bedrock:InferenceProfileArn = ${arn}`),
        );
        expect(diff.statements).toHaveLength(3);
      });

      it("renders the grants as a folded diff in Markdown and as plain lines for logs", () => {
        const { summary } = plans["add-model"];
        const markdown = renderMarkdown(summary);
        expect(markdown).toContain("**0 to add, 2 to change, 0 to destroy** in 2 stacks");
        expect(markdown).toContain("| 222222222222 | runtime-ci-prod | 0 | 2 | 0 |");
        expect(markdown).toContain("| 333333333333 | runtime-ml-research | 0 | 0 | 0 | no changes |");
        expect(markdown).toMatch(
          /<details><summary><code>~ aws_iam_policy\.invoke-policy<\/code> \(bedrock-invoke\): attached to roles .*: 3 statements<\/summary>\n\n```diff\n/,
        );
        expect(markdown).toContain(`+   Resource     arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.${NEW_MODEL}`);
        expect(markdown).not.toContain("[!WARNING]");
        const text = renderText(summary);
        expect(text).toMatch(/^Bedrock access plan: 2 stacks, 0 to add, 2 to change, 0 to destroy, 0 warnings$/m);
        expect(text).toMatch(/^runtime-ml-research \(333333333333\): no changes$/m);
        expect(text).toContain(`      + Statement InvokeThroughUsAnthropicClaudeHaiku55 (Allow)`);
      });
    });

    it("renders the PR comments docs/ci.md shows", () => {
      expectDocExample("plan-comment-add-model", renderMarkdown(plans["add-model"].summary));
      expectDocExample("plan-comment-widen-oidc", renderMarkdown(plans["widen-oidc"].summary));
    });

    describe("plan summary of adding an account", () => {
      it("adds a stack for the new account and leaves the others unchanged", () => {
        const { summary } = plans["add-account"];
        const stack = stackOf(summary, `runtime-${NEW_ACCOUNT.name}`);
        expect(stack.accountId).toBe(NEW_ACCOUNT.id);
        expect(stack.counts).toEqual({ add: 11, change: 0, destroy: 0 });
        expect(new Set(stack.resources.map((r) => r.action))).toEqual(new Set(["create"]));
        expect(Object.keys(countsOf(summary))).toEqual([stack.stack]);
        expect(plans["add-account"].unchanged).toEqual(["management", "runtime-ci-prod", "runtime-ml-research"]);
        expect(summary.totals).toEqual({ add: 11, change: 0, destroy: 0 });
      });

      it("shows what each new role may do and who attaches what, without flagging the first-use role", () => {
        const stack = stackOf(plans["add-account"].summary, `runtime-${NEW_ACCOUNT.name}`);
        const marketplace = resourceOf(stack, "aws_iam_role_policy", "first-use-marketplace");
        expect(marketplace.relation).toBe("inline policy of role bedrock-first-use");
        expect(marketplace.policies[0].statements.map((s) => [s.key, s.status])).toEqual([
          ["SubscribeToModelOffers", "added"],
          ["ViewSubscriptions", "added"],
          ["ReadModelAvailability", "added"],
          ["ReadInferenceProfiles", "added"],
        ]);
        expect(attachmentsOf(stack)).toEqual(NEW_ACCOUNT_ATTACHMENTS);
        const runtimeTrust = resourceOf(stack, "aws_iam_role", "bedrock-runtime").policies[0];
        expect(runtimeTrust.statements[0].principals.added).toEqual([`AWS ${"arn:aws:iam::111111111111:role/platform-pipeline"}`]);
        expect(stack.findings).toEqual([]);
      });

      it("reads the OIDC trust at plan time although the provider is created in the same plan (its ARN is built from parts)", () => {
        const stack = stackOf(plans["add-account"].summary, `runtime-${NEW_ACCOUNT.name}`);
        const oidc = resourceOf(stack, "aws_iam_role", "bedrock-github-actions");
        const [trust] = oidc.policies;
        expect(trust).toMatchObject({ kind: "trust", after: { state: "known" } });
        const principals = trust.statements.flatMap((s) => s.principals.added);
        expect(principals).toEqual([`Federated arn:aws:iam::${NEW_ACCOUNT.id}:oidc-provider/token.actions.githubusercontent.com`]);
        expect(renderText(plans["add-account"].summary)).not.toContain("known after apply: the document");
      });
    });

    describe("plan summary of widening an OIDC trust to OWNER/*", () => {
      it("shows the subject condition replaced and flags the wildcard repository", () => {
        const { summary } = plans["widen-oidc"];
        const stack = stackOf(summary, "runtime-ml-research");
        expect(stack.counts).toEqual({ add: 0, change: 1, destroy: 0 });
        const role = resourceOf(stack, "aws_iam_role", "bedrock-github-actions");
        expect(role.policies).toHaveLength(1);
        expect(role.policies[0]).toMatchObject({ kind: "trust", attribute: "assume_role_policy" });
        // The exact subjects stay under StringEquals; the pattern gets a StringLike statement of its own.
        expect(role.policies[0].statements).toEqual([
          expect.objectContaining({
            key: "GithubActionsOidc",
            status: "changed",
            conditions: {
              removed: ["StringEquals token.actions.githubusercontent.com:sub = repo:example-org/agents:ref:refs/heads/main"],
              added: [],
            },
            principals: { added: [], removed: [] },
          }),
          expect.objectContaining({ key: "GithubActionsOidcPatterns", status: "added" }),
        ]);
        expect(summary.findings).toEqual([
          {
            kind: "wildcard-oidc-subject",
            stack: "runtime-ml-research",
            address: role.address,
            message: expect.stringMatching(
              /role bedrock-github-actions statement GithubActionsOidcPatterns now trusts "repo:example-org\/\*:ref:refs\/heads\/main": every repository/,
            ),
          },
        ]);
      });

      it("puts the warning above the table and keeps the flagged diff unfolded", () => {
        const markdown = renderMarkdown(plans["widen-oidc"].summary);
        expect(markdown.indexOf("> [!WARNING]")).toBeLessThan(markdown.indexOf("| Account |"));
        expect(markdown).toContain("⚠️ 1 warning");
        expect(markdown).toMatch(/<details open><summary><code>~ aws_iam_role\.github-oidc_role_\w+<\/code> \(bedrock-github-actions\) ⚠️/);
        expect(markdown).toContain(
          "-   Condition    StringEquals token.actions.githubusercontent.com:sub = repo:example-org/agents:ref:refs/heads/main",
        );
      });
    });

    describe("plan summary of Marketplace permissions added outside the first-use role", () => {
      it("flags the inline policy, the managed policy on the RunsOn role and AdministratorAccess, not the first-use role", () => {
        const { summary } = plans["hand-edited"];
        const stack = stackOf(summary, "runtime-ci-prod");
        expect(stack.counts).toEqual({ add: 5, change: 0, destroy: 0 });
        const marketplace = stack.findings.filter((f) => f.kind === "marketplace-outside-first-use");
        expect(marketplace.map((f) => [f.address, f.message])).toEqual([
          [
            "aws_iam_policy.extra-managed",
            "role runs-on-RunnerInstanceRole gets aws-marketplace:Subscribe, aws-marketplace:ViewSubscriptions through managed policy bedrock-extra; only role bedrock-first-use should hold Marketplace permissions (they let it accept Marketplace agreements for the account)",
          ],
          [
            "aws_iam_role_policy.extra-marketplace",
            "role bedrock-runtime gets aws-marketplace:Subscribe through inline policy marketplace; only role bedrock-first-use should hold Marketplace permissions (they let it accept Marketplace agreements for the account)",
          ],
          [
            "aws_iam_role_policy_attachment.extra-admin",
            "role bedrock-runtime gets aws-marketplace:Subscribe, aws-marketplace:ViewSubscriptions through policy arn:aws:iam::aws:policy/AdministratorAccess; only role bedrock-first-use should hold Marketplace permissions (they let it accept Marketplace agreements for the account)",
          ],
        ]);
      });

      it('flags the wildcard action and Resource "*" on a scoped action', () => {
        const findings = plans["hand-edited"].summary.findings.filter((f) => f.kind.startsWith("wildcard"));
        expect(findings.map((f) => [f.kind, f.address, f.message])).toEqual([
          [
            "wildcard-action",
            "aws_iam_policy.extra-managed",
            'policy bedrock-extra statement Everything grants wildcard actions "bedrock:*"',
          ],
          [
            "wildcard-resource",
            "aws_iam_policy.extra-managed",
            'policy bedrock-extra statement Everything allows "bedrock:*" on Resource "*"',
          ],
        ]);
      });
    });

    describe("npm run plan:summary", () => {
      it("prints text for logs, writes the comment with its marker and appends the Markdown to the job summary", async () => {
        const stepSummary = join(work, "step-summary.md");
        writeFileSync(stepSummary, "earlier step\n");
        const comment = join(work, "comment.md");
        const { stdout } = await run(
          TSX,
          [
            "scripts/bedrock-access.ts",
            "plan-summary",
            plans["widen-oidc"].plansDir,
            "--config",
            sandbox.baseConfigFile,
            "--comment-file",
            comment,
            "--text",
          ],
          { cwd: PROJECT, env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_STEP_SUMMARY: stepSummary } },
        );
        expect(stdout).toMatch(/^Bedrock access plan: 1 stack, 0 to add, 1 to change, 0 to destroy, 1 warning\n/);
        expect(stdout).toContain("WARNING runtime-ml-research aws_iam_role.github-oidc_role_");
        expectDocExample("plan-text-widen-oidc", stdout);
        expect(readFileSync(comment, "utf8").startsWith(`${COMMENT_MARKER}\n### Bedrock access: plan`)).toBe(true);
        const appended = readFileSync(stepSummary, "utf8");
        expect(appended.startsWith("earlier step\n### Bedrock access: plan")).toBe(true);
        expect(appended).not.toContain(COMMENT_MARKER);
      });

      it("exits 1 with --fail-on-warnings, after writing the summary", async () => {
        const failing = run(
          TSX,
          [
            "scripts/bedrock-access.ts",
            "plan-summary",
            plans["widen-oidc"].plansDir,
            "--first-use-role",
            "bedrock-first-use",
            "--fail-on-warnings",
          ],
          {
            cwd: PROJECT,
            env: { PATH: process.env.PATH, HOME: process.env.HOME },
          },
        );
        await expect(failing).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining("### Bedrock access: plan") });
      });
    });
  });
}
