/**
 * Service control policy evaluation for one request against the SCPs in effect on an account.
 *
 * Sources:
 * - AWS Organizations User Guide, "SCP evaluation"
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html): to allow
 *   a permission for an account "there must be an explicit Allow statement at every level from the root through
 *   each OU in the direct path to the account (including the target account itself)"; "if there is no Allow
 *   statement at any level ... access is denied"; a Deny at any level denies the OUs and accounts below it.
 * - "Inheritance for service control policies"
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_auth.html): "An
 *   explicit Deny statement overrides any Allow that other SCPs might grant."
 * - "Service control policies (SCPs)"
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html): "SCPs don't affect
 *   users or roles in the management account."
 * - IAM User Guide, "Policy evaluation logic"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): a statement applies
 *   when its action, resource and condition elements all match the request context.
 */
import { coversAction, coversResource, isAction, splitArn } from "../matching";
import { conditionsHold } from "./evaluate-conditions";
import { normalizeContext, type RequestContext } from "./request-context";
import type { ScpStatement } from "./scp-document";
import type { LevelKind, LevelRef, NonEmpty, ScpChain, ScpDecision, ScpLevel, ScpRequest, StatementRef } from "./scp-decision";

function checkRequest(request: ScpRequest, chain: ScpChain): void {
  if (!isAction(request.action)) throw new Error(`SCP request: action ${JSON.stringify(request.action)} is not "service:Action"`);
  if (request.resource !== "*" && !splitArn(request.resource))
    throw new Error(`SCP request: resource ${JSON.stringify(request.resource)} is not an ARN or "*"`);
  if (chain.account.id !== request.principalAccount)
    throw new Error(`SCP request: the chain ends at account ${chain.account.id}, not the principal's account ${request.principalAccount}`);
}

function statementApplies(statement: ScpStatement, request: ScpRequest, context: RequestContext): boolean {
  return (
    coversAction(statement.statement, request.action) &&
    coversResource(statement.statement, request.resource) &&
    conditionsHold(statement.conditions, context)
  );
}

/** The statements of `effect` at `level` that apply to the request, in policy then statement order. */
function applying(
  level: ScpLevel,
  ref: LevelRef,
  effect: ScpStatement["effect"],
  request: ScpRequest,
  context: RequestContext,
): StatementRef[] {
  return level.policies.flatMap((policy) =>
    policy.document.statements
      .filter((statement) => statement.effect === effect && statementApplies(statement, request, context))
      .map((statement) => ({
        level: ref,
        policyId: policy.id,
        policyName: policy.name,
        ...(statement.sid !== undefined && { sid: statement.sid }),
        index: statement.index,
      })),
  );
}

interface PathLevel {
  readonly ref: LevelRef;
  readonly level: ScpLevel;
}

const pathLevel = (kind: LevelKind, level: ScpLevel): PathLevel => ({ ref: { kind, id: level.id }, level });

/** The root, each OU from the root down, then the account. */
function levels(chain: ScpChain): readonly PathLevel[] {
  return [pathLevel("root", chain.root), ...chain.ous.map((ou) => pathLevel("ou", ou)), pathLevel("account", chain.account)];
}

function nonEmpty<T>(items: readonly T[]): NonEmpty<T> | undefined {
  const [first, ...rest] = items;
  return first === undefined ? undefined : [first, ...rest];
}

/** Whether the SCPs in `chain` let `request` through, and which policy, statement or level decided. */
export function evaluateScps(request: ScpRequest, chain: ScpChain): ScpDecision {
  checkRequest(request, chain);
  if (chain.isManagementAccount) return { outcome: "allowed", reason: "management-account" };
  const context = normalizeContext(request.context);
  const path = levels(chain);
  const deniedBy = nonEmpty(path.flatMap(({ ref, level }) => applying(level, ref, "Deny", request, context)));
  if (deniedBy) return { outcome: "denied", reason: "explicit-deny", deniedBy };
  const allows = path.map(({ ref, level }) => ({ ref, first: applying(level, ref, "Allow", request, context)[0] }));
  const levelsWithoutAllow = nonEmpty(allows.filter((allow) => allow.first === undefined).map((allow) => allow.ref));
  if (levelsWithoutAllow) return { outcome: "denied", reason: "no-allow-at-level", levelsWithoutAllow };
  const allowedBy = nonEmpty(allows.flatMap((allow) => (allow.first ? [allow.first] : [])));
  if (!allowedBy) throw new Error("SCP evaluation: a chain has at least the root and the account");
  return { outcome: "allowed", reason: "allowed-at-every-level", allowedBy };
}
