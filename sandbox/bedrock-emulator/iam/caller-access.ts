import type { AwsDirectory } from "../aws/directory";
import type { PrincipalPolicies } from "../aws/identity-policies";
import type { CallerIdentity } from "../aws/principal";
import { accessDenied, ServiceError } from "../protocol/errors";
import { evaluateAccess, PolicyEvaluationError, type AccessCheck, type Decision } from "./evaluate";
import { notAuthorizedMessage } from "./messages";

/** Fault injection hook: an SCP-style explicit deny of an action in an account. */
export type ScpDeny = (account: string, action: string) => boolean;

/** One request's view of what its caller may do; policies are read from IAM once, on the first check. */
export class CallerAccess {
  private policies?: Promise<PrincipalPolicies>;

  constructor(
    readonly caller: CallerIdentity,
    private readonly directory: AwsDirectory,
    private readonly scpDeny: ScpDeny,
  ) {}

  async decide(check: AccessCheck): Promise<Decision> {
    if (this.scpDeny(this.caller.account, check.action)) return { allowed: false, reason: "explicit-scp" };
    this.policies ??= this.directory.principalPolicies(this.caller);
    const policies = await this.policies;
    const context = { "aws:PrincipalArn": policies.principalArn, "aws:PrincipalAccount": this.caller.account, ...check.context };
    try {
      return await evaluateAccess(this.caller.arn, this.caller.account, policies, { ...check, context });
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

  /** Throws AWS's AccessDeniedException when the check is denied. */
  async require(check: AccessCheck): Promise<void> {
    const decision = await this.decide(check);
    if (!decision.allowed) throw accessDenied(notAuthorizedMessage(this.caller.arn, check.action, check.resource, decision.reason));
  }
}
