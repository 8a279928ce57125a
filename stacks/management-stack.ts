import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { AccessConfig } from "../lib/config/schema";
import { principalsTrustPolicy, useCaseSubmitterPolicy } from "../lib/domain/iam/bedrock-policies";
import { managementOutputsSchema } from "../lib/contracts/stack-outputs/schema";
import { writeOutputs } from "../lib/contracts/stack-outputs/write";
import { RESOURCE_NAMES } from "../lib/domain/names";
import { accountProvider } from "./account-provider";
import { applyBackend } from "./backend";
import { BedrockRole } from "./constructs/bedrock-role";

export interface ManagementStackProps {
  /** The validated access config. */
  readonly config: AccessConfig;
}

/**
 * The Organization management account: a role that may only read and submit the Anthropic use-case
 * form, trusted only by the pipeline principals. Member accounts inherit the form submitted here.
 */
export class ManagementStack extends TerraformStack {
  readonly useCaseSubmitter: BedrockRole;

  constructor(scope: Construct, id: string, props: ManagementStackProps) {
    super(scope, id);
    const { managementAccount, iam, useCaseForm, backend } = props.config;
    accountProvider(this, {
      accountId: managementAccount.id,
      terraformRoleName: managementAccount.terraformRoleName,
      region: managementAccount.region,
      tags: iam.tags,
    });
    applyBackend(this, id, backend);

    this.useCaseSubmitter = new BedrockRole(this, "ftu-submitter", {
      settings: { namePrefix: iam.namePrefix, path: iam.rolePath, permissionsBoundaryArn: iam.permissionsBoundaryArn },
      name: RESOURCE_NAMES.useCaseSubmitterRole,
      description: "Submits the Anthropic first-time-use form for the Organization (bedrock:PutUseCaseForModelAccess).",
      trust: principalsTrustPolicy(managementAccount.pipelinePrincipals),
    });
    this.useCaseSubmitter.addInlinePolicy("submit-use-case-form", useCaseSubmitterPolicy());

    writeOutputs(this, managementOutputsSchema, {
      account_id: managementAccount.id,
      use_case_submitter_role_arn: this.useCaseSubmitter.arn,
      use_case_region: useCaseForm.region,
    });
  }
}
