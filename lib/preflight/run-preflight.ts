import pLimit from "p-limit";
import type { Finding, OptInFormState, PreflightCheck, PreflightResult } from "../contracts/preflight-report";
import { errorMessage } from "../core/errors";
import type { Logger } from "../core/logger";
import { PreflightCallError, type PreflightAws, type RoleAccess } from "./aws/port";
import { checkOptInRegions } from "./checks/opt-in";
import { checkModelsOffered, checkRoles } from "./checks/roles";
import { checkScps } from "./checks/scp";
import { checkOptInForms } from "./checks/use-case-forms";
import { profileRow, summarize } from "./outcomes";
import { ScpChains } from "./scp/chains";
import type { PreflightAccountTarget, PreflightTargets } from "./targets";

export interface PreflightDeps {
  /** Organizations and Account Management, with the pipeline's own credentials. */
  readonly aws: PreflightAws;
  /**
   * Bedrock as the roles the pipeline assumes, for the assume-role and model-offered checks. Left out by enable, which
   * makes those calls itself, account by account: a role it cannot assume or a model Bedrock does not offer fails that
   * account or profile, and the others finish. @default - those two checks are skipped
   */
  readonly roles?: RoleAccess;
  readonly log: Logger;
  /** Accounts checked at once. */
  readonly concurrency: number;
}

type ScpState = PreflightResult["scps"];

/** Whether SCPs apply at all: the root has the SCP policy type enabled. Outside an Organization none do. */
async function scpState(chains: ScpChains, targets: PreflightTargets): Promise<{ state: ScpState; findings: Finding[] }> {
  try {
    return { state: (await chains.root()).scpsEnabled ? "enabled" : "not-enabled", findings: [] };
  } catch (err) {
    // The caller's account belongs to no Organization: that says nothing of the runtime accounts' SCPs (a wrong profile).
    const outside = err instanceof PreflightCallError && err.code === "AWSOrganizationsNotInUseException";
    return {
      state: "unknown",
      findings: [
        {
          check: "scp",
          severity: "warning",
          accountName: "management",
          accountId: targets.managementAccountId,
          message: outside
            ? "the caller's account belongs to no AWS Organization, so the runtime accounts' SCPs could not be read and none was checked"
            : `the Organization's root could not be read, so no SCP was checked: ${errorMessage(err)}`,
          fix: "run as a principal of the management account (or a delegated administrator) allowed organizations:ListRoots, ListParents, ListPoliciesForTarget and DescribePolicy (docs/preflight.md).",
        },
      ],
    };
  }
}

async function checkAccount(
  targets: PreflightTargets,
  account: PreflightAccountTarget,
  deps: PreflightDeps,
  chains: ScpChains,
  scps: ScpState,
): Promise<{ findings: Finding[]; skipped: Set<PreflightCheck>; forms: OptInFormState[] }> {
  const skipped = new Set<PreflightCheck>();
  if (scps === "unknown") skipped.add("scp");
  const [scpFindings, optIn, roles] = await Promise.all([
    scps === "enabled" ? checkScps(targets, account, chains) : Promise.resolve([]),
    checkOptInRegions(account, deps.aws, targets.managementAccountId),
    deps.roles ? checkRoles(account, deps.roles) : Promise.resolve(undefined),
  ]);
  if (!roles) skipped.add("assume-role");
  let offered: Finding[] = [];
  let forms: { forms: OptInFormState[]; findings: Finding[] } = { forms: [], findings: [] };
  if (roles?.firstUse)
    [offered, forms] = await Promise.all([checkModelsOffered(account, roles.firstUse), checkOptInForms(account, roles.firstUse)]);
  else skipped.add("model-offered");
  return { findings: [...scpFindings, ...optIn, ...(roles?.findings ?? []), ...offered, ...forms.findings], skipped, forms: forms.forms };
}

/**
 * Checks, per account × region × profile and before enable changes anything, what would make it fail: the SCPs in
 * effect, opt-in Regions, whether Bedrock offers the model, and whether the pipeline can assume the roles. Only reads.
 */
export async function runPreflight(targets: PreflightTargets, deps: PreflightDeps): Promise<PreflightResult> {
  const chains = new ScpChains(deps.aws, targets.managementAccountId);
  const scps = await scpState(chains, targets);
  deps.log.debug(`preflight: SCPs ${scps.state}`);
  const limit = pLimit(deps.concurrency);
  const perAccount = await Promise.all(
    targets.accounts.map((account) => limit(() => checkAccount(targets, account, deps, chains, scps.state))),
  );
  const findings = [...scps.findings, ...perAccount.flatMap((a) => a.findings)];
  const profiles = targets.accounts.flatMap((account, i) =>
    account.profiles.map((profile) => profileRow(account, profile, findings, perAccount[i]?.skipped ?? new Set())),
  );
  const useCaseForms = perAccount.flatMap((a) => a.forms);
  return { scps: scps.state, profiles, findings, ...(useCaseForms.length > 0 && { useCaseForms }), summary: summarize(profiles, findings) };
}
