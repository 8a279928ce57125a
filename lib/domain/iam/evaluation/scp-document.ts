/**
 * A service control policy, parsed: what `parseScpDocument` returns and `evaluateScps` reads.
 *
 * Sources: AWS Organizations User Guide, "SCP syntax"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html), and the
 * AWS Security Blog, "AWS Organizations service control policy now supports full IAM language"
 * (https://aws.amazon.com/blogs/security/unlock-new-possibilities-aws-organizations-service-control-policy-now-supports-full-iam-language):
 * Action, NotAction, Resource, NotResource and Condition in both Allow and Deny statements.
 */
import type { Effect, PolicyStatement } from "../statement";
import type { ConditionOperator } from "../condition-operators";

/** One operator–key pair of a `Condition` block, with its values (OR'd, or NOR'd for negated operators). */
export interface ConditionClause {
  readonly operator: ConditionOperator;
  /** The condition key as written; matched against the request context ignoring case. */
  readonly key: string;
  /** At least one; JSON numbers and booleans are kept as their string form. */
  readonly values: readonly string[];
}

export interface ScpStatement {
  /** Position in the document's `Statement` list (0 when `Statement` is a single object). */
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  /** The statement as read: its Action/NotAction and Resource/NotResource are matched with lib/domain/iam/matching. */
  readonly statement: PolicyStatement;
  /** AND'd; empty when the statement has no `Condition`. */
  readonly conditions: readonly ConditionClause[];
}

export interface ScpDocument {
  readonly statements: readonly ScpStatement[];
}
