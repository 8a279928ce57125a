import { principalAccount } from "../domain/arn";
import { GITHUB_OIDC_HOST } from "../domain/iam/bedrock-policies";
import { quote, type Finding, type FindingKind } from "./findings";
import { parseConditionOperator, type ConditionOperator } from "../domain/iam/condition-operators";
import { hasWildcard } from "../domain/iam/matching";
import type { PolicyStatement } from "../domain/iam/statement";
import { scopedActions, wildcardResources } from "./iam-semantics";
import type { SummaryOptions } from "./model";
import { pairStatements, setChange, type PolicyDiff } from "./policy-diff";
import type { PolicyState } from "./policy-document";

/** Where a document sits: the resource, how to name it in a message, and the role it belongs to (trusts). */
export interface DocumentContext {
  readonly stack: string;
  readonly address: string;
  readonly holder: string;
  /** The role whose trust policy this is. */
  readonly roleName?: string;
}

function unreadable(state: PolicyState): string | undefined {
  if (state.state === "unknown") return "it is known only after apply";
  if (state.state === "sensitive") return "Terraform marks it sensitive";
  if (state.state === "invalid") return `it cannot be parsed (${state.problem})`;
  return undefined;
}

/** The operator as IAM reads it; undefined for a name IAM rejects. */
function operatorOf(name: string): ConditionOperator | undefined {
  const operator = parseConditionOperator(name);
  return typeof operator === "string" ? undefined : operator;
}
/** Wildcards match under StringLike; under StringEquals they are literal characters. */
const isLikeOperator = (operator: string) => operatorOf(operator)?.base === "StringLike";
/** The conditions that pin `sub` (a StringNotLike/StringNotEquals only excludes, so it pins nothing; nor does an unknown operator). */
const subjectConditions = (s: PolicyStatement) =>
  s.conditionEntries.filter((c) => c.key.toLowerCase() === `${GITHUB_OIDC_HOST}:sub` && operatorOf(c.operator)?.negated === false);
const isGitHubOidc = (s: PolicyStatement) =>
  s.principalIds.some((p) => p.startsWith("Federated ") && p.endsWith(`oidc-provider/${GITHUB_OIDC_HOST}`));

/**
 * What a `sub` pattern widens: a wildcard in the owner or repository part matches other repositories; one in the rest
 * (`:ref:refs/heads/*`, `:environment:prod-*`, the `:*` of a repository with no pins) other refs, environments and
 * events of the repository.
 */
function subjectWildcard(value: string): "repository" | "context" | undefined {
  const match = /^repo:([^/]*)\/([^:]*)(.*)$/.exec(value);
  if (!match) return hasWildcard(value) ? "repository" : undefined;
  if (hasWildcard(match[1]) || hasWildcard(match[2])) return "repository";
  return hasWildcard(match[3]) ? "context" : undefined;
}

/**
 * What a change to one policy document adds that a reviewer must look at: documents it cannot read,
 * wildcards, and for trust policies principals beyond the Organization, NotPrincipal and GitHub subjects.
 */
export function documentFindings(diff: PolicyDiff, context: DocumentContext, options: SummaryOptions): Finding[] {
  const out: Finding[] = [];
  const add = (kind: FindingKind, message: string) => out.push({ kind, stack: context.stack, address: context.address, message });
  const what = diff.kind === "trust" ? "trust policy" : "policy";

  const cannotRead = unreadable(diff.after);
  if (cannotRead) {
    add("cannot-verify", `cannot verify the ${what} of ${context.holder}: ${cannotRead}; review it in the plan output before merging`);
    return out;
  }

  for (const { key, before, after } of pairStatements(diff.before, diff.after)) {
    if (!after || after.effect !== "Allow") continue;
    const was = before?.effect === "Allow" ? before : undefined;
    const added = (part: (s: PolicyStatement) => readonly string[]) => setChange(was ? part(was) : [], part(after)).added;
    const where = `${context.holder} statement ${key}`;

    const wildActions = added((s) => s.actions).filter(hasWildcard);
    if (wildActions.length > 0) add("wildcard-action", `${where} grants wildcard actions ${quote(wildActions)}`);
    if (added((s) => s.notActions).length > 0)
      add("wildcard-action", `${where} allows every action except ${quote(after.notActions)} (NotAction)`);

    const broad = added((s) => (s.resources.includes("*") ? scopedActions(s) : []));
    if (broad.length > 0) add("wildcard-resource", `${where} allows ${quote(broad)} on Resource "*"`);
    const partial = added((s) => wildcardResources(s).filter((r) => r !== "*"));
    if (partial.length > 0)
      add("wildcard-resource", `${where} allows resources matching ${quote(partial)}: every resource the pattern matches`);
    if (added((s) => s.notResources).length > 0)
      add("wildcard-resource", `${where} allows every resource except ${quote(after.notResources)} (NotResource)`);

    if (diff.kind === "trust") trustFindings(after, was, added, where, context, options, add);
  }
  return out;
}

function trustFindings(
  after: PolicyStatement,
  was: PolicyStatement | undefined,
  added: (part: (s: PolicyStatement) => readonly string[]) => readonly string[],
  where: string,
  context: DocumentContext,
  options: SummaryOptions,
  add: (kind: FindingKind, message: string) => void,
): void {
  const principals = added((s) => s.principalIds);
  if (principals.includes("*")) add("wildcard-principal", `${where} trusts any principal ("*")`);
  if (added((s) => s.notPrincipalIds).length > 0)
    add("not-principal", `${where} is an Allow with NotPrincipal: it trusts every principal except ${quote(after.notPrincipalIds)}`);

  const accounts = options.organizationAccounts;
  if (accounts) {
    const external = new Set(options.externalPrincipals ?? []);
    const outside = principals.filter((p) => {
      if (!p.startsWith("AWS ")) return false;
      const value = p.slice(4);
      const account = principalAccount(value);
      return account !== undefined && !accounts.includes(account) && !external.has(value) && !external.has(account);
    });
    if (outside.length > 0)
      add(
        "principal-outside-organization",
        `${where} trusts ${quote(outside.map((p) => p.slice(4)))}, outside the configured accounts (${accounts.join(", ")}); list it under externalPrincipals if intended`,
      );
  }

  const trusted = options.firstUseTrustedPrincipals;
  if (trusted && context.roleName === options.firstUseRoleName) {
    const extra = principals.filter((p) => p !== "*" && !trusted.includes(p.replace(/^AWS /, "")));
    if (extra.length > 0)
      add(
        "first-use-trust-widened",
        `${where} lets ${quote(extra)} assume ${options.firstUseRoleName}, the role that may sign Marketplace agreements; only the pipeline principals (${trusted.join(", ")}) should`,
      );
  }

  if (isGitHubOidc(after) && subjectConditions(after).length === 0 && (!was || subjectConditions(was).length > 0 || !isGitHubOidc(was)))
    add("oidc-subject-missing", `${where} trusts GitHub OIDC tokens without a "sub" condition: any repository on GitHub can assume it`);
  const patterns = added((s) => subjectConditions(s).flatMap((c) => (isLikeOperator(c.operator) ? [c.value] : [])));
  const wide = patterns.filter((value) => subjectWildcard(value) === "repository");
  if (wide.length > 0)
    add("wildcard-oidc-subject", `${where} now trusts ${quote(wide)}: every repository matching the pattern, not one named repository`);
  const loose = patterns.filter((value) => subjectWildcard(value) === "context");
  if (loose.length > 0)
    add(
      "wildcard-oidc-subject",
      `${where} now trusts ${quote(loose)}: every branch, tag, environment or event of the repository matching the pattern, not the ones named`,
    );
}
