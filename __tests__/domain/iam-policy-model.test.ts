/**
 * The one IAM document model (lib/domain/iam/statement.ts, policy.ts) and the one matcher (lib/domain/iam/matching.ts):
 * what the stacks write reads back unchanged, and each matching rule holds alike in the matcher, in the SCP evaluator
 * (preflight) and in the plan review, which had a model and a matcher each before.
 *
 * Sources: IAM User Guide, "IAM JSON policy elements: Action" ("The prefix and the action name are case insensitive"),
 * "IAM JSON policy elements: Resource" (wildcards "within any ARN segment"), "IAM JSON policy elements: NotAction".
 */
import {
  firstUsePolicy,
  githubOidcTrustPolicy,
  principalsTrustPolicy,
  useCaseSubmitterPolicy,
} from "../../lib/domain/iam/bedrock-policies";
import { evaluateScps } from "../../lib/domain/iam/evaluation/evaluate-scps";
import { parseScpDocument } from "../../lib/domain/iam/evaluation/parse-scp";
import type { ScpChain } from "../../lib/domain/iam/evaluation/scp-decision";
import { actionMatches, resourceMatches } from "../../lib/domain/iam/matching";
import { PolicyDocument } from "../../lib/domain/iam/policy";
import { PolicyStatement, PolicyValidationError } from "../../lib/domain/iam/statement";
import { allowsAction, isAdministrator } from "../../lib/plan-review/iam-semantics";

const ACCOUNT = "111122223333";
const ALLOW_ALL = { Effect: "Allow", Action: "*", Resource: "*" };
const doc = (...statements: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement: statements });

/** Root and account each with FullAWSAccess and, at the root, `statement`. */
function chainWith(statement: Record<string, unknown>): ScpChain {
  const full = { id: "p-FullAWSAccess", name: "FullAWSAccess", document: parseScpDocument(doc(ALLOW_ALL), "p-FullAWSAccess") };
  return {
    root: { id: "r-ab12", policies: [full, { id: "p-test", name: "Test", document: parseScpDocument(doc(statement), "p-test") }] },
    ous: [],
    account: { id: ACCOUNT, policies: [full] },
    isManagementAccount: false,
  };
}

const scpDenies = (statement: Record<string, unknown>, action: string, resource: string): boolean =>
  evaluateScps({ action, resource, principalAccount: ACCOUNT, context: {} }, chainWith(statement)).outcome === "denied";

/** The statement the plan review reads from a plan. */
const reviewed = (statement: Record<string, unknown>): PolicyStatement => {
  const [read] = PolicyDocument.fromJson(doc(statement)).statements;
  return read;
};

describe("one document model", () => {
  it("normalizes list elements and keeps NotAction, NotResource, NotPrincipal and Condition", () => {
    const [statement] = PolicyDocument.fromJson(
      doc({
        Sid: "Mixed",
        Effect: "Deny",
        NotAction: ["s3:PutObject", "iam:*", "s3:PutObject"],
        NotResource: "arn:aws:s3:::audit/*",
        NotPrincipal: { AWS: ["arn:aws:iam::111122223333:role/b", "arn:aws:iam::111122223333:role/a"] },
        Condition: { Bool: { "aws:SecureTransport": false } },
      }),
    ).statements;
    expect(statement.actions).toEqual([]);
    expect(statement.notActions).toEqual(["iam:*", "s3:PutObject"]);
    expect(statement.notResources).toEqual(["arn:aws:s3:::audit/*"]);
    expect(statement.notPrincipalIds).toEqual(["AWS arn:aws:iam::111122223333:role/a", "AWS arn:aws:iam::111122223333:role/b"]);
    expect(statement.conditionEntries).toEqual([{ operator: "Bool", key: "aws:SecureTransport", value: "false" }]);
    expect(statement.toJSON()).toEqual({
      Sid: "Mixed",
      Effect: "Deny",
      NotPrincipal: { AWS: ["arn:aws:iam::111122223333:role/b", "arn:aws:iam::111122223333:role/a"] },
      NotAction: ["iam:*", "s3:PutObject"],
      NotResource: "arn:aws:s3:::audit/*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("reads back every document the stacks write exactly as it renders", () => {
    const documents = [
      firstUsePolicy([], { productIds: ["prod-b", "prod-a"], useCaseFormRegions: ["ap-southeast-7"] }),
      useCaseSubmitterPolicy(),
      principalsTrustPolicy([`arn:aws:iam::${ACCOUNT}:role/ci`, "arn:aws:iam::444455556666:role/deploy"], { "444455556666": "ext-1" }),
      githubOidcTrustPolicy(`arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`, [
        { repository: "org/app", refs: ["refs/heads/main"], environments: [], pullRequests: false },
        { repository: "org/*", refs: [], environments: [], pullRequests: false },
      ]),
    ];
    for (const document of documents) {
      const reading = PolicyDocument.read(document.render());
      expect(reading.document?.render()).toBe(document.render());
      expect(reading.document ? reading.problems : reading.unreadable).toEqual([]);
    }
  });

  it("holds the statements the stacks build to this project's rules, not documents it reads", () => {
    const grant = { sid: "Broad", actions: ["bedrock:InvokeModel"], resources: ["*"] };
    expect(() => new PolicyStatement(grant)).toThrow(PolicyValidationError);
    expect(() => new PolicyStatement({ ...grant, sid: "not a sid", resources: ["arn:aws:bedrock:us-east-1::foundation-model/x"] })).toThrow(
      /Sid must be letters and digits/,
    );
    expect(() => new PolicyStatement({ ...grant, actions: ["bedrock:Invoke?odel"], allowAnyResource: true })).toThrow(/malformed action/);
    expect(() => new PolicyDocument([new PolicyStatement({ ...grant, allowAnyResource: true })].flatMap((s) => [s, s]))).toThrow(
      /duplicate Sid/,
    );
    const read = PolicyDocument.read(doc({ Sid: "not a sid", ...ALLOW_ALL }, { Sid: "not a sid", ...ALLOW_ALL }));
    expect(read.document?.statements).toHaveLength(2);
    expect(read.document ? read.problems : read.unreadable).toEqual([]);
  });

  it("names what breaks IAM's grammar, and still reads the rest for a reviewer", () => {
    const reading = PolicyDocument.read(
      doc(
        { Effect: "Allow", Action: "s3:*", NotAction: "s3:Get*", Resource: "*" },
        { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } },
        { Effect: "Allow", Action: "s3:GetObject" },
      ),
    );
    expect(reading.document ? reading.problems : reading.unreadable).toEqual([
      "Statement[0]: has both Action and NotAction; expected one",
      "Statement[2]: expected Resource or NotResource",
    ]);
    expect(reading.document?.statements.map((s) => s.actions)).toEqual([["s3:*"], ["sts:AssumeRole"], ["s3:GetObject"]]);
    expect(PolicyDocument.read("[1]")).toEqual({ unreadable: "expected a JSON object (got [1])" });
  });
});

describe("one matcher, in preflight's SCP evaluator and in the plan review alike", () => {
  const ACTIONS: readonly [pattern: string, action: string, matches: boolean][] = [
    ["bedrock:InvokeModel", "bedrock:InvokeModel", true],
    ["BEDROCK:invokemodel", "bedrock:InvokeModel", true],
    ["Aws-Marketplace:Subscribe", "aws-marketplace:Subscribe", true],
    ["bedrock:Invoke?odel", "bedrock:InvokeModel", true],
    ["bedrock:InvokeModel?", "bedrock:InvokeModel", false],
    ["aws-marketplace:?ubscribe", "aws-marketplace:Unsubscribe", false],
    ["bedrock:Invoke*", "bedrock:InvokeModelWithResponseStream", true],
    ["bedrock:*Stream", "bedrock:InvokeModel", false],
    ["bedrock-mantle:*", "bedrock:InvokeModel", false],
    ["bedrock:*", "bedrock-mantle:CreateInference", false],
    ["*", "bedrock-mantle:CreateInference", true],
  ];

  it.each(ACTIONS)("Action %s names %s: %s", (pattern, action, matches) => {
    expect(actionMatches(pattern, action)).toBe(matches);
    expect(scpDenies({ Effect: "Deny", Action: pattern, Resource: "*" }, action, "*")).toBe(matches);
    expect(allowsAction(reviewed({ Effect: "Allow", Action: pattern, Resource: "*" }), action)).toBe(matches);
  });

  it.each(ACTIONS)("NotAction %s leaves out %s: %s", (pattern, action, matches) => {
    expect(scpDenies({ Effect: "Deny", NotAction: pattern, Resource: "*" }, action, "*")).toBe(!matches);
    expect(allowsAction(reviewed({ Effect: "Allow", NotAction: pattern, Resource: "*" }), action)).toBe(!matches);
  });

  it("reads *:* as every action in the plan review (an administrator grant)", () => {
    expect(actionMatches("*:*", "iam:PutRolePolicy")).toBe(true);
    expect(isAdministrator(reviewed({ Effect: "Allow", Action: "*:*", Resource: "*" }))).toBe(true);
    expect(isAdministrator(reviewed({ Effect: "Allow", NotAction: "IAM:*", Resource: "*" }))).toBe(false);
  });

  const MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2:1";
  const RESOURCES: readonly [pattern: string, resource: string, matches: boolean][] = [
    [MODEL, MODEL, true],
    ["arn:aws:bedrock:us-east-1::Foundation-model/anthropic.claude-v2:1", MODEL, false],
    ["arn:aws:Bedrock:us-east-1::foundation-model/anthropic.claude-v2:1", MODEL, false],
    ["arn:aws:bedrock:us-east-?::foundation-model/*", MODEL, true],
    ["arn:aws:bedrock:us-east-1?::foundation-model/*", MODEL, false],
    ["arn:aws:bedrock:*::foundation-model/anthropic.claude-v2:?", MODEL, true],
    ["arn:aws:bedrock:us-*", MODEL, true],
    ["arn:aws:bedrock:*:foundation-model/*", MODEL, false],
    ["*", MODEL, true],
  ];

  it.each(RESOURCES)("Resource %s names %s: %s", (pattern, resource, matches) => {
    expect(resourceMatches(pattern, resource)).toBe(matches);
    expect(scpDenies({ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: pattern }, "bedrock:InvokeModel", resource)).toBe(matches);
    expect(scpDenies({ Effect: "Deny", Action: "bedrock:InvokeModel", NotResource: pattern }, "bedrock:InvokeModel", resource)).toBe(
      !matches,
    );
  });
});
