import type { Finding } from "../../contracts/preflight-report";
import { accessOf } from "../../domain/catalog/profile-access";
import { describeLevel, describeStatement } from "../../domain/iam/evaluation/describe-decision";
import { evaluateScps } from "../../domain/iam/evaluation/evaluate-scps";
import type { ScpChain, ScpDecision, StatementRef } from "../../domain/iam/evaluation/scp-decision";
import type { ScpStatement } from "../../domain/iam/evaluation/scp-document";
import { statementsOnUnknownKeys, type StatementOnUnknownKeys } from "../../domain/iam/evaluation/unknown-keys";
import type { PreflightAccountTarget } from "../targets";
import { UNSPECIFIED_REGION, type ScpQuestion } from "./questions";

type Denied = Extract<ScpDecision, { outcome: "denied" }>;

interface Denial {
  readonly question: ScpQuestion;
  readonly decision: Denied;
}

/** A question whose answer depends on condition keys preflight cannot know (see statementsOnUnknownKeys). */
export interface Undecided {
  readonly question: ScpQuestion;
  readonly statements: readonly StatementOnUnknownKeys[];
}

const sameRef = (a: StatementRef, b: StatementRef): boolean =>
  a.level.id === b.level.id && a.policyId === b.policyId && a.index === b.index;

/**
 * The questions the SCPs in `chains` deny for certain, and those they might deny (or allow) depending on condition keys
 * preflight cannot know: a Deny whose conditions test only known keys is certain; otherwise a statement testing an
 * unknown key leaves the question undecided (a warning, never a pass or a block). `chainFor` gives the chain of the
 * request's principal account.
 */
export function classifyQuestions(
  questions: readonly ScpQuestion[],
  chainFor: (accountId: string) => ScpChain,
): { readonly denials: Denial[]; readonly undecided: Undecided[] } {
  const denials: Denial[] = [];
  const undecided: Undecided[] = [];
  for (const question of questions) {
    const chain = chainFor(question.request.principalAccount);
    const decision = evaluateScps(question.request, chain);
    const unknown = statementsOnUnknownKeys(question.request, chain);
    const isUnknown = (ref: StatementRef) => unknown.some((u) => sameRef(u.ref, ref));
    if (decision.outcome === "denied" && decision.reason === "explicit-deny") {
      const [certain, ...moreCertain] = decision.deniedBy.filter((ref) => !isUnknown(ref));
      if (certain) {
        denials.push({ question, decision: { ...decision, deniedBy: [certain, ...moreCertain, ...decision.deniedBy.filter(isUnknown)] } });
        continue;
      }
    }
    if (unknown.length > 0) undecided.push({ question, statements: unknown });
    else if (decision.outcome === "denied") denials.push({ question, decision });
  }
  return { denials, undecided };
}

/** One warning per profile (or account) and set of undecidable statements: what preflight could not know, and what to check. */
export function undecidedFindings(undecided: readonly Undecided[], account: PreflightAccountTarget): Finding[] {
  const groups = new Map<string, Undecided[]>();
  for (const entry of undecided) {
    const key = [
      entry.question.profile?.sourceRegion,
      entry.question.profile?.invocationId,
      entry.statements.map((s) => `${s.ref.level.id}|${s.ref.policyId}|${s.ref.index}`).join(","),
    ].join("|");
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()].flatMap((group): Finding[] => {
    const [first] = group;
    if (!first) return [];
    const { question, statements } = first;
    const actions = unique(group.map((u) => u.question.request.action));
    const which = statements
      .map((s) => `${describeStatement(s.ref)} at ${describeLevel(s.ref.level)} (${s.effect}, on ${s.keys.join(", ")})`)
      .join("; ");
    return [
      {
        check: "scp",
        severity: "warning",
        accountName: account.name,
        accountId: account.accountId,
        ...(question.profile && { region: question.profile.sourceRegion, invocationId: question.profile.invocationId }),
        actions,
        resource: question.request.resource,
        principals: unique(group.map((u) => u.question.principal.arn)),
        message: `could not decide ${actions.join(", ")} on ${question.request.resource}: ${which} test condition keys whose values come from the real request, which preflight does not know`,
        fix: "check those conditions against how the pipeline calls AWS (its source IP, its principal tags, the Marketplace product ids …); enable finds out for certain, and fails only the profiles AWS denies.",
      },
    ];
  });
}

/** What decided: the first Deny statement, or the levels without an Allow. */
function decidedBy(decision: Denied): string {
  if (decision.reason === "explicit-deny") {
    const [ref] = decision.deniedBy;
    return `${ref.level.kind}:${ref.level.id}|${ref.policyId}|${ref.index}`;
  }
  return decision.levelsWithoutAllow.map((l) => `${l.kind}:${l.id}`).join(",");
}

function statementOf(chain: ScpChain, ref: StatementRef): ScpStatement | undefined {
  const levels = [chain.root, ...chain.ous, chain.account];
  const policy = levels.find((l) => l.id === ref.level.id)?.policies.find((p) => p.id === ref.policyId);
  return policy?.document.statements.find((s) => s.index === ref.index);
}

const restrictsRegions = (statement: ScpStatement | undefined): boolean =>
  statement?.conditions.some((c) => c.key.toLowerCase() === "aws:requestedregion") ?? false;

const unique = (values: readonly string[]): string[] => [...new Set(values)];

const MAY_NOT_MATTER =
  "; for this Messages API (bedrock-mantle) profile that blocks enable only if bedrock-mantle needs the Marketplace agreement, which AWS does not say (docs/models.md §4)";

function fixFor(
  denial: Denial,
  chain: ScpChain,
  account: PreflightAccountTarget,
  actions: readonly string[],
  principals: readonly string[],
): string {
  const { question, decision } = denial;
  const requestedRegion = String(question.request.context["aws:RequestedRegion"] ?? "");
  const profile = question.profile;
  const dropProfile = profile
    ? `, or remove ${profile.invocationId} in ${profile.sourceRegion} from account ${account.name} in the config`
    : "";
  if (decision.reason === "no-allow-at-level") {
    const levels = decision.levelsWithoutAllow.map(describeLevel).join(", ");
    return `attach an SCP that allows ${actions.join(", ")} (FullAWSAccess, or a narrower Allow) at ${levels}${dropProfile}.`;
  }
  const [ref] = decision.deniedBy;
  const statement = describeStatement(ref);
  if (restrictsRegions(statementOf(chain, ref)) && question.purpose === "invoke") {
    const why = requestedRegion === UNSPECIFIED_REGION ? " (what global inference profiles send for the region-less model ARN)" : "";
    return `add "${requestedRegion}"${why} to the Regions that ${statement} allows (its aws:RequestedRegion condition), or exempt ${actions.join(
      " and ",
    )} from it${dropProfile}.`;
  }
  const exempt = `exempt ${principals.join(" and ")} from ${statement} (for example with an ArnNotLike condition on aws:PrincipalArn)`;
  if (question.purpose === "marketplace")
    return `${exempt}, or allow ${actions.join(" and ")} there: Bedrock creates the Marketplace agreement with them at first use. When every agreement already exists (bedrock-access status), enable --no-preflight skips this check.`;
  if (question.purpose === "assume-role") return `${exempt}, or allow sts:AssumeRole on ${question.request.resource} there.`;
  return `${exempt}, or allow ${actions.join(", ")} there${dropProfile}.`;
}

/**
 * One blocking finding per profile (or account, for AssumeRole), resource and deciding statement: the actions and
 * principals it denies are listed together, so a Region-deny SCP yields one finding per denied destination Region.
 */
export function scpFindings(
  denials: readonly Denial[],
  account: PreflightAccountTarget,
  chainFor: (accountId: string) => ScpChain,
): Finding[] {
  const groups = new Map<string, Denial[]>();
  for (const denial of denials) {
    const { question } = denial;
    const key = [
      question.purpose,
      question.profile?.sourceRegion,
      question.profile?.invocationId,
      question.request.resource,
      decidedBy(denial.decision),
    ].join("|");
    groups.set(key, [...(groups.get(key) ?? []), denial]);
  }
  return [...groups.values()].map((group): Finding => {
    const [first] = group;
    const { question, decision } = first;
    const actions = unique(group.map((d) => d.question.request.action));
    const principals = unique(group.map((d) => `${d.question.principal.label} ${d.question.principal.arn}`));
    const requestedRegion = question.request.context["aws:RequestedRegion"];
    const what = `${actions.join(", ")} on ${question.request.resource}${typeof requestedRegion === "string" ? ` (aws:RequestedRegion ${requestedRegion})` : ""}`;
    const chain = chainFor(question.request.principalAccount);
    // For the Messages API a Marketplace denial may not matter: AWS does not say whether bedrock-mantle needs the agreement.
    const mayNotMatter =
      question.purpose === "marketplace" && question.profile !== undefined && !accessOf(question.profile.kind).needsAgreement;
    const base = {
      check: "scp" as const,
      severity: mayNotMatter ? ("warning" as const) : ("blocking" as const),
      accountName: account.name,
      accountId: account.accountId,
      ...(question.profile && { region: question.profile.sourceRegion, invocationId: question.profile.invocationId }),
      actions,
      resource: question.request.resource,
      ...(typeof requestedRegion === "string" && { requestedRegion }),
      principals: unique(group.map((d) => d.question.principal.arn)),
      fix: fixFor(first, chain, account, actions, principals),
    };
    if (decision.reason === "explicit-deny") {
      const [ref] = decision.deniedBy;
      return {
        ...base,
        policy: {
          id: ref.policyId,
          name: ref.policyName,
          ...(ref.sid !== undefined && { sid: ref.sid }),
          statementIndex: ref.index,
          level: ref.level,
        },
        message: `${describeStatement(ref)} at ${describeLevel(ref.level)} denies ${what} for ${principals.join(" and ")}${mayNotMatter ? MAY_NOT_MATTER : ""}`,
      };
    }
    return {
      ...base,
      levelsWithoutAllow: [...decision.levelsWithoutAllow],
      message: `no SCP at ${decision.levelsWithoutAllow.map(describeLevel).join(", ")} allows ${what} for ${principals.join(" and ")} (implicit deny)${mayNotMatter ? MAY_NOT_MATTER : ""}`,
    };
  });
}
