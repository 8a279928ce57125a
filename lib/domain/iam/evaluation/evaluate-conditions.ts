/**
 * Whether a statement's `Condition` block holds for a request context.
 *
 * Sources (IAM User Guide):
 * - "Conditions with multiple context keys or values"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html):
 *   operators are AND'd, keys under one operator are AND'd, values for one key are OR'd, and for a negated
 *   operator NOR'd.
 * - "IAM JSON policy elements: Condition operators"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html): a key
 *   missing from the request makes the condition false, except that a negated operator ("StringNotLike",
 *   "ArnNotLike") is then true, `...IfExists` is then true, and `Null` tests presence itself ("true": the key is
 *   absent).
 * - "Single-valued vs. multivalued context keys"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html):
 *   ForAllValues holds when every request value matches, and "also returns true if there are no context keys in
 *   the request"; ForAnyValue holds when any does; "Creating a Condition That Tests Multiple Key Values"
 *   (reference_policies_multi-value-conditions): on an empty set ForAllValues returns true, ForAnyValue false.
 *   "Multivalued context keys require a condition set operator": what AWS does with a multivalued key under a
 *   plain operator is not documented; it is taken here as no match (false), as @cloud-copilot/iam-simulate does.
 *   `Null` tests presence only, so a set operator in front of it changes nothing here (AWS does not say).
 */
import type { ConditionClause } from "./scp-document";
import type { ContextValue, RequestContext } from "./request-context";
import { positiveMatch } from "./value-tests";

/** One request value against all of the clause's policy values: OR, or NOR for a negated operator. */
function valueHolds(clause: ConditionClause, requestValue: string): boolean {
  const results = clause.values.map((policyValue) => positiveMatch(clause.operator.base, requestValue, policyValue));
  if (results.some((result) => result === undefined)) return false;
  const anyMatch = results.some((result) => result === true);
  return clause.operator.negated ? !anyMatch : anyMatch;
}

function presentKeyHolds(clause: ConditionClause, value: ContextValue): boolean {
  const { setOperator } = clause.operator;
  if (setOperator === undefined) return typeof value === "string" && valueHolds(clause, value);
  const values = typeof value === "string" ? [value] : value;
  return setOperator === "ForAllValues" ? values.every((v) => valueHolds(clause, v)) : values.some((v) => valueHolds(clause, v));
}

function missingKeyHolds(clause: ConditionClause): boolean {
  const { ifExists, setOperator, negated } = clause.operator;
  if (ifExists) return true;
  if (setOperator === "ForAllValues") return true;
  if (setOperator === "ForAnyValue") return false;
  return negated;
}

function clauseHolds(clause: ConditionClause, context: RequestContext): boolean {
  const value = context.get(clause.key.toLowerCase());
  if (clause.operator.family === "Null") return clause.values.some((wanted) => (wanted.toLowerCase() === "true") === (value === undefined));
  return value === undefined ? missingKeyHolds(clause) : presentKeyHolds(clause, value);
}

/** Every clause holds (an empty block holds). */
export function conditionsHold(clauses: readonly ConditionClause[], context: RequestContext): boolean {
  return clauses.every((clause) => clauseHolds(clause, context));
}
