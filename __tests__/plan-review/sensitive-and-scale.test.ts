import { planFromJson } from "../../lib/plan-review/plan-json";
import { GITHUB_COMMENT_LIMIT, GITHUB_STEP_SUMMARY_LIMIT, renderMarkdown } from "../../lib/plan-review/render/render-markdown";
import { renderText } from "../../lib/plan-review/render/render-text";
import { summarizePlans } from "../../lib/plan-review/summarize";
import { generatePlan } from "../../bench/plan-generator";
import { doc, PIPELINE_TRUST, role, stackPlan } from "./plan-builders";

const options = { firstUseRoleName: "bedrock-first-use" };
const SECRET = "s3cr3t-value-from-a-variable";

describe("sensitive values", () => {
  const plan = stackPlan("runtime-ci", [
    {
      address: "aws_iam_role.r",
      actions: ["update"],
      before: role("r", PIPELINE_TRUST, { description: "old" }),
      after: role("r", PIPELINE_TRUST, { description: SECRET }),
      afterSensitive: { description: true },
    },
    {
      address: "aws_iam_policy.p",
      actions: ["create"],
      after: { name: "p", policy: doc({ Sid: "S", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: `arn:${SECRET}` }) },
      afterSensitive: { policy: true },
    },
    {
      address: "aws_iam_role.t",
      actions: ["create"],
      after: role("t", PIPELINE_TRUST, { tags: { team: "ml", token: SECRET } }),
      afterSensitive: { tags: { token: true } },
    },
  ]);
  const summary = summarizePlans([plan], options);

  it("are never printed: the PR comment, the job summary and the log show (sensitive)", () => {
    for (const text of [
      renderMarkdown(summary),
      renderMarkdown(summary, { marker: true, maxBytes: GITHUB_COMMENT_LIMIT }),
      renderText(summary),
    ]) {
      expect(text).not.toContain(SECRET);
      expect(text).toContain("(sensitive)");
    }
    expect(summary.stacks[0].resources[0].attributes).toEqual([{ name: "description", before: '"old"', after: "(sensitive)" }]);
  });

  it("make a sensitive policy document a warning: nobody can review it in the comment", () => {
    expect(summary.findings.map((f) => [f.kind, f.address])).toEqual([["cannot-verify", "aws_iam_policy.p"]]);
    expect(summary.findings[0].message).toMatch(/cannot verify the policy of policy p: Terraform marks it sensitive/);
  });
});

describe("a plan of 20,000 resource changes", () => {
  const generated = generatePlan(20_000);
  const summary = summarizePlans([{ stack: "runtime-big", source: "big.json", plan: planFromJson(generated.json, "big.json") }], options);

  it("renders every output without overflowing the call stack, and the comment and step summary fit GitHub's limits", () => {
    const full = renderMarkdown(summary);
    const comment = renderMarkdown(summary, { marker: true, maxBytes: GITHUB_COMMENT_LIMIT });
    const stepSummary = renderMarkdown(summary, { maxBytes: GITHUB_STEP_SUMMARY_LIMIT });
    expect(full).toContain("aws_iam_role_policy_attachment.runtime_invoke_0");
    expect(Buffer.byteLength(comment)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(Buffer.byteLength(stepSummary)).toBeLessThanOrEqual(GITHUB_STEP_SUMMARY_LIMIT);
    expect(comment).toContain("> [!WARNING]");
    expect(renderText(summary).split("\n").length).toBeGreaterThan(20_000);
  });

  it("still finds every risky change among them", () => {
    expect(summary.findings.filter((f) => f.kind === "marketplace-outside-first-use")).toHaveLength(generated.riskyAccounts);
  });
});
