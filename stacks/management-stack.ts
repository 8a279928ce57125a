import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { ProviderRole } from "../lib/config/provider-role";
import type { AccessConfig } from "../lib/config/schema";
import { principalsTrustPolicy, useCaseSubmitterPolicy } from "../lib/domain/iam/bedrock-policies";
import { managementOutputsSchema } from "../lib/contracts/stack-outputs/schema";
import { writeOutputs } from "../lib/contracts/stack-outputs/write";
import { ownResources } from "../lib/domain/names";
import { accountProvider } from "./account-provider";
import { applyBackend } from "./backend";
import { BedrockRole } from "./constructs/bedrock-role";
import { addPlanReaderRole, providerPlanReader } from "./constructs/plan-reader";

export interface ManagementStackProps {
  /** The validated access config. */
  readonly config: AccessConfig;
  /** `plan`: the provider assumes the stack's read-only plan-reader role (BEDROCK_ACCESS_PROVIDER_ROLE). @default "deploy" */
  readonly providerRole?: ProviderRole;
}

/**
 * The Organization management account: a role that may only read and submit the Anthropic use-case
 * form, trusted only by the pipeline principals. Member accounts inherit the form submitted here.
 */
export class ManagementStack extends TerraformStack {
  readonly useCaseSubmitter: BedrockRole;
  /** Only when `managementAccount.planPrincipals` is non-empty. */
  readonly planReader?: BedrockRole;

  constructor(scope: Construct, id: string, props: ManagementStackProps) {
    super(scope, id);
    const { managementAccount, iam, useCaseForm, backend } = props.config;
    const own = ownResources(managementAccount.id, iam);
    accountProvider(this, {
      accountId: managementAccount.id,
      terraformRoleName: managementAccount.terraformRoleName,
      region: managementAccount.region,
      tags: iam.tags,
      planReader: providerPlanReader(props.providerRole, managementAccount.planPrincipals, own.planReaderRole),
    });
    applyBackend(this, id, backend);

    this.useCaseSubmitter = new BedrockRole(this, "ftu-submitter", {
      role: own.useCaseSubmitterRole,
      permissionsBoundaryArn: iam.permissionsBoundaryArn,
      description: "Submits the Anthropic first-time-use form for the Organization (bedrock:PutUseCaseForModelAccess).",
      trust: principalsTrustPolicy(managementAccount.pipelinePrincipals),
    });
    this.useCaseSubmitter.addInlinePolicy("submit-use-case-form", useCaseSubmitterPolicy());

    if (managementAccount.planPrincipals.length > 0) {
      this.planReader = addPlanReaderRole(this, own.planReaderRole, iam.permissionsBoundaryArn, managementAccount.planPrincipals, {
        roleArns: [own.planReaderRole.arn, own.useCaseSubmitterRole.arn],
      });
    }

    writeOutputs(this, managementOutputsSchema, {
      account_id: managementAccount.id,
      use_case_submitter_role_arn: this.useCaseSubmitter.arn,
      use_case_region: useCaseForm.region,
    });
  }
}
