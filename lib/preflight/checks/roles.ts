import type { Finding } from "../../contracts/preflight-report";
import { errorMessage } from "../../core/errors";
import { accessOf } from "../../domain/catalog/profile-access";
import type { AssumedRole, RoleAccess } from "../aws/port";
import type { PreflightAccountTarget } from "../targets";

export interface RoleCheck {
  readonly findings: Finding[];
  /** The first-use role's session, for the model check; undefined when it could not be assumed. */
  readonly firstUse?: AssumedRole;
}

/**
 * sts:AssumeRole of the roles enable uses in the account: the first-use role and, when there is one, the runtime role
 * of the proof. Nothing else is assumed. A role the pipeline cannot assume blocks.
 */
export async function checkRoles(account: PreflightAccountTarget, roles: RoleAccess): Promise<RoleCheck> {
  const attempt = async (label: string, arn: string): Promise<{ session?: AssumedRole; findings: Finding[] }> => {
    try {
      return { session: await roles.assume(arn), findings: [] };
    } catch (err) {
      return {
        findings: [
          {
            check: "assume-role",
            severity: "blocking",
            accountName: account.name,
            accountId: account.accountId,
            actions: ["sts:AssumeRole"],
            resource: arn,
            message: `the pipeline cannot assume the ${label} ${arn} of account ${account.name} (${account.accountId}): ${errorMessage(err)}`,
            fix: "run as one of managementAccount.pipelinePrincipals (the role trusts only those), allow them sts:AssumeRole on this role, and run cdktf deploy if the role does not exist yet.",
          },
        ],
      };
    }
  };
  const [firstUse, proof] = await Promise.all([
    attempt("first-use role", account.firstUseRoleArn),
    account.proofRoleArn ? attempt("runtime role", account.proofRoleArn) : Promise.resolve({ findings: [] }),
  ]);
  return { findings: [...firstUse.findings, ...proof.findings], ...(firstUse.session && { firstUse: firstUse.session }) };
}

/**
 * ListFoundationModels (byProvider Anthropic) in each source Region, as the first-use role: a model Bedrock does not
 * list there cannot be enabled there. A call that fails is a warning: the role may predate bedrock:ListFoundationModels.
 */
export async function checkModelsOffered(account: PreflightAccountTarget, firstUse: AssumedRole): Promise<Finding[]> {
  // Messages API profiles are left out: AWS does not say whether ListFoundationModels lists bedrock-mantle's ids.
  const runtimeProfiles = account.profiles.filter((p) => accessOf(p.kind).onControlPlane);
  const regions = [...new Set(runtimeProfiles.map((p) => p.sourceRegion))];
  const base = { check: "model-offered" as const, accountName: account.name, accountId: account.accountId };
  const perRegion = await Promise.all(
    regions.map(async (region): Promise<Finding[]> => {
      let offered: ReadonlySet<string>;
      try {
        offered = new Set(await firstUse.anthropicModelIds(region));
      } catch (err) {
        return [
          {
            ...base,
            region,
            severity: "warning",
            message: `the models Bedrock offers in ${region} could not be listed as the first-use role ${account.firstUseRoleArn}: ${errorMessage(err)}`,
            fix: "run cdktf deploy: the first-use role gets bedrock:ListFoundationModels (roles deployed by earlier versions lack it).",
          },
        ];
      }
      const missing = [
        ...new Set(runtimeProfiles.filter((p) => p.sourceRegion === region && !offered.has(p.modelId)).map((p) => p.modelId)),
      ];
      return missing.map((modelId) => ({
        ...base,
        region,
        severity: "blocking",
        resource: modelId,
        message: `Bedrock does not offer ${modelId} in ${region} to account ${account.name} (${account.accountId}): ListFoundationModels does not list it`,
        fix: `remove ${region} for ${modelId} from the account in the config, or check the model id (bedrock-access catalog list).`,
      }));
    }),
  );
  return perRegion.flat();
}
