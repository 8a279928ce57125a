/**
 * One request value against one policy value, under the positive form of a base operator (a negated operator is
 * the NOR of these; see evaluate-conditions.ts).
 *
 * Source: IAM User Guide, "IAM JSON policy elements: Condition operators"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * StringEquals "Exact matching, case sensitive"; StringEqualsIgnoreCase "ignoring case"; StringLike "Case-sensitive
 * matching" with `*` and `?`; Numeric "an integer or decimal value"; Date as in iam-date.ts; Bool "true" or "false";
 * IpAddress a CIDR range; ArnEquals and ArnLike "behave identically". Bool values are compared ignoring case
 * (AWS does not say; "True" is taken as "true").
 * A request value that is not of the operator's type (a Numeric key holding "abc") matches neither the operator
 * nor its negation: AWS does not document this case.
 */
import { arnPartsMatch, splitArn, wildcardMatches } from "../matching";
import type { BaseOperator } from "../condition-operators";
import { parseIamDate } from "./iam-date";
import { cidrContains, parseCidr } from "./ip-address";

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function parseNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

function parseBool(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
}

type Compare = (request: number, policy: number) => boolean;

/** The positive comparison of each Numeric and Date operator (NotEquals compares for equality; the caller negates). */
const ORDER: Partial<Record<BaseOperator, Compare>> = {
  NumericEquals: (r, p) => r === p,
  NumericNotEquals: (r, p) => r === p,
  NumericLessThan: (r, p) => r < p,
  NumericLessThanEquals: (r, p) => r <= p,
  NumericGreaterThan: (r, p) => r > p,
  NumericGreaterThanEquals: (r, p) => r >= p,
  DateEquals: (r, p) => r === p,
  DateNotEquals: (r, p) => r === p,
  DateLessThan: (r, p) => r < p,
  DateLessThanEquals: (r, p) => r <= p,
  DateGreaterThan: (r, p) => r > p,
  DateGreaterThanEquals: (r, p) => r >= p,
};

function compareParsed(
  base: BaseOperator,
  request: string,
  policy: string,
  parse: (text: string) => number | undefined,
): boolean | undefined {
  const compare = ORDER[base];
  const r = parse(request);
  const p = parse(policy);
  return compare === undefined || r === undefined || p === undefined ? undefined : compare(r, p);
}

/**
 * Whether `request` matches `policy` under `base` (negation not applied); undefined when `request` is not of the
 * operator's type. `policy` has passed `policyValueProblem`.
 */
export function positiveMatch(base: BaseOperator, request: string, policy: string): boolean | undefined {
  switch (base) {
    case "StringEquals":
    case "StringNotEquals":
      return request === policy;
    case "StringEqualsIgnoreCase":
    case "StringNotEqualsIgnoreCase":
      return request.toLowerCase() === policy.toLowerCase();
    case "StringLike":
    case "StringNotLike":
      return wildcardMatches(policy, request, { ignoreCase: false });
    case "Bool": {
      const r = parseBool(request);
      return r === undefined ? undefined : r === parseBool(policy);
    }
    case "IpAddress":
    case "NotIpAddress": {
      const range = parseCidr(policy);
      return range && cidrContains(range, request);
    }
    case "ArnEquals":
    case "ArnNotEquals":
    case "ArnLike":
    case "ArnNotLike": {
      const pattern = splitArn(policy);
      const value = splitArn(request);
      return pattern && value && arnPartsMatch(pattern, value);
    }
    case "Null":
      return undefined;
    default:
      return compareParsed(base, request, policy, base.startsWith("Date") ? parseIamDate : parseNumber);
  }
}

/** What is wrong with `value` as a policy value for `base`, or undefined when nothing is. */
export function policyValueProblem(base: BaseOperator, value: string): string | undefined {
  if (/\$\{/.test(value)) return "policy variables (${...}) are not supported by this evaluator";
  if (base.startsWith("Numeric")) return parseNumber(value) === undefined ? "expected a number" : undefined;
  if (base.startsWith("Date")) return parseIamDate(value) === undefined ? "expected an ISO 8601 (W3C) date or epoch seconds" : undefined;
  if (base === "Bool" || base === "Null") return parseBool(value) === undefined ? 'expected "true" or "false"' : undefined;
  if (base === "IpAddress" || base === "NotIpAddress") return parseCidr(value) ? undefined : "expected an IP address or CIDR range";
  if (base.startsWith("Arn")) return splitArn(value) ? undefined : "expected an ARN (arn:partition:service:region:account:resource)";
  return undefined;
}
