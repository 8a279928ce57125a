/**
 * The Bedrock emulator's own SCP evaluation (sandbox/bedrock-emulator/iam/scp.ts), on its own, then beside the
 * project's (lib/domain/iam/evaluation) on the same cases: the two are written separately from AWS's documentation,
 * so that when one of them is wrong, the test that compares them fails.
 */
import { evaluateScps as evaluateInLib } from "../../lib/domain/iam/evaluation/evaluate-scps";
import { parseScpDocument } from "../../lib/domain/iam/evaluation/parse-scp";
import type { ScpChain } from "../../lib/domain/iam/evaluation/scp-decision";
import { notAuthorizedMessage } from "../../sandbox/bedrock-emulator/iam/messages";
import {
  evaluateScps,
  ScpEvaluationError,
  type ScpLevels,
  type ScpPolicyDocument,
  type ScpRequest,
} from "../../sandbox/bedrock-emulator/iam/scp";

const ACCOUNT = "222222222222";
const FIRST_USE = `arn:aws:iam::${ACCOUNT}:role/bedrock/bedrock-first-use`;
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/break-glass`;
const fm = (region: string) => `arn:aws:bedrock:${region}::foundation-model/anthropic.claude-sonnet-4-6`;
const doc = (...statements: object[]) => ({ Version: "2012-10-17", Statement: statements });

const FULL_ACCESS: ScpPolicyDocument = {
  id: "p-FullAWSAccess",
  name: "FullAWSAccess",
  arn: "arn:p-FullAWSAccess",
  document: doc({ Effect: "Allow", Action: "*", Resource: "*" }),
};
const REGION_DENY: ScpPolicyDocument = {
  id: "p-deny",
  name: "DenyOutsideApprovedRegions",
  arn: "arn:aws:organizations::111111111111:policy/o-abc/service_control_policy/p-deny",
  document: doc({
    Sid: "DenyOutsideApprovedRegions",
    Effect: "Deny",
    NotAction: ["iam:*", "sts:*", "aws-marketplace:*"],
    Resource: "*",
    Condition: {
      StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1", "unspecified"] },
      ArnNotLike: { "aws:PrincipalARN": "arn:aws:iam::*:role/break-glass" },
    },
  }),
};
const NO_MARKETPLACE_OUTSIDE_FIRST_USE: ScpPolicyDocument = {
  id: "p-mp",
  name: "MarketplaceOnlyForFirstUse",
  arn: "arn:p-mp",
  document: doc({
    Effect: "Deny",
    Action: "aws-marketplace:Subscribe",
    Resource: "*",
    Condition: { StringNotLikeIfExists: { "aws:PrincipalArn": "*/bedrock-first-use" } },
  }),
};
const NOT_RESOURCE_DENY: ScpPolicyDocument = {
  id: "p-nr",
  name: "OnlyUsModels",
  arn: "arn:p-nr",
  document: doc({
    Effect: "Deny",
    Action: "bedrock:Invoke*",
    NotResource: ["arn:aws:bedrock:us-*::foundation-model/*", "arn:aws:bedrock:*:*:inference-profile/*"],
  }),
};
const ONLY_S3: ScpPolicyDocument = {
  id: "p-s3",
  name: "OnlyS3",
  arn: "arn:p-s3",
  document: doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }),
};

const invoke = (region: string, principal = FIRST_USE): ScpRequest => ({
  action: "bedrock:InvokeModel",
  resource: fm(region || ""),
  context: { "aws:RequestedRegion": region || "unspecified", "aws:PrincipalArn": principal },
});
const subscribe = (principal: string): ScpRequest => ({
  action: "aws-marketplace:Subscribe",
  resource: "*",
  context: { "aws:RequestedRegion": "us-east-1", "aws:PrincipalArn": principal },
});

const levels = (root: ScpPolicyDocument[], account: ScpPolicyDocument[] = [FULL_ACCESS]): ScpLevels => ({ levels: [root, account] });

interface Case {
  readonly name: string;
  readonly scps: ScpLevels;
  readonly request: ScpRequest;
  readonly expected: "allowed" | "explicit" | "implicit";
}

const CASES: readonly Case[] = [
  { name: "an allowed Region", scps: levels([FULL_ACCESS, REGION_DENY]), request: invoke("us-east-1"), expected: "allowed" },
  {
    name: "a destination outside the allowed Regions",
    scps: levels([FULL_ACCESS, REGION_DENY]),
    request: invoke("us-west-2"),
    expected: "explicit",
  },
  {
    name: '"unspecified" for the region-less ARN, when allowed',
    scps: levels([FULL_ACCESS, REGION_DENY]),
    request: invoke(""),
    expected: "allowed",
  },
  {
    name: "a principal the Deny exempts (ArnNotLike)",
    scps: levels([FULL_ACCESS, REGION_DENY]),
    request: invoke("us-west-2", BREAK_GLASS),
    expected: "allowed",
  },
  { name: "an action NotAction leaves out", scps: levels([FULL_ACCESS, REGION_DENY]), request: subscribe(FIRST_USE), expected: "allowed" },
  {
    name: "...IfExists on a present key, matching",
    scps: levels([FULL_ACCESS, NO_MARKETPLACE_OUTSIDE_FIRST_USE]),
    request: subscribe(FIRST_USE),
    expected: "allowed",
  },
  {
    name: "...IfExists on a present key, not matching",
    scps: levels([FULL_ACCESS, NO_MARKETPLACE_OUTSIDE_FIRST_USE]),
    request: subscribe(BREAK_GLASS),
    expected: "explicit",
  },
  {
    name: "...IfExists on an absent key",
    scps: levels([FULL_ACCESS, NO_MARKETPLACE_OUTSIDE_FIRST_USE]),
    request: { action: "aws-marketplace:Subscribe", resource: "*", context: {} },
    expected: "explicit",
  },
  {
    name: "NotResource: a resource it lists",
    scps: levels([FULL_ACCESS, NOT_RESOURCE_DENY]),
    request: invoke("us-east-2"),
    expected: "allowed",
  },
  {
    name: "NotResource: a resource it does not list",
    scps: levels([FULL_ACCESS, NOT_RESOURCE_DENY]),
    request: invoke("eu-west-1"),
    expected: "explicit",
  },
  { name: "a level without an Allow", scps: levels([FULL_ACCESS], [ONLY_S3]), request: invoke("us-east-1"), expected: "implicit" },
];

function verdictOf(scps: ScpLevels, request: ScpRequest): Case["expected"] {
  const verdict = evaluateScps(scps, request);
  return verdict.allowed ? "allowed" : verdict.explicit ? "explicit" : "implicit";
}

/** The same policies as the project's evaluator sees them: the first level is the root, the last the account. */
function libVerdict(scps: ScpLevels, request: ScpRequest): Case["expected"] {
  const level = (id: string, policies: readonly ScpPolicyDocument[]) => ({
    id,
    policies: policies.map((p) => ({ id: p.id, name: p.name, document: parseScpDocument(p.document, p.id) })),
  });
  const [root = [], account = []] = scps.levels;
  const chain: ScpChain = { root: level("r-ab12", root), ous: [], account: level(ACCOUNT, account), isManagementAccount: false };
  const decision = evaluateInLib(
    { action: request.action, resource: request.resource, principalAccount: ACCOUNT, context: request.context },
    chain,
  );
  return decision.outcome === "allowed" ? "allowed" : decision.reason === "explicit-deny" ? "explicit" : "implicit";
}

describe("the emulator's SCP evaluation", () => {
  it.each(CASES)("$name: $expected", ({ scps, request, expected }) => {
    expect(verdictOf(scps, request)).toBe(expected);
  });

  it("names the SCP whose Deny decided, for AWS's message", () => {
    expect(evaluateScps(levels([FULL_ACCESS, REGION_DENY]), invoke("us-west-2"))).toEqual({
      allowed: false,
      explicit: true,
      policyArn: REGION_DENY.arn,
    });
    expect(
      notAuthorizedMessage(
        "arn:aws:sts::222222222222:assumed-role/bedrock-first-use/s",
        "bedrock:InvokeModel",
        fm("us-west-2"),
        "explicit-scp",
        REGION_DENY.arn,
      ),
    ).toBe(
      `User: arn:aws:sts::222222222222:assumed-role/bedrock-first-use/s is not authorized to perform: bedrock:InvokeModel on resource: ${fm("us-west-2")} with an explicit deny in a service control policy: ${REGION_DENY.arn}`,
    );
    expect(notAuthorizedMessage("arn:x", "bedrock:InvokeModel", "*", "implicit-scp")).toBe(
      "User: arn:x is not authorized to perform: bedrock:InvokeModel because no service control policy allows the bedrock:InvokeModel action",
    );
  });

  it("refuses an operator it does not implement instead of guessing", () => {
    const numeric: ScpPolicyDocument = {
      ...FULL_ACCESS,
      id: "p-n",
      document: doc({ Effect: "Deny", Action: "*", Resource: "*", Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } } }),
    };
    expect(() => evaluateScps(levels([FULL_ACCESS, numeric]), invoke("us-east-1"))).toThrow(ScpEvaluationError);
    expect(() => evaluateScps(levels([FULL_ACCESS, numeric]), invoke("us-east-1"))).toThrow(
      /NumericLessThan is not supported by the Bedrock emulator/,
    );
  });
});

describe("the emulator and the project evaluate SCPs alike", () => {
  it.each(CASES)("$name", ({ scps, request }) => {
    expect(verdictOf(scps, request)).toBe(libVerdict(scps, request));
  });
});
