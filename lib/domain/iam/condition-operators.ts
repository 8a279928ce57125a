/**
 * The condition operators of IAM's policy language, and how a written operator name breaks down into set operator,
 * base operator and `IfExists`: the one reading of operator names, for the SCP evaluator and the plan review.
 *
 * Source: IAM User Guide, "IAM JSON policy elements: Condition operators"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * the String, Numeric, Date, Bool, IpAddress, Arn and Null families; `IfExists` may end "any condition operator
 * name except the Null condition"; ArnEquals and ArnLike "behave identically". Set operators: "Single-valued vs.
 * multivalued context keys" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 * BinaryEquals is left out: no SCP this tool reads compares binary keys, and the SCP evaluator says so rather than guess.
 */

type OperatorFamily = "String" | "Numeric" | "Date" | "Bool" | "IpAddress" | "Arn" | "Null";

interface BaseOperatorInfo {
  readonly family: OperatorFamily;
  /** Negated matching ("NotEquals", "NotLike", "NotIpAddress"): true when no policy value matches. */
  readonly negated: boolean;
}

const BASE_OPERATORS = {
  StringEquals: { family: "String", negated: false },
  StringNotEquals: { family: "String", negated: true },
  StringEqualsIgnoreCase: { family: "String", negated: false },
  StringNotEqualsIgnoreCase: { family: "String", negated: true },
  StringLike: { family: "String", negated: false },
  StringNotLike: { family: "String", negated: true },
  NumericEquals: { family: "Numeric", negated: false },
  NumericNotEquals: { family: "Numeric", negated: true },
  NumericLessThan: { family: "Numeric", negated: false },
  NumericLessThanEquals: { family: "Numeric", negated: false },
  NumericGreaterThan: { family: "Numeric", negated: false },
  NumericGreaterThanEquals: { family: "Numeric", negated: false },
  DateEquals: { family: "Date", negated: false },
  DateNotEquals: { family: "Date", negated: true },
  DateLessThan: { family: "Date", negated: false },
  DateLessThanEquals: { family: "Date", negated: false },
  DateGreaterThan: { family: "Date", negated: false },
  DateGreaterThanEquals: { family: "Date", negated: false },
  Bool: { family: "Bool", negated: false },
  IpAddress: { family: "IpAddress", negated: false },
  NotIpAddress: { family: "IpAddress", negated: true },
  ArnEquals: { family: "Arn", negated: false },
  ArnNotEquals: { family: "Arn", negated: true },
  ArnLike: { family: "Arn", negated: false },
  ArnNotLike: { family: "Arn", negated: true },
  Null: { family: "Null", negated: false },
} as const satisfies Record<string, BaseOperatorInfo>;

export type BaseOperator = keyof typeof BASE_OPERATORS;

type SetOperator = "ForAnyValue" | "ForAllValues";

export interface ConditionOperator {
  /** As written in the policy. */
  readonly name: string;
  readonly base: BaseOperator;
  readonly family: OperatorFamily;
  readonly negated: boolean;
  readonly ifExists: boolean;
  readonly setOperator?: SetOperator;
}

const BASE_NAMES: readonly BaseOperator[] = Object.keys(BASE_OPERATORS).filter(isBaseOperator);
const SET_OPERATORS: readonly SetOperator[] = ["ForAnyValue", "ForAllValues"];

function isBaseOperator(name: string): name is BaseOperator {
  return Object.prototype.hasOwnProperty.call(BASE_OPERATORS, name);
}

/** Matches `candidate` against `names` ignoring case, returning the canonical spelling. */
function canonical<T extends string>(candidate: string, names: readonly T[]): T | undefined {
  const lower = candidate.toLowerCase();
  return names.find((name) => name.toLowerCase() === lower);
}

/**
 * `ForAnyValue:StringNotLikeIfExists` → its parts; a string saying what is wrong otherwise. Operator names are
 * matched ignoring case (AWS does not document their case-sensitivity; a policy AWS accepted is read either way).
 */
export function parseConditionOperator(name: string): ConditionOperator | string {
  const colon = name.indexOf(":");
  const setPart = colon === -1 ? undefined : name.slice(0, colon);
  const setOperator = setPart === undefined ? undefined : canonical(setPart, SET_OPERATORS);
  if (setPart !== undefined && setOperator === undefined) return `unknown set operator "${setPart}" (expected ForAnyValue or ForAllValues)`;
  const rest = colon === -1 ? name : name.slice(colon + 1);
  const ifExists = /IfExists$/i.test(rest);
  const baseName = ifExists ? rest.slice(0, -"IfExists".length) : rest;
  const base = canonical(baseName, BASE_NAMES);
  if (base === undefined) {
    if (/^BinaryEquals$/i.test(baseName)) return "BinaryEquals is not supported by this evaluator";
    return `unknown condition operator "${name}"`;
  }
  if (base === "Null" && ifExists) return "NullIfExists is not an operator: IfExists applies to every operator except Null";
  const { family, negated } = BASE_OPERATORS[base];
  return { name, base, family, negated, ifExists, ...(setOperator && { setOperator }) };
}
