import type { AwsDirectory } from "../aws/directory";
import type { PrincipalPolicies } from "../aws/identity-policies";
import type { CallerIdentity } from "../aws/principal";
import { accessDenied, ServiceError } from "../protocol/errors";
import { evaluateAccess, PolicyEvaluationError, type AccessCheck, type Decision } from "./evaluate";
import { notAuthorizedMessage } from "./messages";
import { evaluateScps, ScpEvaluationError, type ScpLevels } from "./scp";

/** Fault injection hook: an SCP-style explicit deny of an action in an account. */
export type ScpDeny = (account: string, action: string) => boolean;

/**
 * Decisions already made for a set of policies. Keyed by the policies object, which the directory keeps
 * until IAM changes (then a fresh object, and fresh decisions): evaluating with iam-simulate costs CPU, and
 * every call of a run asks the same few questions.
 */
const decisions = new WeakMap<PrincipalPolicies, Map<string, Decision>>();

/**
 * One request's view of what its caller may do; policies are read once, on the first check: the SCPs in effect on
 * the caller's account (from AWS Organizations) and the caller's identity policies (from IAM). SCPs decide first, as
 * in AWS's evaluation (IAM User Guide, "Policy evaluation logic":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
export class CallerAccess {
  private policies?: Promise<PrincipalPolicies>;
  private scps?: Promise<ScpLevels | undefined>;

  constructor(
    readonly caller: CallerIdentity,
    private readonly directory: AwsDirectory,
    private readonly scpDeny: ScpDeny,
    /** The request's Region: aws:RequestedRegion unless a check says otherwise (a destination Region). */
    private readonly region: string,
  ) {}

  async decide(check: AccessCheck): Promise<Decision> {
    if (this.scpDeny(this.caller.account, check.action)) return { allowed: false, reason: "explicit-scp" };
    this.policies ??= this.directory.principalPolicies(this.caller);
    this.scps ??= this.directory.serviceControlPolicies(this.caller.account);
    const [policies, scps] = await Promise.all([this.policies, this.scps]);
    // AWS sets aws:RequestedRegion on every request; identity policies and SCPs both see it.
    const context = {
      "aws:RequestedRegion": this.region,
      "aws:PrincipalArn": policies.principalArn,
      "aws:PrincipalAccount": this.caller.account,
      ...check.context,
    };
    if (scps) {
      const verdict = this.scpVerdict(scps, check, context);
      if (!verdict.allowed)
        return {
          allowed: false,
          reason: verdict.explicit ? "explicit-scp" : "implicit-scp",
          ...(verdict.policyArn && { policyArn: verdict.policyArn }),
        };
    }
    let known = decisions.get(policies);
    if (!known) decisions.set(policies, (known = new Map()));
    const key = JSON.stringify([this.caller.arn, check.action, check.resource, context]);
    const cached = known.get(key);
    if (cached) return cached;
    try {
      const decision = await evaluateAccess(this.caller.arn, this.caller.account, policies, { ...check, context });
      known.set(key, decision);
      return decision;
    } catch (err) {
      if (err instanceof PolicyEvaluationError) {
        throw new ServiceError(
          "InternalServerException",
          `Bedrock emulator could not evaluate the IAM policies of ${this.caller.arn}: ${err.message}`,
        );
      }
      throw err;
    }
  }

  private scpVerdict(scps: ScpLevels, check: AccessCheck, context: Readonly<Record<string, string | readonly string[]>>) {
    try {
      return evaluateScps(scps, { action: check.action, resource: check.resource, context });
    } catch (err) {
      if (err instanceof ScpEvaluationError)
        throw new ServiceError(
          "InternalServerException",
          `Bedrock emulator could not evaluate the SCPs of account ${this.caller.account}: ${err.message}`,
        );
      throw err;
    }
  }

  /** Throws AWS's AccessDeniedException when the check is denied. */
  async require(check: AccessCheck): Promise<void> {
    const decision = await this.decide(check);
    if (!decision.allowed)
      throw accessDenied(notAuthorizedMessage(this.caller.arn, check.action, check.resource, decision.reason, decision.policyArn));
  }
}
