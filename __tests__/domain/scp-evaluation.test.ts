/**
 * The SCP evaluator (lib/domain/iam/evaluation) on the semantics AWS documents, then cross-checked against
 * @cloud-copilot/iam-simulate evaluating the same policy as an identity policy (one SCP level behaves like one
 * identity policy: an explicit Deny wins, otherwise an Allow is needed).
 *
 * Sources: AWS Organizations User Guide, "SCP evaluation"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html), "SCP
 * syntax" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html), "General
 * examples" (the Region deny SCP,
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html); IAM User
 * Guide, "IAM JSON policy elements: Condition operators"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html) and
 * "Single-valued vs. multivalued context keys"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html);
 * AWS Machine Learning Blog, "Securing Amazon Bedrock cross-Region inference: Geographic and global" (global
 * profiles call the region-less foundation-model ARN with `aws:RequestedRegion` = "unspecified",
 * https://aws.amazon.com/blogs/machine-learning/securing-amazon-bedrock-cross-region-inference-geographic-and-global).
 */
import { describeLevel, describeStatement } from "../../lib/domain/iam/evaluation/describe-decision";
import { evaluateScps } from "../../lib/domain/iam/evaluation/evaluate-scps";
import { parseScpDocument } from "../../lib/domain/iam/evaluation/parse-scp";
import type { RequestContextInput } from "../../lib/domain/iam/evaluation/request-context";
import type { ScpChain, ScpDecision, ScpPolicy, ScpRequest } from "../../lib/domain/iam/evaluation/scp-decision";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { decide } from "../helpers/simulate";
import type { PolicyJson } from "../helpers/synth";

const ACCOUNT = "111122223333";
const ROOT = "r-ab12";
const PROD_OU = "ou-ab12-prod";
const WORKLOADS_OU = "ou-ab12-workloads";
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const MODEL = "anthropic.claude-sonnet-4-6";
const fm = (region: string) => `arn:aws:bedrock:${region}::foundation-model/${MODEL}`;
const profileArn = (region: string, geography: string) => `arn:aws:bedrock:${region}:${ACCOUNT}:inference-profile/${geography}.${MODEL}`;

type StatementJson = Record<string, unknown>;
const doc = (...statements: StatementJson[]) => ({ Version: "2012-10-17", Statement: statements });
const ALLOW_ALL: StatementJson = { Sid: "AllowAll", Effect: "Allow", Action: "*", Resource: "*" };

/** Each policy's JSON as written, for the simulator. */
const POLICY_JSON = new WeakMap<ScpPolicy, unknown>();
const policy = (id: string, name: string, json: unknown): ScpPolicy => {
  const parsed = { id, name, document: parseScpDocument(json, `${id} (${name})`) };
  POLICY_JSON.set(parsed, json);
  return parsed;
};
const policyJson = (p: ScpPolicy): unknown => POLICY_JSON.get(p);
const asSimulatorResult = (decision: ScpDecision): string =>
  decision.outcome === "allowed" ? "Allowed" : decision.reason === "explicit-deny" ? "ExplicitlyDenied" : "ImplicitlyDenied";
const FULL_ACCESS = policy("p-FullAWSAccess", "FullAWSAccess", doc({ Effect: "Allow", Action: "*", Resource: "*" }));

interface ChainParts {
  readonly root?: readonly ScpPolicy[];
  readonly ous?: readonly (readonly ScpPolicy[])[];
  readonly account?: readonly ScpPolicy[];
  readonly isManagementAccount?: boolean;
}

/** Root → prod OU → workloads OU → account, each with FullAWSAccess unless told otherwise. */
function chain(parts: ChainParts = {}): ScpChain {
  const ouPolicies = parts.ous ?? [[FULL_ACCESS], [FULL_ACCESS]];
  return {
    root: { id: ROOT, policies: parts.root ?? [FULL_ACCESS] },
    ous: ouPolicies.map((policies, i) => ({ id: [PROD_OU, WORKLOADS_OU][i] ?? `ou-ab12-${i}`, policies })),
    account: { id: ACCOUNT, policies: parts.account ?? [FULL_ACCESS] },
    isManagementAccount: parts.isManagementAccount ?? false,
  };
}

const request = (action: string, resource: string, context: RequestContextInput = {}): ScpRequest => ({
  action,
  resource,
  principalAccount: ACCOUNT,
  context,
});

/** The classic Region deny SCP of the AWS Organizations User Guide (its EU example), in this org's root. */
const REGION_DENY = policy(
  "p-region1",
  "DenyOutsideEU",
  doc({
    Sid: "DenyAllOutsideEU",
    Effect: "Deny",
    NotAction: ["a4b:*", "budgets:*", "ce:*", "cloudfront:*", "iam:*", "organizations:*", "route53:*", "sts:*", "support:*"],
    Resource: "*",
    Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1", "eu-west-1"] } },
  }),
);

/** How preflight's findings name the statement that decides an explicit deny: policy, statement (Sid or #index), level. */
const decidingDeny = (decision: ReturnType<typeof evaluateScps>): string | undefined => {
  if (decision.reason !== "explicit-deny") return undefined;
  const [first] = decision.deniedBy;
  return `${describeStatement(first)} at ${describeLevel(first.level)}`;
};

describe("parsing an SCP", () => {
  const parse = (json: unknown) => () => parseScpDocument(json, "p-test (Test)");

  it("reads Statement as a single object or as a list", () => {
    const single = parseScpDocument({ Version: "2012-10-17", Statement: ALLOW_ALL }, "p-1 (One)");
    const list = parseScpDocument(doc(ALLOW_ALL, { Effect: "Deny", Action: "s3:*", Resource: "*" }), "p-2 (Two)");
    expect(single.statements).toEqual([expect.objectContaining({ index: 0, sid: "AllowAll", effect: "Allow" })]);
    expect(list.statements.map((s) => [s.index, s.effect])).toEqual([
      [0, "Allow"],
      [1, "Deny"],
    ]);
  });

  it("reads the policy from its JSON text, as Organizations returns it", () => {
    expect(parseScpDocument(JSON.stringify(doc(ALLOW_ALL)), "p-1 (One)").statements).toHaveLength(1);
    expect(parse("{not json")).toThrow(/SCP p-test \(Test\)[\s\S]*\(root\): not JSON/);
  });

  it("rejects Principal and NotPrincipal, which SCPs do not support", () => {
    expect(parse(doc({ ...ALLOW_ALL, Principal: "*" }))).toThrow(/Statement\[0\]\.Principal: SCPs do not support Principal/);
    expect(parse(doc({ ...ALLOW_ALL, NotPrincipal: { AWS: ACCOUNT } }))).toThrow(
      /Statement\[0\]\.NotPrincipal: SCPs do not support NotPrincipal/,
    );
  });

  it("names the field and the value that are wrong", () => {
    expect(parse(doc({ ...ALLOW_ALL, Effect: "Alow" }))).toThrow(/Statement\[0\]\.Effect: expected "Allow" or "Deny" \(got "Alow"\)/);
    expect(parse({ Version: "2008-10-17", Statement: ALLOW_ALL })).toThrow(/Version: expected "2012-10-17" \(got "2008-10-17"\)/);
    expect(parse({ Statement: ALLOW_ALL })).toThrow(/Version: expected "2012-10-17" \(got "nothing"\)/);
    expect(parse(doc({ Effect: "Deny", Action: ["s3:*", "bedrock"], Resource: "*" }))).toThrow(
      /Statement\[0\]\.Action\[1\]: expected "\*" or "service:Action".*\(got "bedrock"\)/,
    );
    expect(parse(doc({ Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3" }))).toThrow(
      /Statement\[0\]\.Resource: expected "\*" or an ARN.*\(got "arn:aws:s3"\)/,
    );
    expect(parse(doc({ Effect: "Deny", Action: "*", NotAction: "s3:*", Resource: "*" }))).toThrow(
      /Statement\[0\]: has both Action and NotAction/,
    );
    expect(parse(doc({ Effect: "Deny", Action: "*" }))).toThrow(/Statement\[0\]: expected Resource or NotResource/);
    expect(parse(doc({ ...ALLOW_ALL, Condtion: {} }))).toThrow(/Statement\[0\]\.Condtion: not a statement element/);
    expect(parse({ Version: "2012-10-17", Statement: [] })).toThrow(/Statement: expected at least one statement/);
  });

  it("rejects condition operators and values it cannot evaluate faithfully", () => {
    const withCondition = (condition: unknown) => parse(doc({ Effect: "Deny", Action: "*", Resource: "*", Condition: condition }));
    expect(withCondition({ StringEqualz: { "aws:RequestedRegion": "eu-west-1" } })).toThrow(
      /Condition\.StringEqualz: unknown condition operator "StringEqualz"/,
    );
    expect(withCondition({ "ForSomeValues:StringEquals": { "aws:TagKeys": "a" } })).toThrow(/unknown set operator "ForSomeValues"/);
    expect(withCondition({ NullIfExists: { "aws:PrincipalOrgID": "true" } })).toThrow(/IfExists applies to every operator except Null/);
    expect(withCondition({ BinaryEquals: { key: "QmluYXJ5" } })).toThrow(/BinaryEquals is not supported/);
    expect(withCondition({ NumericLessThan: { "aws:MultiFactorAuthAge": "an hour" } })).toThrow(
      /Condition\.NumericLessThan\.aws:MultiFactorAuthAge: expected a number \(got "an hour"\)/,
    );
    expect(withCondition({ DateLessThan: { "aws:CurrentTime": "2025-13-45" } })).toThrow(
      /expected an ISO 8601 \(W3C\) date or epoch seconds/,
    );
    expect(withCondition({ IpAddress: { "aws:SourceIp": "203.0.113.0/33" } })).toThrow(/expected an IP address or CIDR range/);
    expect(withCondition({ ArnLike: { "aws:PrincipalArn": "role/app" } })).toThrow(/expected an ARN/);
    expect(withCondition({ StringEquals: { "aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:role/app" } })).toThrow(
      /policy variables \(\$\{\.\.\.\}\) are not supported/,
    );
    expect(withCondition({ StringEquals: { "aws:RequestedRegion": [] } })).toThrow(/expected a value or a non-empty list of values/);
  });

  it("lists every problem at once", () => {
    let message = "";
    try {
      parseScpDocument(doc({ Effect: "Permit", Resource: "*" }, { ...ALLOW_ALL, Principal: "*" }), "p-bad (Bad)");
    } catch (err) {
      message = err instanceof Error ? err.message : String(err);
    }
    expect(message).toMatch(/Statement\[0\]\.Effect/);
    expect(message).toMatch(/Statement\[0\]: expected Action or NotAction/);
    expect(message).toMatch(/Statement\[1\]\.Principal/);
  });

  it("accepts NotAction, NotResource, resource ARNs and conditions in Allow statements (full IAM language)", () => {
    expect(() =>
      parseScpDocument(
        doc({
          Effect: "Allow",
          NotAction: "iam:*",
          NotResource: "arn:aws:s3:::audit-*",
          Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
        }),
        "p-1 (One)",
      ),
    ).not.toThrow();
  });
});

describe("evaluating the SCPs from the root down to the account", () => {
  const invoke = request("bedrock:InvokeModel", fm("us-east-1"), { "aws:RequestedRegion": "us-east-1" });

  it("allows a request every level allows, naming one Allow per level", () => {
    const decision = evaluateScps(invoke, chain());
    expect(decision).toEqual({
      outcome: "allowed",
      reason: "allowed-at-every-level",
      allowedBy: [
        { level: { kind: "root", id: ROOT }, policyId: "p-FullAWSAccess", policyName: "FullAWSAccess", index: 0 },
        { level: { kind: "ou", id: PROD_OU }, policyId: "p-FullAWSAccess", policyName: "FullAWSAccess", index: 0 },
        { level: { kind: "ou", id: WORKLOADS_OU }, policyId: "p-FullAWSAccess", policyName: "FullAWSAccess", index: 0 },
        { level: { kind: "account", id: ACCOUNT }, policyId: "p-FullAWSAccess", policyName: "FullAWSAccess", index: 0 },
      ],
    });
  });

  it("denies on an explicit Deny at one OU although every level allows, naming policy, statement and level", () => {
    const decision = evaluateScps(invoke, chain({ ous: [[FULL_ACCESS, REGION_DENY], [FULL_ACCESS]] }));
    expect(decision).toEqual({
      outcome: "denied",
      reason: "explicit-deny",
      deniedBy: [
        { level: { kind: "ou", id: PROD_OU }, policyId: "p-region1", policyName: "DenyOutsideEU", sid: "DenyAllOutsideEU", index: 0 },
      ],
    });
    expect(decidingDeny(decision)).toBe(`policy p-region1 (DenyOutsideEU) statement DenyAllOutsideEU at OU ${PROD_OU}`);
  });

  it("lists every Deny that covers the request, root first, the first one deciding", () => {
    const denyBedrock = policy(
      "p-nobedrock",
      "NoBedrock",
      doc({ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: "bedrock:*", Resource: "*" }),
    );
    const decision = evaluateScps(invoke, chain({ root: [FULL_ACCESS, REGION_DENY], account: [denyBedrock] }));
    expect(
      decision.reason === "explicit-deny" && decision.deniedBy.map((ref) => [ref.level.kind, ref.policyId, ref.sid ?? ref.index]),
    ).toEqual([
      ["root", "p-region1", "DenyAllOutsideEU"],
      ["account", "p-nobedrock", 1],
    ]);
    // A statement without a Sid is named by its position in the policy.
    const inEu = request("bedrock:InvokeModel", fm("eu-west-1"), { "aws:RequestedRegion": "eu-west-1" });
    expect(decidingDeny(evaluateScps(inEu, chain({ account: [denyBedrock] })))).toBe(
      `policy p-nobedrock (NoBedrock) statement #1 at account ${ACCOUNT}`,
    );
  });

  it("denies implicitly when an OU lacks FullAWSAccess and nothing there allows the action", () => {
    const s3Only = policy("p-s3only", "S3Only", doc({ Sid: "S3", Effect: "Allow", Action: "s3:*", Resource: "*" }));
    const decision = evaluateScps(invoke, chain({ ous: [[FULL_ACCESS], [s3Only]] }));
    expect(decision).toEqual({ outcome: "denied", reason: "no-allow-at-level", levelsWithoutAllow: [{ kind: "ou", id: WORKLOADS_OU }] });
    expect(decision.reason === "no-allow-at-level" && decision.levelsWithoutAllow.map(describeLevel)).toEqual([`OU ${WORKLOADS_OU}`]);
    expect(evaluateScps(request("s3:GetObject", "arn:aws:s3:::bucket/key"), chain({ ous: [[FULL_ACCESS], [s3Only]] })).outcome).toBe(
      "allowed",
    );
  });

  it("denies implicitly when the account itself has no Allow, though root and OUs allow", () => {
    const decision = evaluateScps(invoke, chain({ account: [] }));
    expect(decision).toEqual({ outcome: "denied", reason: "no-allow-at-level", levelsWithoutAllow: [{ kind: "account", id: ACCOUNT }] });
  });

  it("lets an explicit Deny decide before a missing Allow", () => {
    const decision = evaluateScps(invoke, chain({ root: [FULL_ACCESS, REGION_DENY], ous: [[], [FULL_ACCESS]] }));
    expect(decision.reason).toBe("explicit-deny");
  });

  it("exempts the management account, whatever its SCPs say", () => {
    const denyAll = policy("p-denyall", "DenyAll", doc({ Effect: "Deny", Action: "*", Resource: "*" }));
    const decision = evaluateScps(invoke, chain({ root: [denyAll], account: [], isManagementAccount: true }));
    expect(decision).toEqual({ outcome: "allowed", reason: "management-account" });
    expect(evaluateScps(invoke, chain({ root: [denyAll] })).outcome).toBe("denied");
  });

  it("refuses a chain that does not end at the principal's account, and a malformed request", () => {
    expect(() => evaluateScps({ ...invoke, principalAccount: "999999999999" }, chain())).toThrow(
      /not the principal's account 999999999999/,
    );
    expect(() => evaluateScps({ ...invoke, action: "bedrock:Invoke*" }, chain())).toThrow(/is not "service:Action"/);
    expect(() => evaluateScps({ ...invoke, resource: "foundation-model/x" }, chain())).toThrow(/is not an ARN or "\*"/);
    expect(() => evaluateScps({ ...invoke, context: { "aws:RequestedRegion": "a", "AWS:requestedregion": "b" } }, chain())).toThrow(
      /are the same key/,
    );
  });
});

describe("actions and resources", () => {
  const denying = (statement: StatementJson) => policy("p-guard", "Guard", doc(statement));
  const denied = (statement: StatementJson, req: ScpRequest) =>
    evaluateScps(req, chain({ root: [FULL_ACCESS, denying(statement)] })).outcome === "denied";

  it("matches actions ignoring case, with * and ? anywhere in the action name", () => {
    const req = request("bedrock:InvokeModelWithResponseStream", fm("eu-west-1"));
    expect(denied({ Effect: "Deny", Action: "BEDROCK:invokemodel*", Resource: "*" }, req)).toBe(true);
    expect(denied({ Effect: "Deny", Action: "bedrock:*Response*", Resource: "*" }, req)).toBe(true);
    expect(denied({ Effect: "Deny", Action: "bedrock:InvokeModelWithResponseStrea?", Resource: "*" }, req)).toBe(true);
    expect(denied({ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*" }, req)).toBe(false);
    expect(denied({ Effect: "Deny", Action: "bedrock-runtime:*", Resource: "*" }, req)).toBe(false);
  });

  it("matches resource ARNs case-sensitively, wildcards staying within their colon-separated part", () => {
    const req = request("bedrock:InvokeModel", fm("eu-west-1"));
    expect(denied({ Effect: "Deny", Action: "*", Resource: "arn:aws:bedrock:eu-*::foundation-model/anthropic.*" }, req)).toBe(true);
    expect(denied({ Effect: "Deny", Action: "*", Resource: "arn:aws:bedrock:eu-west-?::foundation-model/*" }, req)).toBe(true);
    expect(denied({ Effect: "Deny", Action: "*", Resource: "arn:aws:bedrock:*::foundation-model/Anthropic.*" }, req)).toBe(false);
    // `*` in the region part cannot swallow the account part's colon.
    expect(denied({ Effect: "Deny", Action: "*", Resource: "arn:aws:bedrock:*:foundation-model/*" }, req)).toBe(false);
    // A short pattern ending in * covers the parts it leaves out.
    expect(denied({ Effect: "Deny", Action: "*", Resource: "arn:aws:bedrock:*" }, req)).toBe(true);
  });

  it("matches a model id's version colon inside the resource part", () => {
    const req = request("bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
    expect(denied({ Effect: "Deny", Action: "*", Resource: "arn:aws:bedrock:*::foundation-model/*-v1:?" }, req)).toBe(true);
  });

  it('covers only "*" resource patterns when the request has no resource-level ARN', () => {
    const req = request("aws-marketplace:Subscribe", "*");
    expect(denied({ Effect: "Deny", Action: "aws-marketplace:*", Resource: "*" }, req)).toBe(true);
    expect(denied({ Effect: "Deny", Action: "aws-marketplace:*", Resource: "arn:aws:aws-marketplace:*:*:*" }, req)).toBe(false);
  });

  it("a deny of aws-marketplace:* blocks Subscribe and Unsubscribe but not invoking a model", () => {
    const marketplace = policy(
      "p-mkt",
      "DenyMarketplace",
      doc({ Sid: "DenyMarketplace", Effect: "Deny", Action: "aws-marketplace:*", Resource: "*" }),
    );
    const withDeny = chain({ root: [FULL_ACCESS, marketplace] });
    const subscribe = request("aws-marketplace:Subscribe", "*");
    const decision = evaluateScps(subscribe, withDeny);
    expect(decidingDeny(decision)).toBe(`policy p-mkt (DenyMarketplace) statement DenyMarketplace at root ${ROOT}`);
    expect(evaluateScps(request("aws-marketplace:Unsubscribe", "*"), withDeny).outcome).toBe("denied");
    expect(evaluateScps(request("bedrock:InvokeModel", fm("us-east-1")), withDeny).outcome).toBe("allowed");
  });

  it("a NotResource deny covers every resource except the ones listed", () => {
    const onlyAudit = { Effect: "Deny", Action: "s3:*", NotResource: ["arn:aws:s3:::audit-logs", "arn:aws:s3:::audit-logs/*"] };
    expect(denied(onlyAudit, request("s3:GetObject", "arn:aws:s3:::audit-logs/2025/01.json"))).toBe(false);
    expect(denied(onlyAudit, request("s3:GetObject", "arn:aws:s3:::payroll/2025.csv"))).toBe(true);
    expect(denied(onlyAudit, request("s3:ListAllMyBuckets", "*"))).toBe(true);
  });
});

describe("the Region deny SCP (NotAction + aws:RequestedRegion)", () => {
  const withRegionDeny = chain({ root: [FULL_ACCESS, REGION_DENY] });

  it("denies a regional action outside the listed Regions and allows it inside", () => {
    expect(
      evaluateScps(request("bedrock:InvokeModel", fm("us-east-1"), { "aws:RequestedRegion": "us-east-1" }), withRegionDeny).outcome,
    ).toBe("denied");
    expect(
      evaluateScps(request("bedrock:InvokeModel", fm("eu-west-1"), { "aws:RequestedRegion": "eu-west-1" }), withRegionDeny).outcome,
    ).toBe("allowed");
  });

  it("lets the global services in NotAction through from us-east-1", () => {
    expect(
      evaluateScps(request("iam:CreateRole", `arn:aws:iam::${ACCOUNT}:role/x`, { "aws:RequestedRegion": "us-east-1" }), withRegionDeny)
        .outcome,
    ).toBe("allowed");
    expect(
      evaluateScps(request("sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/x`, { "aws:RequestedRegion": "us-east-1" }), withRegionDeny)
        .outcome,
    ).toBe("allowed");
  });

  it("denies when the request carries no aws:RequestedRegion (StringNotEquals with the key missing is true)", () => {
    expect(evaluateScps(request("bedrock:InvokeModel", fm("eu-west-1")), withRegionDeny).outcome).toBe("denied");
  });

  it('a region-deny SCP without "unspecified" denies the global profile\'s foundation-model ARN', () => {
    // A global profile called from eu-west-1 reaches the region-less model ARN with aws:RequestedRegion "unspecified".
    const viaGlobal = request("bedrock:InvokeModel", "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-6", {
      "aws:RequestedRegion": "unspecified",
      "bedrock:InferenceProfileArn": profileArn("eu-west-1", "global"),
    });
    const decision = evaluateScps(viaGlobal, withRegionDeny);
    expect(decidingDeny(decision)).toBe("policy p-region1 (DenyOutsideEU) statement DenyAllOutsideEU at root r-ab12");
  });

  it('a region-deny SCP listing "unspecified" for Bedrock lets the global profile through', () => {
    const bedrockAware = policy(
      "p-region2",
      "DenyOutsideEUWithGlobalCris",
      doc(
        {
          Sid: "DenyServicesOutsideAllowedRegions",
          Effect: "Deny",
          NotAction: ["bedrock:*", "iam:*", "sts:*"],
          Resource: "*",
          Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1", "eu-west-1"] } },
        },
        {
          Sid: "DenyBedrockOutsideAllowedRegions",
          Effect: "Deny",
          Action: "bedrock:*",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1", "eu-west-1", "unspecified"] } },
        },
      ),
    );
    const viaGlobal = request("bedrock:InvokeModel", "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-6", {
      "aws:RequestedRegion": "unspecified",
    });
    expect(evaluateScps(viaGlobal, chain({ root: [FULL_ACCESS, bedrockAware] })).outcome).toBe("allowed");
    const usModel = request("bedrock:InvokeModel", fm("us-east-1"), { "aws:RequestedRegion": "us-east-1" });
    expect(evaluateScps(usModel, chain({ root: [FULL_ACCESS, bedrockAware] }))).toMatchObject({
      reason: "explicit-deny",
      deniedBy: [{ sid: "DenyBedrockOutsideAllowedRegions" }],
    });
  });
});

describe("condition operators", () => {
  const guarded = request("bedrock:InvokeModel", fm("eu-west-1"));
  /** Whether a Deny with `condition` applies: the condition holds. */
  function holds(condition: Record<string, Record<string, unknown>>, context: RequestContextInput): boolean {
    const guard = policy("p-guard", "Guard", doc({ Sid: "Guard", Effect: "Deny", Action: "*", Resource: "*", Condition: condition }));
    const decision: ScpDecision = evaluateScps({ ...guarded, context }, chain({ root: [FULL_ACCESS, guard] }));
    return decision.outcome === "denied";
  }

  type Row = readonly [string, Record<string, Record<string, unknown>>, RequestContextInput, boolean];
  const tag = (value: string | readonly string[] | undefined): RequestContextInput => ({ "aws:PrincipalTag/team": value });
  const region = (value: string | undefined): RequestContextInput => ({ "aws:RequestedRegion": value });

  const strings: Row[] = [
    ["StringEquals matches exactly", { StringEquals: { "aws:PrincipalTag/team": "red" } }, tag("red"), true],
    ["StringEquals is case-sensitive", { StringEquals: { "aws:PrincipalTag/team": "red" } }, tag("Red"), false],
    ["StringEquals ORs its values", { StringEquals: { "aws:PrincipalTag/team": ["blue", "red"] } }, tag("red"), true],
    [
      "StringNotEquals holds when no value equals (NOR)",
      { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } },
      region("us-east-1"),
      true,
    ],
    [
      "StringNotEquals fails when one value equals",
      { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } },
      region("eu-central-1"),
      false,
    ],
    ["StringEqualsIgnoreCase ignores case", { StringEqualsIgnoreCase: { "aws:PrincipalTag/team": "RED" } }, tag("red"), true],
    ["StringNotEqualsIgnoreCase ignores case", { StringNotEqualsIgnoreCase: { "aws:PrincipalTag/team": "RED" } }, tag("red"), false],
    [
      "StringLike takes * and ?",
      { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/app-??" } },
      { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/app-01` },
      true,
    ],
    [
      "StringLike's ? is exactly one character",
      { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/app-??" } },
      { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/app-001` },
      false,
    ],
    [
      "StringLike is case-sensitive",
      { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/App*" } },
      { "aws:PrincipalArn": APP_ROLE },
      false,
    ],
    [
      "StringNotLike holds when no pattern matches",
      { StringNotLike: { "aws:PrincipalArn": ["*:role/Admin*", "*:role/Break*"] } },
      { "aws:PrincipalArn": APP_ROLE },
      true,
    ],
    [
      "StringNotLike fails when a pattern matches",
      { StringNotLike: { "aws:PrincipalArn": ["*:role/Admin*", "*:role/app"] } },
      { "aws:PrincipalArn": APP_ROLE },
      false,
    ],
  ];

  const age = (value: string): RequestContextInput => ({ "aws:MultiFactorAuthAge": value });
  const numbers: Row[] = [
    ["NumericEquals compares numbers, not text", { NumericEquals: { "aws:MultiFactorAuthAge": "10" } }, age("10.0"), true],
    ["NumericNotEquals", { NumericNotEquals: { "aws:MultiFactorAuthAge": ["10", "20"] } }, age("15"), true],
    ["NumericLessThan is strict", { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } }, age("3600"), false],
    ["NumericLessThanEquals includes the bound", { NumericLessThanEquals: { "aws:MultiFactorAuthAge": "3600" } }, age("3600"), true],
    ["NumericGreaterThan is strict", { NumericGreaterThan: { "aws:MultiFactorAuthAge": "3600" } }, age("3601"), true],
    [
      "NumericGreaterThanEquals includes the bound",
      { NumericGreaterThanEquals: { "aws:MultiFactorAuthAge": "3600" } },
      age("3599.5"),
      false,
    ],
    ["a non-numeric request value matches no Numeric operator", { NumericEquals: { "aws:MultiFactorAuthAge": "10" } }, age("ten"), false],
    [
      "a non-numeric request value matches no negated Numeric operator either",
      { NumericNotEquals: { "aws:MultiFactorAuthAge": "10" } },
      age("ten"),
      false,
    ],
  ];

  const now = (value: string): RequestContextInput => ({ "aws:CurrentTime": value });
  const dates: Row[] = [
    [
      "DateEquals takes ISO 8601 and epoch seconds for the same instant",
      { DateEquals: { "aws:CurrentTime": "2025-01-01T00:00:00Z" } },
      now("1735689600"),
      true,
    ],
    [
      "DateEquals honours time zone offsets",
      { DateEquals: { "aws:CurrentTime": "2025-01-01T01:00:00+01:00" } },
      now("2025-01-01T00:00:00Z"),
      true,
    ],
    ["DateNotEquals", { DateNotEquals: { "aws:CurrentTime": "2025-01-01" } }, now("2025-01-02T00:00:00Z"), true],
    ["DateLessThan", { DateLessThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } }, now("2025-12-31T23:59:59Z"), true],
    [
      "DateLessThanEquals includes the instant",
      { DateLessThanEquals: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
      now("2026-01-01T00:00:00Z"),
      true,
    ],
    ["DateGreaterThan is strict", { DateGreaterThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } }, now("2026-01-01T00:00:00Z"), false],
    [
      "DateGreaterThanEquals",
      { DateGreaterThanEquals: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
      now("2026-06-01T12:00:00.250Z"),
      true,
    ],
  ];

  const mfa = (value: string | undefined): RequestContextInput => ({ "aws:MultiFactorAuthPresent": value });
  const ip = (value: string): RequestContextInput => ({ "aws:SourceIp": value });
  const principal = (value: string): RequestContextInput => ({ "aws:PrincipalArn": value });
  const others: Row[] = [
    ["Bool matches true", { Bool: { "aws:MultiFactorAuthPresent": "true" } }, mfa("true"), true],
    ["Bool matches false", { Bool: { "aws:MultiFactorAuthPresent": "false" } }, mfa("true"), false],
    ["Bool takes a JSON boolean in the policy", { Bool: { "aws:MultiFactorAuthPresent": false } }, mfa("false"), true],
    ["IpAddress matches inside an IPv4 range", { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, ip("203.0.113.77"), true],
    ["IpAddress does not match outside it", { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, ip("203.0.114.1"), false],
    ["IpAddress takes a bare address as /32", { IpAddress: { "aws:SourceIp": "203.0.113.5" } }, ip("203.0.113.5"), true],
    [
      "IpAddress matches inside an IPv6 range",
      { IpAddress: { "aws:SourceIp": "2001:DB8:1234:5678::/64" } },
      ip("2001:db8:1234:5678::abcd"),
      true,
    ],
    [
      "NotIpAddress holds outside every range",
      { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } },
      ip("198.51.100.1"),
      true,
    ],
    [
      "NotIpAddress holds for an IPv6 caller against IPv4 ranges",
      { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
      ip("2001:db8::1"),
      true,
    ],
    ["ArnLike checks each of the six parts", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/app" } }, principal(APP_ROLE), true],
    [
      "ArnLike does not let * span colons where StringLike would (the IAM guide's example)",
      { ArnLike: { "aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*" } },
      { "aws:SourceArn": "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt" },
      false,
    ],
    [
      "StringLike lets * span them",
      { StringLike: { "aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*" } },
      { "aws:SourceArn": "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt" },
      true,
    ],
    [
      "ArnEquals behaves like ArnLike, wildcards included",
      { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::*:role/a??" } },
      principal(APP_ROLE),
      true,
    ],
    [
      "ArnNotLike holds when no ARN matches",
      { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin*" } },
      principal(APP_ROLE),
      true,
    ],
    ["ArnNotEquals fails when an ARN matches", { ArnNotEquals: { "aws:PrincipalArn": APP_ROLE } }, principal(APP_ROLE), false],
    ["Null true holds when the key is absent", { Null: { "aws:PrincipalOrgID": "true" } }, {}, true],
    ["Null true fails when the key is present", { Null: { "aws:PrincipalOrgID": "true" } }, { "aws:PrincipalOrgID": "o-abc123" }, false],
    ["Null false holds when the key is present", { Null: { "aws:PrincipalOrgID": "false" } }, { "aws:PrincipalOrgID": "o-abc123" }, true],
  ];

  const missingKeys: Row[] = [
    ["a positive operator fails on a missing key", { StringEquals: { "aws:RequestedRegion": "eu-west-1" } }, {}, false],
    ["a negated operator holds on a missing key", { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } }, {}, true],
    ["ArnNotLike holds on a missing key", { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin*" } }, {}, true],
    ["...IfExists holds on a missing key", { StringEqualsIfExists: { "aws:RequestedRegion": "eu-west-1" } }, {}, true],
    [
      "...IfExists compares a present key as usual",
      { StringEqualsIfExists: { "aws:RequestedRegion": "eu-west-1" } },
      region("us-east-1"),
      false,
    ],
    ["a negated ...IfExists still denies on a missing key", { StringNotEqualsIfExists: { "aws:RequestedRegion": "eu-west-1" } }, {}, true],
    ["BoolIfExists holds on a missing key", { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } }, {}, true],
    ["BoolIfExists compares a present key", { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } }, mfa("true"), false],
    ["an undefined context value counts as missing", { StringEquals: { "aws:RequestedRegion": "eu-west-1" } }, region(undefined), false],
  ];

  const tagKeys = (value: readonly string[] | undefined): RequestContextInput => ({ "aws:TagKeys": value });
  const sets: Row[] = [
    [
      "ForAnyValue holds when one request value matches",
      { "ForAnyValue:StringLike": { "aws:TagKeys": ["secret*"] } },
      tagKeys(["Project", "secret-x"]),
      true,
    ],
    ["ForAnyValue fails when none does", { "ForAnyValue:StringLike": { "aws:TagKeys": ["secret*"] } }, tagKeys(["Project"]), false],
    ["ForAnyValue fails on a missing key", { "ForAnyValue:StringLike": { "aws:TagKeys": ["secret*"] } }, {}, false],
    ["ForAnyValue fails on an empty set", { "ForAnyValue:StringLike": { "aws:TagKeys": ["secret*"] } }, tagKeys([]), false],
    [
      "ForAnyValue takes a single string as a set of one",
      { "ForAnyValue:StringEquals": { "aws:TagKeys": "Project" } },
      { "aws:TagKeys": "Project" },
      true,
    ],
    [
      "ForAllValues holds when every request value matches",
      { "ForAllValues:StringEquals": { "aws:TagKeys": ["Project", "Owner"] } },
      tagKeys(["Owner", "Project"]),
      true,
    ],
    [
      "ForAllValues fails when one does not",
      { "ForAllValues:StringEquals": { "aws:TagKeys": ["Project", "Owner"] } },
      tagKeys(["Owner", "Cost"]),
      false,
    ],
    ["ForAllValues holds on a missing key", { "ForAllValues:StringEquals": { "aws:TagKeys": ["Project"] } }, {}, true],
    ["ForAllValues holds on an empty set", { "ForAllValues:StringEquals": { "aws:TagKeys": ["Project"] } }, tagKeys([]), true],
    [
      "ForAllValues:StringNotLike fails when every key has the prefix (IAM guide table)",
      { "ForAllValues:StringNotLike": { "aws:TagKeys": "key1*" } },
      tagKeys(["key1:hr", "key1:personnel"]),
      false,
    ],
    [
      "ForAllValues:StringNotLike holds when no key has it",
      { "ForAllValues:StringNotLike": { "aws:TagKeys": "key1*" } },
      tagKeys(["key2:audit"]),
      true,
    ],
    [
      "ForAnyValue:StringNotEquals holds when one value is outside the list",
      { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["a", "b"] } },
      tagKeys(["a", "c"]),
      true,
    ],
    ["ForAnyValue:...IfExists holds on a missing key", { "ForAnyValue:StringEqualsIfExists": { "aws:TagKeys": "a" } }, {}, true],
    ["a multivalued key under a plain operator matches nothing", { StringEquals: { "aws:TagKeys": "a" } }, tagKeys(["a"]), false],
    ["nor under a plain negated operator", { StringNotEquals: { "aws:TagKeys": "a" } }, tagKeys(["b"]), false],
  ];

  const combined: Row[] = [
    [
      "keys under one operator are ANDed",
      { StringEquals: { "aws:RequestedRegion": "eu-west-1", "aws:PrincipalTag/team": "red" } },
      { "aws:RequestedRegion": "eu-west-1", "aws:PrincipalTag/team": "blue" },
      false,
    ],
    [
      "operators are ANDed",
      { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" }, ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin*" } },
      { "aws:RequestedRegion": "us-east-1", "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/AdminOps` },
      false,
    ],
    [
      "condition key names ignore case, in the policy and the request",
      { StringEquals: { "AWS:requestedRegion": "eu-west-1" } },
      { "aws:RequestedRegion": "eu-west-1" },
      true,
    ],
    ["operator names ignore case", { stringequals: { "aws:RequestedRegion": "eu-west-1" } }, region("eu-west-1"), true],
  ];

  describe.each([
    ["String operators", strings],
    ["Numeric operators", numbers],
    ["Date operators", dates],
    ["Bool, IpAddress, Arn and Null operators", others],
    ["a key missing from the request", missingKeys],
    ["set operators and multivalued keys", sets],
    ["several keys and operators", combined],
  ])("%s", (_group, rows) => {
    it.each(rows)("%s", (_name, condition, context, expected) => {
      expect(holds(condition, context)).toBe(expected);
    });
  });
});

/**
 * Cross-check: one policy, evaluated by this evaluator at the root (the other levels FullAWSAccess) and by
 * iam-simulate as the principal's only identity policy. Allowed ⇔ "Allowed", explicit Deny ⇔ "ExplicitlyDenied",
 * no Allow ⇔ "ImplicitlyDenied".
 *
 * iam-simulate rejects the region-less foundation-model ARN that global profiles reach
 * (arn:aws:bedrock:::foundation-model/ID: its resource pattern wants a region), so no case here uses it; the
 * evaluator's own tests above cover it ("a region-deny SCP without \"unspecified\" ...").
 */
describe("cross-check against @cloud-copilot/iam-simulate", () => {
  const CROSS_POLICIES: Record<string, StatementJson[]> = {
    RegionDenyClassic: [
      ALLOW_ALL,
      {
        Sid: "DenyAllOutsideEU",
        Effect: "Deny",
        NotAction: ["cloudfront:*", "iam:*", "route53:*", "support:*"],
        Resource: "*",
        Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1", "eu-west-1"] } },
      },
    ],
    MarketplaceDeny: [ALLOW_ALL, { Sid: "DenyMarketplace", Effect: "Deny", Action: "aws-marketplace:*", Resource: "*" }],
    ClaudeOnlyAllowList: [
      {
        Sid: "Claude",
        Effect: "Allow",
        Action: "bedrock:Invoke*",
        Resource: ["arn:aws:bedrock:*::foundation-model/anthropic.*", "arn:aws:bedrock:*:*:inference-profile/*.anthropic.*"],
      },
      { Sid: "ReadOnly", Effect: "Allow", Action: ["ec2:Describe*", "iam:List*"], Resource: "*" },
    ],
    OrgGuardWithAdminExemption: [
      ALLOW_ALL,
      {
        Sid: "DenyOutsideOrg",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: {
          StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" },
          ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin*" },
        },
      },
    ],
    NetworkAndDate: [
      ALLOW_ALL,
      {
        Sid: "DenyOffNetwork",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } },
      },
      {
        Sid: "DenyBedrockFrom2026",
        Effect: "Deny",
        Action: "bedrock:*",
        Resource: "*",
        Condition: { DateGreaterThanEquals: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
      },
    ],
    MfaNullNumeric: [
      ALLOW_ALL,
      {
        Sid: "DenyIamWithoutMfa",
        Effect: "Deny",
        Action: "iam:*",
        Resource: "*",
        Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
      },
      { Sid: "DenyS3OutsideOrg", Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Null: { "aws:PrincipalOrgID": "true" } } },
      {
        Sid: "DenyStaleMfa",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { NumericGreaterThanIfExists: { "aws:MultiFactorAuthAge": "3600" } },
      },
    ],
    NotActionNotResource: [
      { Sid: "AllowAllButReportDeletes", Effect: "Allow", NotAction: "s3:Delete*", NotResource: "arn:aws:s3:::reports/*" },
      { Sid: "AllowReportReads", Effect: "Allow", Action: "s3:Get?bject", Resource: "arn:aws:s3:::reports/*" },
      { Sid: "DenyArchive", Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::reports/archive/*" },
    ],
    SetOperatorsAndStrings: [
      ALLOW_ALL,
      {
        Sid: "DenySecretTags",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { "ForAnyValue:StringLike": { "aws:TagKeys": ["secret*", "pii-?"] } },
      },
      {
        Sid: "DenyOutsideProdOu",
        Effect: "Deny",
        Action: "bedrock:*",
        Resource: "*",
        Condition: { "ForAllValues:StringNotLike": { "aws:PrincipalOrgPaths": "o-abc123/*/ou-prod/*" } },
      },
      {
        Sid: "DenyRedTeam",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { StringEqualsIgnoreCase: { "aws:PrincipalTag/team": "RED" } },
      },
    ],
  };

  interface CrossRequest {
    readonly action: string;
    readonly resource: string;
    readonly principal: string;
    readonly context: Record<string, string | string[]>;
  }
  const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/AdminOps`;
  const CROSS_REQUESTS: Record<string, CrossRequest> = {
    "Claude in eu-west-1 from inside the org": {
      action: "bedrock:InvokeModel",
      resource: fm("eu-west-1"),
      principal: APP_ROLE,
      context: {
        "aws:RequestedRegion": "eu-west-1",
        "aws:PrincipalArn": APP_ROLE,
        "aws:PrincipalOrgID": "o-abc123",
        "aws:PrincipalOrgPaths": ["o-abc123/r-ab12/ou-prod/"],
        "aws:SourceIp": "203.0.113.5",
        "aws:CurrentTime": "2025-06-01T00:00:00Z",
        "aws:MultiFactorAuthPresent": "true",
      },
    },
    "the US profile in us-east-1 by an admin outside the org over IPv6": {
      action: "bedrock:InvokeModelWithResponseStream",
      resource: profileArn("us-east-1", "us"),
      principal: ADMIN_ROLE,
      context: {
        "aws:RequestedRegion": "us-east-1",
        "aws:PrincipalArn": ADMIN_ROLE,
        "aws:SourceIp": "2001:db8::10",
        "aws:CurrentTime": "2026-03-01T00:00:00Z",
        "aws:PrincipalTag/team": "red",
      },
    },
    "a Marketplace subscription from off the network": {
      action: "aws-marketplace:Subscribe",
      resource: "*",
      principal: APP_ROLE,
      context: {
        "aws:RequestedRegion": "us-east-1",
        "aws:PrincipalArn": APP_ROLE,
        "aws:PrincipalOrgID": "o-abc123",
        "aws:SourceIp": "198.51.100.7",
        "aws:TagKeys": [],
      },
    },
    "reading a report with stale MFA": {
      action: "s3:GetObject",
      resource: "arn:aws:s3:::reports/2025/q1.csv",
      principal: APP_ROLE,
      context: {
        "aws:RequestedRegion": "eu-central-1",
        "aws:PrincipalArn": APP_ROLE,
        "aws:PrincipalOrgID": "o-abc123",
        "aws:SourceIp": "203.0.113.9",
        "aws:MultiFactorAuthAge": "7200",
        "aws:TagKeys": ["Project"],
      },
    },
    "deleting an archived report from outside the org": {
      action: "s3:DeleteObject",
      resource: "arn:aws:s3:::reports/archive/2019.csv",
      principal: APP_ROLE,
      context: {
        "aws:RequestedRegion": "eu-west-1",
        "aws:PrincipalArn": APP_ROLE,
        "aws:SourceIp": "203.0.113.9",
        "aws:PrincipalTag/team": "Blue",
      },
    },
    "listing roles without MFA, tagging a secret": {
      action: "iam:ListRoles",
      resource: "*",
      principal: APP_ROLE,
      context: {
        "aws:RequestedRegion": "us-east-1",
        "aws:PrincipalArn": APP_ROLE,
        "aws:PrincipalOrgID": "o-abc123",
        "aws:SourceIp": "203.0.113.1",
        "aws:MultiFactorAuthPresent": "false",
        "aws:TagKeys": ["secret-project"],
      },
    },
    "describing instances in eu-central-1 from a dev OU": {
      action: "ec2:DescribeInstances",
      resource: "*",
      principal: APP_ROLE,
      context: {
        "aws:RequestedRegion": "eu-central-1",
        "aws:PrincipalArn": APP_ROLE,
        "aws:PrincipalOrgID": "o-abc123",
        "aws:PrincipalOrgPaths": ["o-abc123/r-ab12/ou-dev/"],
        "aws:SourceIp": "203.0.113.1",
        "aws:MultiFactorAuthAge": "60",
      },
    },
  };

  const cases = Object.entries(CROSS_POLICIES).flatMap(([policyName, statements]) =>
    Object.entries(CROSS_REQUESTS).map(([requestName, req]) => ({ policyName, statements, requestName, req })),
  );

  it("generates at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)("$policyName × $requestName", async ({ policyName, statements, req }) => {
    const json = doc(...statements);
    const ours = evaluateScps(
      { action: req.action, resource: req.resource, principalAccount: ACCOUNT, context: req.context },
      chain({ root: [policy("p-cross", policyName, json)] }),
    );
    const theirs = await decide({
      policies: [json as unknown as PolicyJson],
      principal: req.principal,
      action: req.action,
      resource: req.resource,
      accountId: ACCOUNT,
      context: req.context,
    });
    expect(asSimulatorResult(ours)).toBe(theirs);
  });

  describe("where the two disagree", () => {
    const guardedBy = (deny: StatementJson) => doc(ALLOW_ALL, { Sid: "Guard", Effect: "Deny", Action: "*", Resource: "*", ...deny });
    const both = async (json: ReturnType<typeof doc>, context: Record<string, string>) => ({
      ours: asSimulatorResult(
        evaluateScps(
          { action: "bedrock:InvokeModel", resource: fm("eu-west-1"), principalAccount: ACCOUNT, context },
          chain({ root: [policy("p-cross", "Guard", json)] }),
        ),
      ),
      theirs: await decide({
        policies: [json as unknown as PolicyJson],
        principal: APP_ROLE,
        action: "bedrock:InvokeModel",
        resource: fm("eu-west-1"),
        accountId: ACCOUNT,
        context,
      }),
    });

    it("reads an epoch date as seconds, as AWS documents; iam-simulate reads it as milliseconds", async () => {
      // IAM User Guide, "AWS global condition context keys", aws:EpochTime: "This key also accepts the number of
      // seconds since January 1, 1970" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
      // 1767225600 s is 2026-01-01T00:00:00Z, after the request; as milliseconds it is in January 1970, before it.
      const json = guardedBy({ Condition: { DateLessThan: { "aws:CurrentTime": "1767225600" } } });
      expect(await both(json, { "aws:CurrentTime": "2025-06-01T00:00:00Z" })).toEqual({ ours: "ExplicitlyDenied", theirs: "Allowed" });
    });

    it("matches the service part of a resource ARN case-sensitively; iam-simulate ignores case there", async () => {
      // AWS documents ARN condition operators as case-sensitive but says nothing for the Resource element; this
      // evaluator treats the whole ARN alike. Service prefixes and Regions are lower case in every real ARN.
      const json = guardedBy({ Resource: "arn:aws:BEDROCK:*::foundation-model/*" });
      expect(await both(json, {})).toEqual({ ours: "Allowed", theirs: "ExplicitlyDenied" });
    });
  });

  it("covers every outcome, so agreement is not agreement on one answer", async () => {
    const outcomes = new Set(
      cases.map(({ policyName, statements, req }) =>
        asSimulatorResult(
          evaluateScps(
            { action: req.action, resource: req.resource, principalAccount: ACCOUNT, context: req.context },
            chain({ root: [policy("p-cross", policyName, doc(...statements))] }),
          ),
        ),
      ),
    );
    expect([...outcomes].sort()).toEqual(["Allowed", "ExplicitlyDenied", "ImplicitlyDenied"]);
  });
});

/**
 * Cross-check of the levels: the same chains given to iam-simulate as service control policies, root first, account
 * last (its `serviceControlPolicies`, one entry per level), with an identity policy that allows everything.
 */
describe("cross-check of the SCP levels against @cloud-copilot/iam-simulate", () => {
  const DENY_BEDROCK = policy("p-deny", "DenyBedrock", doc({ Sid: "DenyBedrock", Effect: "Deny", Action: "bedrock:*", Resource: "*" }));
  const ALLOW_EC2 = policy("p-ec2", "AllowEc2", doc({ Sid: "Ec2", Effect: "Allow", Action: "ec2:*", Resource: "*" }));
  const chains: Record<string, ScpChain> = {
    "FullAWSAccess everywhere": chain(),
    "a Deny at an OU": chain({ ous: [[FULL_ACCESS], [FULL_ACCESS, DENY_BEDROCK]] }),
    "a Deny at the account": chain({ account: [FULL_ACCESS, DENY_BEDROCK] }),
    "an OU without FullAWSAccess": chain({ ous: [[FULL_ACCESS], [ALLOW_EC2]] }),
    "the account without FullAWSAccess": chain({ account: [ALLOW_EC2] }),
    "a Region deny at the root": chain({ root: [FULL_ACCESS, REGION_DENY] }),
  };
  const requests: Record<string, ScpRequest> = {
    "InvokeModel in eu-west-1": request("bedrock:InvokeModel", fm("eu-west-1"), { "aws:RequestedRegion": "eu-west-1" }),
    "InvokeModel in us-west-2": request("bedrock:InvokeModel", fm("us-west-2"), { "aws:RequestedRegion": "us-west-2" }),
    "DescribeInstances in eu-west-1": request("ec2:DescribeInstances", "*", { "aws:RequestedRegion": "eu-west-1" }),
  };
  const cases = Object.entries(chains).flatMap(([chainName, c]) =>
    Object.entries(requests).map(([requestName, r]) => ({ chainName, c, requestName, r })),
  );

  it.each(cases.map((x) => [x.chainName, x.requestName, x] as const))("%s, %s: both decide alike", async (_c, _r, { c, r }) => {
    const levels = [c.root, ...c.ous, c.account];
    const response = await runSimulation(
      {
        request: {
          principal: APP_ROLE,
          action: r.action,
          resource: { resource: r.resource, accountId: ACCOUNT },
          contextVariables: Object.fromEntries(
            Object.entries(r.context).flatMap(([k, v]) => (v === undefined ? [] : [[k, typeof v === "string" ? v : [...v]]])),
          ),
        },
        identityPolicies: [{ name: "all", policy: doc(ALLOW_ALL) }],
        serviceControlPolicies: levels.map((level) => ({
          orgIdentifier: level.id,
          policies: level.policies.map((p) => ({ name: p.name, policy: policyJson(p) })),
        })),
        resourceControlPolicies: [],
      },
      {},
    );
    if (response.resultType === "error") throw new Error(JSON.stringify(response.errors));
    expect(asSimulatorResult(evaluateScps(r, c))).toBe(response.overallResult);
  });
});
