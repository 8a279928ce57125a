import { renderMarkdown, COMMENT_MARKER } from "../../lib/plan-review/render/render-markdown";
import { renderText } from "../../lib/plan-review/render/render-text";
import { summarizePlans, summarizeStack } from "../../lib/plan-review/summarize";
import { doc, PIPELINE_TRUST, role, stackPlan } from "./plan-builders";

const options = { firstUseRoleName: "bedrock-first-use" };
const INVOKE = {
  Sid: "Invoke",
  Effect: "Allow",
  Action: "bedrock:InvokeModel",
  Resource: "arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.x",
};
const MARKETPLACE = { Sid: "Subscribe", Effect: "Allow", Action: "aws-marketplace:Subscribe", Resource: "*" };

describe("summarizeStack counts", () => {
  it("counts like terraform: a replacement adds and destroys, no-ops and data reads do not count", () => {
    const summary = summarizeStack(
      stackPlan("runtime-ci", [
        { address: "aws_iam_role.a", actions: ["create"], after: role("a", PIPELINE_TRUST) },
        { address: "aws_iam_role.b", actions: ["delete", "create"], before: role("b", PIPELINE_TRUST), after: role("b", PIPELINE_TRUST) },
        { address: "aws_iam_role.c", actions: ["delete"], before: role("c", PIPELINE_TRUST) },
        { address: "aws_iam_role.d", actions: ["no-op"], before: role("d", PIPELINE_TRUST), after: role("d", PIPELINE_TRUST) },
        { address: "data.aws_iam_role.e", actions: ["read"], mode: "data", after: { name: "e" } },
      ]),
      options,
    );
    expect(summary.counts).toEqual({ add: 2, change: 0, destroy: 2 });
    expect(summary.resources.map((r) => [r.address, r.action])).toEqual([
      ["aws_iam_role.a", "create"],
      ["aws_iam_role.b", "replace"],
      ["aws_iam_role.c", "delete"],
    ]);
    expect(summary.accountId).toBe("222222222222");
  });
});

describe("policy diffs", () => {
  it("sees no change between our rendering and IAM's key-sorted one of the same document", () => {
    const ours = doc({ Sid: "Invoke", Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: ["arn:b", "arn:a"] });
    const iams = JSON.stringify({
      Statement: [{ Action: "bedrock:InvokeModel", Effect: "Allow", Resource: ["arn:a", "arn:b"], Sid: "Invoke" }],
      Version: "2012-10-17",
    });
    const summary = summarizeStack(
      stackPlan("s", [
        {
          address: "aws_iam_policy.p",
          actions: ["update"],
          before: { name: "p", policy: iams, description: "old" },
          after: { name: "p", policy: ours, description: "new" },
        },
      ]),
      options,
    );
    expect(summary.resources[0].policies).toEqual([]);
    expect(summary.resources[0].attributes).toEqual([{ name: "description", before: '"old"', after: '"new"' }]);
  });

  it("pairs statements without a Sid by position and reports a flipped effect", () => {
    const summary = summarizeStack(
      stackPlan("s", [
        {
          address: "aws_iam_policy.p",
          actions: ["update"],
          before: { name: "p", policy: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "arn:a" }) },
          after: { name: "p", policy: doc({ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "arn:a" }) },
        },
      ]),
      options,
    );
    expect(summary.resources[0].policies[0].statements).toEqual([
      expect.objectContaining({ key: "#0", status: "changed", effect: "Deny", effectBefore: "Allow" }),
    ]);
    expect(renderText({ stacks: [summary], totals: summary.counts, findings: [] })).toContain(
      "-   Effect       Allow\n      +   Effect       Deny",
    );
  });

  it("shows values known only after apply as such", () => {
    const summary = summarizeStack(
      stackPlan("s", [
        {
          address: "aws_iam_role.r",
          actions: ["update"],
          before: role("r", PIPELINE_TRUST),
          after: { name: "r", max_session_duration: 7200 },
          afterUnknown: { assume_role_policy: true },
        },
      ]),
      options,
    );
    const [resource] = summary.resources;
    expect(resource.policies).toEqual([expect.objectContaining({ kind: "trust", after: { state: "unknown" }, statements: [] })]);
    expect(resource.attributes).toEqual([{ name: "max_session_duration", before: "3600", after: "7200" }]);
  });

  it("reports a policy attribute that is not valid JSON instead of failing", () => {
    const summary = summarizeStack(
      stackPlan("s", [{ address: "aws_iam_policy.p", actions: ["create"], after: { name: "p", policy: "{not json" } }]),
      options,
    );
    expect(summary.resources[0].policies[0].after).toMatchObject({ state: "invalid", problem: expect.stringMatching(/^not JSON/) });
  });
});

describe("warnings", () => {
  it("flags Marketplace permissions a managed policy gains while attached to a runtime role, once per role", () => {
    const attachments = ["bedrock-runtime", "bedrock-first-use"].map((r) => ({
      address: `aws_iam_role_policy_attachment.${r}`,
      actions: ["no-op"],
      before: { role: r, policy_arn: "arn:aws:iam::222222222222:policy/bedrock-invoke" },
      after: { role: r, policy_arn: "arn:aws:iam::222222222222:policy/bedrock-invoke" },
    }));
    const summary = summarizeStack(
      stackPlan("s", [
        {
          address: "aws_iam_policy.invoke",
          actions: ["update"],
          before: { name: "bedrock-invoke", arn: "arn:aws:iam::222222222222:policy/bedrock-invoke", policy: doc(INVOKE) },
          after: { name: "bedrock-invoke", arn: "arn:aws:iam::222222222222:policy/bedrock-invoke", policy: doc(INVOKE, MARKETPLACE) },
        },
        ...attachments,
      ]),
      options,
    );
    expect(summary.findings).toEqual([
      {
        kind: "marketplace-outside-first-use",
        stack: "s",
        address: "aws_iam_policy.invoke",
        message:
          "role bedrock-runtime gets aws-marketplace:Subscribe through managed policy bedrock-invoke; only role bedrock-first-use should hold Marketplace permissions (they let it accept Marketplace agreements for the account)",
      },
    ]);
  });

  it("does not flag Marketplace permissions a role already had", () => {
    const inline = { name: "m", role: "bedrock-runtime", policy: doc(MARKETPLACE) };
    const summary = summarizeStack(
      stackPlan("s", [
        { address: "aws_iam_role_policy.m", actions: ["no-op"], before: inline, after: inline },
        {
          address: "aws_iam_role.r",
          actions: ["update"],
          before: role("bedrock-runtime", PIPELINE_TRUST),
          after: role("bedrock-runtime", PIPELINE_TRUST, { description: "x" }),
        },
      ]),
      options,
    );
    expect(summary.findings).toEqual([]);
  });

  it('flags NotAction grants, a trust of any principal, and repo:* and repo:org/app:* subjects, but not Resource "*" on actions that have no resource scope', () => {
    const summary = summarizeStack(
      stackPlan("s", [
        {
          address: "aws_iam_role_policy.p",
          actions: ["create"],
          after: {
            name: "p",
            role: "bedrock-first-use",
            policy: doc(
              { Sid: "Read", Effect: "Allow", Action: "bedrock:ListInferenceProfiles", Resource: "*" },
              { Sid: "Rest", Effect: "Allow", NotAction: "iam:*", Resource: "arn:a" },
            ),
          },
        },
        {
          address: "aws_iam_role.r",
          actions: ["create"],
          after: role(
            "r",
            doc(
              { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
              {
                Sid: "Gh",
                Effect: "Allow",
                Principal: { Federated: "arn:p" },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringLike: { "token.actions.githubusercontent.com:sub": ["repo:*", "repo:org/app:*"] } },
              },
            ),
          ),
        },
      ]),
      options,
    );
    expect(summary.findings.map((f) => [f.kind, f.message])).toEqual([
      ["wildcard-action", 'role policy p statement Rest allows every action except "iam:*" (NotAction)'],
      ["wildcard-principal", 'role r statement Anyone trusts any principal ("*")'],
      ["wildcard-oidc-subject", 'role r statement Gh now trusts "repo:*": every repository matching the pattern, not one named repository'],
      [
        "wildcard-oidc-subject",
        'role r statement Gh now trusts "repo:org/app:*": every branch, tag, environment or event of the repository matching the pattern, not the ones named',
      ],
    ]);
  });

  it('flags a scoped action newly granted on an existing Resource "*" statement', () => {
    const before = doc({ Sid: "Read", Effect: "Allow", Action: "bedrock:ListInferenceProfiles", Resource: "*" });
    const after = doc({ Sid: "Read", Effect: "Allow", Action: ["bedrock:ListInferenceProfiles", "iam:PassRole"], Resource: "*" });
    const summary = summarizeStack(
      stackPlan("s", [
        {
          address: "aws_iam_role_policy.p",
          actions: ["update"],
          before: { name: "p", role: "bedrock-first-use", policy: before },
          after: { name: "p", role: "bedrock-first-use", policy: after },
        },
      ]),
      options,
    );
    expect(summary.findings.map((f) => f.message)).toEqual(['role policy p statement Read allows "iam:PassRole" on Resource "*"']);
  });
});

describe("renderMarkdown", () => {
  it("keeps a value the pull request chose inside its diff fence and its warning on one line", () => {
    const hostile = "arn:aws:iam::999999999999:role/x\n```\n@everyone [click](https://example.com)\n```";
    const summary = summarizePlans(
      [
        stackPlan("s", [
          {
            address: "aws_iam_role.r",
            actions: ["create"],
            after: role("r", doc({ Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Resource: hostile })),
          },
        ]),
      ],
      options,
    );
    const markdown = renderMarkdown(summary);
    const fences = markdown.split("\n").filter((line) => /^\s*```/.test(line));
    expect(fences.map((l) => l.trim())).toEqual(["```diff", "```"]);
    expect(markdown.split("\n").some((line) => line.startsWith("@everyone"))).toBe(false);
  });

  const big = () => {
    const resources = Array.from({ length: 200 }, (_, i) => `arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.model-${i}`);
    return summarizePlans(
      [
        stackPlan("runtime-ci", [
          {
            address: "aws_iam_policy.p",
            actions: ["create"],
            after: { name: "p", policy: doc({ Sid: "Invoke", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: resources }) },
          },
        ]),
        stackPlan("management", [], "111111111111"),
      ],
      options,
    );
  };

  it("puts management first and folds a long diff", () => {
    const markdown = renderMarkdown(big());
    expect(markdown.indexOf("| 111111111111 | management |")).toBeLessThan(markdown.indexOf("| 222222222222 | runtime-ci |"));
    expect(markdown).toContain("<details><summary><code>+ aws_iam_policy.p</code> (p): 1 statement</summary>");
  });

  it("drops the per-resource diffs, keeping the marker, the table and a pointer, when the comment would be too long", () => {
    const markdown = renderMarkdown(big(), { marker: true, maxBytes: 4000, fullReportHint: "the full diff is in the job summary" });
    expect(markdown.length).toBeLessThanOrEqual(4000);
    expect(markdown.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(markdown).toContain("| 222222222222 | runtime-ci | 1 | 0 | 0 |");
    expect(markdown).toContain("_Per-resource diffs left out to fit a comment: the full diff is in the job summary._");
    expect(markdown).not.toContain("```diff");
  });
});
