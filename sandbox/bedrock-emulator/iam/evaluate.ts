import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { parseFoundationModelArn } from "../arn";
import type { PrincipalPolicies } from "../aws/identity-policies";

/** One authorization question: may the caller perform `action` on `resource` with this request context? */
export interface AccessCheck {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export type DenialReason =
  "implicit-identity" | "explicit-identity" | "implicit-boundary" | "explicit-boundary" | "explicit-scp" | "implicit-scp";

export type Decision =
  | { readonly allowed: true }
  /** `policyArn`: the SCP whose Deny decided, which AWS names in the message for callers of the same Organization. */
  | { readonly allowed: false; readonly reason: DenialReason; readonly policyArn?: string };

export class PolicyEvaluationError extends Error {}

/**
 * Context keys the simulator's data does not list for an action, so runSimulation drops them as
 * "ignored" and any condition on them fails. iam-data lists no condition keys at all for
 * aws-marketplace:Subscribe, yet AWS evaluates aws-marketplace:ProductId there (the Bedrock docs scope
 * Subscribe to model product ids with it): an Allow with `ForAnyValue:StringEquals` on
 * aws-marketplace:ProductId would always deny. For these, the decision comes from runUnsafeSimulation,
 * which evaluates the conditions with the context as given (the policies were validated by the
 * runSimulation call before it).
 */
const CONTEXT_KEYS_MISSING_FROM_SIMULATOR: Readonly<Record<string, readonly string[]>> = {
  "aws-marketplace:Subscribe": ["aws-marketplace:ProductId"],
};

/**
 * iam-data's foundation-model ARN template requires a region, so runSimulation rejects the region-less
 * `arn:aws:bedrock:::foundation-model/ID` that global inference profiles are authorized against
 * ("no.resource.types"). Those are validated on a regional stand-in and decided by runUnsafeSimulation.
 */
const STAND_IN_REGION = "us-east-1";

function isRegionlessFoundationModel(resource: string): boolean {
  return parseFoundationModelArn(resource)?.region === "";
}

function needsUnsafeDecision(check: AccessCheck): boolean {
  if (isRegionlessFoundationModel(check.resource)) return true;
  const keys = CONTEXT_KEYS_MISSING_FROM_SIMULATOR[check.action] ?? [];
  return keys.some((k) => check.context?.[k] !== undefined);
}

function simulation(principalArn: string, account: string, policies: PrincipalPolicies, check: AccessCheck, resource: string): Simulation {
  const contextVariables: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(check.context ?? {})) contextVariables[k] = typeof v === "string" ? v : [...v];
  return {
    request: { principal: principalArn, action: check.action, resource: { resource, accountId: account }, contextVariables },
    identityPolicies: policies.identityPolicies.map((p) => ({ name: p.name, policy: p.document })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(policies.permissionsBoundary
      ? { permissionBoundaryPolicies: [{ name: policies.permissionsBoundary.name, policy: policies.permissionsBoundary.document }] }
      : {}),
  };
}

/**
 * runSimulation validates the policies, the action, the resource's type and the context keys before it decides,
 * at about 2.5 ms a call; runUnsafeSimulation decides alone, at about 0.2 ms. Per policies object (a new one
 * after every IAM change), a check of the same shape (action, resource type, context key names) as one that
 * runSimulation allowed and runUnsafeSimulation allowed alike is decided by runUnsafeSimulation when it allows;
 * anything else takes the full path.
 */
const agreeingShapes = new WeakMap<PrincipalPolicies, Set<string>>();

function shapeOf(check: AccessCheck): string {
  const resourceType = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:([^/:]+)/.exec(check.resource)?.[1] ?? check.resource;
  return `${check.action} ${resourceType} ${Object.keys(check.context ?? {})
    .sort()
    .join(",")}`;
}

/** Evaluates one check against the caller's identity policies (and permissions boundary). */
export async function evaluateAccess(
  principalArn: string,
  account: string,
  policies: PrincipalPolicies,
  check: AccessCheck,
): Promise<Decision> {
  if (policies.isRoot) return { allowed: true };
  const shapes = agreeingShapes.get(policies) ?? new Set<string>();
  agreeingShapes.set(policies, shapes);
  const shape = shapeOf(check);
  if (!needsUnsafeDecision(check) && shapes.has(shape)) {
    if (runUnsafeSimulation(simulation(principalArn, account, policies, check, check.resource), {}) === "Allowed") return { allowed: true };
  }
  const decision = await evaluateFully(principalArn, account, policies, check);
  if (
    decision.allowed &&
    !needsUnsafeDecision(check) &&
    runUnsafeSimulation(simulation(principalArn, account, policies, check, check.resource), {}) === "Allowed"
  )
    shapes.add(shape);
  return decision;
}

async function evaluateFully(principalArn: string, account: string, policies: PrincipalPolicies, check: AccessCheck): Promise<Decision> {
  const resource = isRegionlessFoundationModel(check.resource)
    ? check.resource.replace("arn:aws:bedrock:::", `arn:aws:bedrock:${STAND_IN_REGION}::`)
    : check.resource;
  const sim = simulation(principalArn, account, policies, check, resource);
  const result = await runSimulation(sim, {});
  if (result.resultType === "error") {
    throw new PolicyEvaluationError(`${check.action} on ${check.resource}: ${result.errors.message} ${JSON.stringify(result.errors)}`);
  }
  if (needsUnsafeDecision(check)) {
    const unsafe = runUnsafeSimulation(simulation(principalArn, account, policies, check, check.resource), {});
    if (unsafe === "Allowed") return { allowed: true };
    return { allowed: false, reason: unsafe === "ExplicitlyDenied" ? "explicit-identity" : "implicit-identity" };
  }
  if (result.overallResult === "Allowed") return { allowed: true };
  const analysis = result.resultType === "single" ? result.result.analysis : result.results[0]?.analysis;
  const identity = analysis?.identityAnalysis?.result;
  const boundary = analysis?.permissionBoundaryAnalysis?.result;
  if (result.overallResult === "ExplicitlyDenied") {
    return {
      allowed: false,
      reason: identity !== "ExplicitlyDenied" && boundary === "ExplicitlyDenied" ? "explicit-boundary" : "explicit-identity",
    };
  }
  return { allowed: false, reason: identity === "Allowed" && boundary !== undefined ? "implicit-boundary" : "implicit-identity" };
}
