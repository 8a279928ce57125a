import { Testing } from "cdktf";
import { parseConfig } from "../../lib/config/load";
import { planFromJson, type PlanJson } from "../../lib/plan-review/plan-json";
import { renderMarkdown } from "../../lib/plan-review/render/render-markdown";
import { renderText } from "../../lib/plan-review/render/render-text";
import { synthesizedPlan } from "../../lib/plan-review/run/synthesized-plan";
import { summarizePlans } from "../../lib/plan-review/summarize";
import type { PlanSummary, SummaryOptions } from "../../lib/plan-review/model";
import { RuntimeAccountStack } from "../../stacks/runtime-account-stack";
import { CI_ID, MANAGEMENT_ID, PIPELINE_ROLE, stackConfig } from "../helpers/fixtures";
import { stackPlan } from "./plan-builders";
import { attachmentsOf, exampleConfig, NEW_ACCOUNT, NEW_ACCOUNT_ATTACHMENTS, VARIANTS } from "./real-plans";

type CdkTfJson = { resource: Record<string, Record<string, Record<string, unknown>>>; data?: Record<string, unknown> };

const PLAN_ROLE = `arn:aws:iam::${MANAGEMENT_ID}:role/platform-plan`;
const NOTE = "new account: reviewed from its synthesized configuration, not planned against AWS";
/** What plan-summary knows from the config: the Organization's accounts and the pipeline principals. */
const options: SummaryOptions = {
  firstUseRoleName: "bedrock-first-use",
  organizationAccounts: [MANAGEMENT_ID, CI_ID],
  firstUseTrustedPrincipals: [PIPELINE_ROLE],
};

/**
 * The ci account's stack as `bedrock-access plan` synthesizes it (plan principals set, read-only provider); without
 * its RunsOn role unless asked (the plan-reader may read that role at any path: a wildcard-resource warning).
 */
function synthesizedRuntimeStack(runsOn = false): CdkTfJson {
  const config = stackConfig((raw) => {
    (raw.managementAccount as Record<string, unknown>).planPrincipals = [PLAN_ROLE];
    if (!runsOn) delete raw.accounts[0].runsOnRoleNames;
  });
  const stack = new RuntimeAccountStack(Testing.app(), "runtime-ci", { config, account: config.accounts[0], providerRole: "plan" });
  return JSON.parse(Testing.synth(stack)) as CdkTfJson;
}

const reviewed = (json: CdkTfJson): PlanJson => planFromJson(JSON.parse(JSON.stringify(synthesizedPlan(json))), "runtime-ci.json");
const summaryOf = (plan: PlanJson): PlanSummary => summarizePlans([{ stack: "runtime-ci", source: "runtime-ci.json", plan }], options);
/** The role (by IAM name) in the synthesized JSON. */
const roleNamed = (json: CdkTfJson, name: string): [string, Record<string, unknown>] => {
  const found = Object.entries(json.resource.aws_iam_role).find(([, role]) => role.name === name);
  if (!found) throw new Error(`no role ${name}`);
  return found;
};

describe("synthesizedPlan: a new account's stack reviewed from cdk.tf.json", () => {
  it("makes every managed resource a create with its literal attributes, leaves data sources out, and marks the file", () => {
    // GIVEN the synthesized stack of a runtime account
    const json = synthesizedRuntimeStack(true);

    // WHEN it is turned into plan JSON and read back as plan-summary reads plan files
    const plan = reviewed(json);

    // THEN each resource block is one create, nothing else
    const addresses = Object.entries(json.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
    expect(plan.resource_changes.map((c) => c.address)).toEqual([...addresses].sort());
    expect(new Set(plan.resource_changes.map((c) => JSON.stringify([c.mode, c.change.actions, c.change.before])))).toEqual(
      new Set([JSON.stringify(["managed", ["create"], null])]),
    );
    expect(json.data).toBeDefined();
    expect(plan.resource_changes.some((c) => c.address.startsWith("data."))).toBe(false);
    expect(plan.bedrock_access).toEqual({ review: "synthesized", reason: "new account: no state and no plan-reader role yet" });

    // AND the policy is its synthesized document, verbatim; references are known only after apply
    const invoke = plan.resource_changes.find((c) => c.address === "aws_iam_policy.invoke-policy");
    expect(invoke?.change.after).toEqual({ ...json.resource.aws_iam_policy["invoke-policy"] });
    const [firstUse] = roleNamed(json, "bedrock-first-use");
    const attachment = plan.resource_changes.find((c) => c.address === "aws_iam_role_policy_attachment.first-use_invoke_A1C3A2BE");
    expect(attachment?.change).toMatchObject({ after: {}, after_unknown: { policy_arn: true, role: true } });
    expect(plan.configuration.root_module.resources.find((r) => r.address === attachment?.address)?.expressions).toEqual({
      policy_arn: { references: ["aws_iam_policy.invoke-policy.arn", "aws_iam_policy.invoke-policy"] },
      role: { references: [`aws_iam_role.${firstUse}.name`, `aws_iam_role.${firstUse}`] },
    });
    // A role named by a data source is the name the data block looks up, as the plan would read it.
    const runsOn = plan.resource_changes.find((c) => c.address === "aws_iam_role_policy_attachment.runs-on-invoke-0");
    expect(runsOn?.change).toMatchObject({ after: { role: "runs-on-RunnerInstanceRole" }, after_unknown: { policy_arn: true } });
    // Meta-arguments are not attributes.
    const [oidcRole] = roleNamed(json, "bedrock-github-actions");
    expect(json.resource.aws_iam_role[oidcRole].depends_on).toBeDefined();
    expect(plan.resource_changes.find((c) => c.address === `aws_iam_role.${oidcRole}`)?.change.after).not.toHaveProperty("depends_on");
  });

  it("is reviewed by plan-summary like a plan of the same creates: policies, trusts, who gets what", () => {
    const json = synthesizedRuntimeStack(true);
    const summary = summaryOf(reviewed(json));

    const [stack] = summary.stacks;
    const resources = Object.values(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(stack).toMatchObject({ accountId: CI_ID, errored: false, counts: { add: resources, change: 0, destroy: 0 } });
    expect(stack.synthesized).toEqual({ reason: "new account: no state and no plan-reader role yet" });
    const byName = (type: string, iamName: string) => stack.resources.find((r) => r.type === type && r.iamName === iamName);
    expect(byName("aws_iam_policy", "bedrock-invoke")?.relation).toBe(
      "attached to roles bedrock-first-use, bedrock-github-actions, bedrock-runtime, runs-on-RunnerInstanceRole",
    );
    expect(byName("aws_iam_role_policy", "first-use-marketplace")?.relation).toBe("inline policy of role bedrock-first-use");
    const marketplace = byName("aws_iam_role_policy", "first-use-marketplace")?.policies[0];
    expect(marketplace?.statements.map((s) => [s.key, s.status])).toEqual([
      ["SubscribeToModelOffers", "added"],
      ["ViewSubscriptions", "added"],
      ["ReadModelAvailability", "added"],
      ["ReadInferenceProfiles", "added"],
    ]);
    expect(byName("aws_iam_role", "bedrock-plan-reader")?.policies[0].statements[0].principals.added).toEqual([`AWS ${PLAN_ROLE}`]);
    // The one warning a plan of this stack raises too: the plan-reader reads the RunsOn role at any path.
    expect(summary.findings.map((f) => [f.kind, f.address])).toEqual([
      ["wildcard-resource", "aws_iam_role_policy.plan-reader_plan-read_0E2D5629"],
    ]);
    expect(summaryOf(reviewed(synthesizedRuntimeStack())).findings).toEqual([]);
  });

  it("raises the same warning for a wildcard-principal trust as a plan of the same new role", () => {
    // GIVEN a synthesized stack whose runtime role trusts anyone
    const json = synthesizedRuntimeStack();
    const [address, runtime] = roleNamed(json, "bedrock-runtime");
    runtime.assume_role_policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
    });

    // WHEN it is reviewed from its synthesis, and as Terraform would plan that role
    const synthesized = summaryOf(reviewed(json)).findings;
    const planned = summarizePlans(
      [stackPlan("runtime-ci", [{ address: `aws_iam_role.${address}`, actions: ["create"], after: runtime }])],
      options,
    ).findings;

    // THEN both raise the same warning
    expect(synthesized).toEqual([expect.objectContaining({ kind: "wildcard-principal", address: `aws_iam_role.${address}` })]);
    expect(synthesized).toEqual(planned);
  });

  it("shows a document that embeds a value known only after apply as cannot-verify, as a plan does", () => {
    const json = synthesizedRuntimeStack();
    const [, runtime] = roleNamed(json, "bedrock-runtime");
    const [firstUse] = roleNamed(json, "bedrock-first-use");
    runtime.assume_role_policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `\${aws_iam_role.${firstUse}.arn}` }, Action: "sts:AssumeRole" }],
    });

    const { findings } = summaryOf(reviewed(json));

    expect(findings.map((f) => [f.kind, f.message])).toEqual([
      [
        "cannot-verify",
        "cannot verify the trust policy of role bedrock-runtime: it is known only after apply; review it in the plan output before merging",
      ],
    ]);
  });

  it("reads cdktf's escaped IAM policy variables ($${aws:username}) as the literal ${aws:username}", () => {
    const json = synthesizedRuntimeStack();
    const policy = json.resource.aws_iam_policy["invoke-policy"];
    policy.policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Sid: "Own", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/$${aws:username}/*" }],
    });

    const change = reviewed(json).resource_changes.find((c) => c.address === "aws_iam_policy.invoke-policy");

    expect(change?.change.after_unknown).toEqual({});
    expect(JSON.parse(String(change?.change.after?.policy))).toMatchObject({
      Statement: [{ Resource: "arn:aws:s3:::bucket/${aws:username}/*" }],
    });
  });

  it("is marked in the table, the stack heading and the log text; other stacks render as before", () => {
    const json = synthesizedRuntimeStack();
    const [, runtime] = roleNamed(json, "bedrock-runtime");
    runtime.assume_role_policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }],
    });
    const summary = summaryOf(reviewed(json));
    const add = summary.totals.add;

    const markdown = renderMarkdown(summary);
    expect(markdown).toContain(`| ${CI_ID} | runtime-ci | ${add} | 0 | 0 | ${NOTE} · ⚠️ 1 warning |`);
    expect(markdown).toContain(`#### runtime-ci · ${CI_ID}: ${add} to add, 0 to change, 0 to destroy (${NOTE})\n`);
    expect(renderText(summary)).toContain(`\nruntime-ci (${CI_ID}): ${add} to add, 0 to change, 0 to destroy (${NOTE})\n`);

    // The same stack as a plan (no marker) renders exactly as it would without this feature.
    const { synthesized: _, ...planned } = summary.stacks[0];
    const unmarked = { ...summary, stacks: [planned] };
    expect(renderMarkdown(unmarked)).toBe(markdown.replace(`${NOTE} · `, "").replace(` (${NOTE})`, ""));
    expect(renderText(unmarked)).not.toContain(NOTE);
  });
});

describe("synthesizedPlan of the example Organization's added account", () => {
  it("reviews it as the sandbox's plan of the same change does (plan-review.ts: 11 creates, who gets what, no warnings)", () => {
    // GIVEN the example config with the account a pull request adds, synthesized for a read-only plan
    const raw = exampleConfig("/tmp/state");
    VARIANTS["add-account"](raw);
    const config = parseConfig(raw);
    const account = config.accounts.find((a) => a.name === NEW_ACCOUNT.name);
    if (!account) throw new Error("the variant adds no account");
    const stack = new RuntimeAccountStack(Testing.app(), `runtime-${account.name}`, { config, account, providerRole: "plan" });

    // WHEN it is reviewed from its synthesis
    const plan = planFromJson(JSON.parse(JSON.stringify(synthesizedPlan(JSON.parse(Testing.synth(stack))))), "new.json");
    const summary = summarizePlans([{ stack: `runtime-${account.name}`, source: "new.json", plan }], {
      firstUseRoleName: "bedrock-first-use",
    });

    // THEN it reads as the real plan reads
    const [reviewed] = summary.stacks;
    expect(reviewed).toMatchObject({ accountId: NEW_ACCOUNT.id, counts: { add: 11, change: 0, destroy: 0 } });
    expect(attachmentsOf(reviewed)).toEqual(NEW_ACCOUNT_ATTACHMENTS);
    const oidc = reviewed.resources.find((r) => r.type === "aws_iam_role" && r.iamName === "bedrock-github-actions");
    expect(oidc?.policies[0].statements.flatMap((s) => s.principals.added)).toEqual([
      `Federated arn:aws:iam::${NEW_ACCOUNT.id}:oidc-provider/token.actions.githubusercontent.com`,
    ]);
    expect(reviewed.findings).toEqual([]);
  });
});
