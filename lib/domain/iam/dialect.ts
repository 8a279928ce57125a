/**
 * What one kind of policy accepts on top of IAM's grammar: an SCP takes no Principal and must say Version 2012-10-17;
 * an evaluator adds what it can evaluate faithfully. Each check returns what is wrong, or undefined.
 */
export interface PolicyDialect {
  /** Names the kind of policy in a problem: "SCPs do not support Principal". */
  readonly name: string;
  /** The Version the document must state. @default - any, or none */
  readonly version?: string;
  /** Whether statements may have Principal / NotPrincipal. */
  readonly principals: boolean;
  readonly actionProblem?: (pattern: string) => string | undefined;
  readonly resourceProblem?: (pattern: string) => string | undefined;
  /** About a condition operator as written (`ForAnyValue:StringLike`). */
  readonly operatorProblem?: (operator: string) => string | undefined;
  readonly conditionValueProblem?: (operator: string, value: string) => string | undefined;
}

/** IAM's grammar alone: identity, resource and trust policies, as the plan review reads them. */
export const ANY_POLICY: PolicyDialect = { name: "policies", principals: true };
