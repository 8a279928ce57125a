import type { Finding, OptInFormState } from "../../contracts/preflight-report";
import { errorMessage } from "../../core/errors";
import { optInFormRegions } from "../../domain/use-case-form";
import type { AssumedRole } from "../aws/port";
import type { PreflightAccountTarget } from "../targets";

/**
 * The account's own use-case form in each opt-in Region it calls bedrock-runtime from, read as its first-use role
 * (GetUseCaseForModelAccess there): a missing form is no finding, enable submits it; a form that cannot be read is a
 * warning, as enable would then fail to submit it too.
 */
export async function checkOptInForms(
  account: PreflightAccountTarget,
  firstUse: AssumedRole,
): Promise<{ forms: OptInFormState[]; findings: Finding[] }> {
  const regions = optInFormRegions(account.profiles);
  const read = await Promise.all(
    regions.map(async (region): Promise<{ form: OptInFormState; finding?: Finding }> => {
      const base = { accountName: account.name, accountId: account.accountId, region };
      try {
        return { form: { ...base, state: (await firstUse.useCaseFormSubmitted(region)) ? "submitted" : "not-submitted" } };
      } catch (err) {
        return {
          form: { ...base, state: "unreadable" },
          finding: {
            ...base,
            check: "opt-in-region",
            severity: "warning",
            actions: ["bedrock:GetUseCaseForModelAccess"],
            message: `the use-case form of account ${account.name} (${account.accountId}) in opt-in Region ${region} could not be read as the first-use role ${account.firstUseRoleArn}: ${errorMessage(err)}`,
            fix: "run cdktf deploy: the first-use role may read and submit the form in the account's opt-in Regions (roles deployed by earlier versions may not).",
          },
        };
      }
    }),
  );
  return { forms: read.map((r) => r.form), findings: read.flatMap((r) => (r.finding ? [r.finding] : [])) };
}
