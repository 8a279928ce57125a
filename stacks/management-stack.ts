import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { ProviderRole } from "../lib/config/provider-role";
import type { AccessConfig } from "../lib/config/schema";
import { iamRoleArn } from "../lib/domain/arn";
import { principalsTrustPolicy, useCaseSubmitterPolicy } from "../lib/domain/iam/bedrock-policies";
import { managementOutputsSchema } from "../lib/contracts/stack-outputs/schema";
import { writeOutputs } from "../lib/contracts/stack-outputs/write";
import { RESOURCE_NAMES } from "../lib/domain/names";
import { accountProvider } from "./account-provider";
import { applyBackend } from "./backend";
import { BedrockRole, type RoleSettings } from "./constructs/bedrock-role";
import { addPlanReaderRole, planReaderLocation, providerPlanReader } from "./constructs/plan-reader";

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
    const settings: RoleSettings = { namePrefix: iam.namePrefix, path: iam.rolePath, permissionsBoundaryArn: iam.permissionsBoundaryArn };
    const reader = planReaderLocation(managementAccount.id, settings);
    accountProvider(this, {
      accountId: managementAccount.id,
      terraformRoleName: managementAccount.terraformRoleName,
      region: managementAccount.region,
      tags: iam.tags,
      planReader: providerPlanReader(props.providerRole, managementAccount.planPrincipals, reader),
    });
    applyBackend(this, id, backend);

    this.useCaseSubmitter = new BedrockRole(this, "ftu-submitter", {
      settings,
      name: RESOURCE_NAMES.useCaseSubmitterRole,
      description: "Submits the Anthropic first-time-use form for the Organization (bedrock:PutUseCaseForModelAccess).",
      trust: principalsTrustPolicy(managementAccount.pipelinePrincipals),
    });
    this.useCaseSubmitter.addInlinePolicy("submit-use-case-form", useCaseSubmitterPolicy());

    if (managementAccount.planPrincipals.length > 0) {
      this.planReader = addPlanReaderRole(this, settings, managementAccount.planPrincipals, {
        roleArns: [reader.arn, iamRoleArn(managementAccount.id, `${iam.namePrefix}${RESOURCE_NAMES.useCaseSubmitterRole}`, iam.rolePath)],
      });
    }

    writeOutputs(this, managementOutputsSchema, {
      account_id: managementAccount.id,
      use_case_submitter_role_arn: this.useCaseSubmitter.arn,
      use_case_region: useCaseForm.region,
    });
  }
}
