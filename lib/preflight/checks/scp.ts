import type { Finding } from "../../contracts/preflight-report";
import { errorMessage } from "../../core/errors";
import type { ScpChain } from "../../domain/iam/evaluation/scp-decision";
import type { ScpChains } from "../scp/chains";
import { classifyQuestions, scpFindings, undecidedFindings } from "../scp/findings";
import { assumeRoleQuestions, profileQuestions } from "../scp/questions";
import type { PreflightAccountTarget, PreflightTargets } from "../targets";

/**
 * The SCP check of one account: the chains of the account and of the pipeline principals' accounts, every request of
 * every profile evaluated against them. An Organization whose root does not have SCPs enabled has none in effect;
 * SCPs that cannot be read or parsed give a warning naming what failed, not a verdict.
 */
export async function checkScps(targets: PreflightTargets, account: PreflightAccountTarget, chains: ScpChains): Promise<Finding[]> {
  const questions = [
    ...account.profiles.flatMap((profile) => profileQuestions(account, profile)),
    ...assumeRoleQuestions(targets, account),
  ];
  const accounts = [...new Set(questions.map((q) => q.request.principalAccount))];
  let read: Map<string, ScpChain>;
  try {
    read = new Map(await Promise.all(accounts.map(async (id) => [id, await chains.chainOf(id)] as const)));
  } catch (err) {
    return [
      {
        check: "scp",
        severity: "warning",
        accountName: account.name,
        accountId: account.accountId,
        message: `the SCPs in effect on account ${account.name} (${account.accountId}) could not be read or evaluated, so they were not checked: ${errorMessage(err)}`,
        fix: "run as a principal of the management account (or a delegated administrator) allowed organizations:ListParents, organizations:ListPoliciesForTarget and organizations:DescribePolicy (docs/preflight.md).",
      },
    ];
  }
  const chainFor = (id: string): ScpChain => {
    const chain = read.get(id);
    if (!chain) throw new Error(`no SCP chain read for account ${id}`);
    return chain;
  };
  const { denials, undecided } = classifyQuestions(questions, chainFor);
  return [...scpFindings(denials, account, chainFor), ...undecidedFindings(undecided, account)];
}
