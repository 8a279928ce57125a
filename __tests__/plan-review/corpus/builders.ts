import type { FindingKind } from "../../../lib/plan-review/findings";
import type { StackPlan } from "../../../lib/plan-review/plan-json";
import { doc, stackPlan, type ChangeSpec } from "../plan-builders";

/**
 * Small builders for the plan-review corpus: each case is a plan of one stack, written as a few change specs.
 * The Organization is the one of `__tests__/helpers/fixtures.ts`: management 111111111111, runtime 222222222222
 * (stack `runtime-ci`) and 333333333333; 999999999999 is outside it.
 */
export const MANAGEMENT = "111111111111";
export const ACCOUNT = "222222222222";
export const OTHER_ACCOUNT = "333333333333";
export const FOREIGN = "999999999999";
export const PIPELINE = `arn:aws:iam::${MANAGEMENT}:role/platform-pipeline`;
export const GITHUB_HOST = "token.actions.githubusercontent.com";
export const GITHUB_PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB_HOST}`;
export const PROFILE = `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.anthropic.claude-sonnet-4-6`;

/** What a risky case must raise: a finding of this kind on this resource (any of them, where two are equally right). */
export interface Expected {
  readonly kind: FindingKind;
  readonly address: string | readonly string[];
  /** Substrings the finding's message must contain (the principal, action or resource that matters). */
  readonly mentions?: readonly string[];
}

export interface RiskyCase {
  readonly name: string;
  readonly plan: StackPlan;
  /** Every entry must be met (combinations list several). */
  readonly expected: readonly Expected[];
}

export interface OrdinaryCase {
  readonly name: string;
  readonly plan: StackPlan;
}

export const expectFinding = (kind: FindingKind, address: string | readonly string[], ...mentions: string[]): Expected => ({
  kind,
  address,
  ...(mentions.length > 0 && { mentions }),
});

export const risky = (name: string, plan: StackPlan, ...expected: Expected[]): RiskyCase => ({ name, plan, expected });

/** A plan of the runtime stack of account 222222222222. */
export const runtimeCi = (...changes: ChangeSpec[]): StackPlan => stackPlan("runtime-ci", changes, ACCOUNT);

type Attributes = Record<string, unknown>;
type More = Partial<Pick<ChangeSpec, "afterUnknown" | "afterSensitive" | "references">>;

export const create = (address: string, after: Attributes, more: More = {}): ChangeSpec => ({
  address,
  actions: ["create"],
  after,
  ...more,
});
export const update = (address: string, before: Attributes, after: Attributes, more: More = {}): ChangeSpec => ({
  address,
  actions: ["update"],
  before,
  after,
  ...more,
});
export const noop = (address: string, state: Attributes, more: More = {}): ChangeSpec => ({
  address,
  actions: ["no-op"],
  before: state,
  after: state,
  ...more,
});
export const destroy = (address: string, before: Attributes): ChangeSpec => ({ address, actions: ["delete"], before });
export const read = (address: string, after: Attributes): ChangeSpec => ({ address, actions: ["read"], mode: "data", after });

/** The configuration references of an expression like `aws_iam_policy.x.arn`. */
export const ref = (address: string, attribute: string): string[] => [`${address}.${attribute}`, address];

export type Statement = Record<string, unknown>;
export const allow = (action: string | string[], resource: string | string[], extra: Statement = {}): Statement => ({
  Effect: "Allow",
  Action: action,
  Resource: resource,
  ...extra,
});
export const MARKETPLACE_SUBSCRIBE = allow("aws-marketplace:Subscribe", "*", { Sid: "Subscribe" });
export const INVOKE = allow(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], PROFILE, { Sid: "InvokeInferenceProfiles" });
export const ADMIN = allow("*", "*", { Sid: "Admin" });

/** A trust statement for `sts:AssumeRole`. */
export const trusts = (principal: unknown, extra: Statement = {}): Statement => ({
  Effect: "Allow",
  Principal: principal,
  Action: "sts:AssumeRole",
  ...extra,
});

/** A GitHub Actions OIDC trust statement (`sts:AssumeRoleWithWebIdentity` from the GitHub provider of account 222222222222). */
export const githubStatement = (condition: Record<string, Record<string, string | string[]>>): Statement => ({
  Sid: "GithubActionsOidc",
  Effect: "Allow",
  Principal: { Federated: GITHUB_PROVIDER },
  Action: "sts:AssumeRoleWithWebIdentity",
  Condition: condition,
});
export const githubTrust = (condition: Record<string, Record<string, string | string[]>>): string => doc(githubStatement(condition));
export const AUD = { [`${GITHUB_HOST}:aud`]: "sts.amazonaws.com" };
export const sub = (...subjects: string[]): Record<string, string | string[]> => ({
  [`${GITHUB_HOST}:sub`]: subjects.length === 1 ? subjects[0] : subjects,
});

export const policyArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
export const awsManaged = (name: string): string => `arn:aws:iam::aws:policy/${name}`;

/** An `aws_iam_policy` that exists already (its ARN is known). */
export const existingPolicy = (name: string, policy: string): Attributes => ({ name, path: "/", arn: policyArn(name), policy });

/** An `aws_iam_policy` created by the plan: its ARN is known only after apply. */
export const createPolicy = (key: string, name: string, policy: string): ChangeSpec =>
  create(`aws_iam_policy.${key}`, { name, path: "/", policy }, { afterUnknown: { arn: true, id: true, policy_id: true } });

/** An attachment created by the plan whose `policy_arn` is the ARN of `aws_iam_policy.<policyKey>`, created too. */
export const attachCreatedPolicy = (address: string, target: Attributes, policyKey: string): ChangeSpec =>
  create(address, target, {
    afterUnknown: { policy_arn: true, id: true },
    references: { policy_arn: ref(`aws_iam_policy.${policyKey}`, "arn") },
  });

/** An `aws_iam_role` created by the plan; `unknown` names attributes known only after apply besides the ARN and ids. */
export const createRole = (key: string, attributes: Attributes, ...unknown: string[]): ChangeSpec =>
  create(
    `aws_iam_role.${key}`,
    { path: "/", max_session_duration: 3600, ...attributes },
    { afterUnknown: Object.fromEntries(["arn", "id", "unique_id", ...unknown].map((name) => [name, true])) },
  );
