import { optInFormRegions } from "../lib/domain/use-case-form";
import { DataAwsIamRole } from "@cdktf/provider-aws/lib/data-aws-iam-role";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { accountModels, resolveAccountProfiles } from "../lib/config/account-profiles";
import type { ResolvedProfile } from "../lib/domain/catalog/catalog";
import { externalIdsOf } from "../lib/config/principal-checks";
import type { ProviderRole } from "../lib/config/provider-role";
import type { AccessConfig, RuntimeAccount } from "../lib/config/schema";
import { iamRoleArn, oidcProviderArn } from "../lib/domain/arn";
import {
  firstUsePolicy,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  githubOidcTrustPolicy,
  invokePolicies,
  principalsTrustPolicy,
} from "../lib/domain/iam/bedrock-policies";
import { modelProfileOutput, runtimeOutputsSchema, type RuntimeRoleOutput } from "../lib/contracts/stack-outputs/schema";
import { writeOutputs } from "../lib/contracts/stack-outputs/write";
import { ownResources } from "../lib/domain/names";
import { accountProvider } from "./account-provider";
import { applyBackend } from "./backend";
import { BedrockRole } from "./constructs/bedrock-role";
import { addPlanReaderRole, providerPlanReader } from "./constructs/plan-reader";

export interface RuntimeAccountStackProps {
  /** The validated access config (models, IAM settings, pipeline principals, backend). */
  readonly config: AccessConfig;
  /** The account's entry from the config. */
  readonly account: RuntimeAccount;
  /** `plan`: the provider assumes the stack's read-only plan-reader role (BEDROCK_ACCESS_PROVIDER_ROLE). @default "deploy" */
  readonly providerRole?: ProviderRole;
}

/** The longest a first-use session may last: it holds Marketplace permissions. */
const FIRST_USE_MAX_SESSION_SECONDS = 3600;

/**
 * One runtime account: the least-privilege invoke policy, the roles CI uses (plain, GitHub OIDC,
 * existing RunsOn roles), and the first-use role that alone holds the Marketplace permissions.
 */
export class RuntimeAccountStack extends TerraformStack {
  readonly profiles: readonly ResolvedProfile[];
  /** The invoke policy: one managed policy, or a few when IAM's size limit needs them (all attached together). */
  readonly invokePolicies: readonly IamPolicy[];
  readonly firstUseRole: BedrockRole;
  readonly runtimeRoles: RuntimeRoleOutput[] = [];
  /** Only when `managementAccount.planPrincipals` is non-empty. */
  readonly planReader?: BedrockRole;

  constructor(scope: Construct, id: string, props: RuntimeAccountStackProps) {
    super(scope, id);
    const { config, account } = props;
    const { iam } = config;
    const pipeline = config.managementAccount.pipelinePrincipals;
    const boundary = iam.permissionsBoundaryArn;
    const planPrincipals = config.managementAccount.planPrincipals;
    const own = ownResources(account.id, iam);

    accountProvider(this, {
      accountId: account.id,
      terraformRoleName: account.terraformRoleName,
      region: account.regions[0],
      tags: iam.tags,
      planReader: providerPlanReader(props.providerRole, planPrincipals, own.planReaderRole),
    });
    applyBackend(this, id, config.backend);

    this.profiles = resolveAccountProfiles(config, account);
    this.invokePolicies = invokePolicies(this.profiles).map((document, i) => {
      const { name, path } = own.invokePolicy(i);
      return new IamPolicy(this, i === 0 ? "invoke-policy" : `invoke-policy-${i + 1}`, {
        name,
        path,
        description: "Invoke the configured Claude models through the configured inference profiles only.",
        policy: document.render(),
      });
    });

    this.firstUseRole = new BedrockRole(this, "first-use", {
      role: own.firstUseRole,
      permissionsBoundaryArn: boundary,
      description: "First invocation of each model: lets Bedrock create the AWS Marketplace agreement.",
      trust: principalsTrustPolicy(pipeline),
      maxSessionDuration: FIRST_USE_MAX_SESSION_SECONDS,
    });
    this.firstUseRole.attachAll("invoke", this.invokePolicies);
    const productIds = accountModels(config, account).flatMap((m) => (m.marketplaceProductId ? [m.marketplaceProductId] : []));
    this.firstUseRole.addInlinePolicy(
      "first-use-marketplace",
      firstUsePolicy(this.profiles, {
        marketplace: account.firstUseMarketplaceAccess,
        productIds,
        useCaseFormRegions: optInFormRegions(this.profiles),
      }),
    );

    if (account.trustedPrincipals.length > 0) {
      const role = new BedrockRole(this, "runtime", {
        role: own.runtimeRole,
        permissionsBoundaryArn: boundary,
        description: "Invokes the configured Claude models (no Marketplace permissions).",
        trust: principalsTrustPolicy(account.trustedPrincipals, externalIdsOf(config.externalPrincipals)),
        maxSessionDuration: iam.maxSessionDurationSeconds,
      });
      role.attachAll("invoke", this.invokePolicies);
      const pipelineAssumable = account.trustedPrincipals.some((p) => pipeline.includes(p));
      this.runtimeRoles.push({ arn: role.arn, kind: "plain", pipeline_assumable: pipelineAssumable });
    }

    if (account.githubOidc) {
      const oidc = account.githubOidc;
      // The provider's ARN is built from its parts, not read from the resource: the trust policy is then known
      // at plan time, so the plan review can read it (a computed ARN would make it "known after apply").
      const provider = oidc.providerArn
        ? undefined
        : new IamOpenidConnectProvider(this, "github-oidc-provider", {
            url: `https://${GITHUB_OIDC_HOST}`,
            clientIdList: [GITHUB_OIDC_AUDIENCE],
          });
      const role = new BedrockRole(this, "github-oidc", {
        role: own.githubOidcRole(oidc.roleName),
        permissionsBoundaryArn: boundary,
        description: "GitHub Actions (OIDC) jobs of the configured repositories invoke the configured Claude models.",
        trust: githubOidcTrustPolicy(oidc.providerArn ?? oidcProviderArn(account.id, GITHUB_OIDC_HOST), oidc.repositories),
        maxSessionDuration: oidc.maxSessionDurationSeconds,
        ...(provider && { dependsOn: [provider] }),
      });
      role.attachAll("invoke", this.invokePolicies);
      this.runtimeRoles.push({ arn: role.arn, kind: "github-oidc", pipeline_assumable: false });
    }

    account.runsOnRoleNames.forEach((roleName, index) => {
      const existing = new DataAwsIamRole(this, `runs-on-role-${index}`, { name: roleName });
      this.invokePolicies.forEach((policy, i) => {
        const id = i === 0 ? `runs-on-invoke-${index}` : `runs-on-invoke-${index}-${i + 1}`;
        new IamRolePolicyAttachment(this, id, { role: existing.name, policyArn: policy.arn });
      });
      this.runtimeRoles.push({ arn: existing.arn, kind: "runs-on", pipeline_assumable: false });
    });

    if (planPrincipals.length > 0) {
      this.planReader = addPlanReaderRole(this, own.planReaderRole, boundary, planPrincipals, {
        roleArns: [
          own.planReaderRole.arn,
          own.firstUseRole.arn,
          ...(account.trustedPrincipals.length > 0 ? [own.runtimeRole.arn] : []),
          ...(account.githubOidc ? [own.githubOidcRole(account.githubOidc.roleName).arn] : []),
          // RunsOn's roles exist already, at a path we do not know: `role/NAME` or `role/PATH/NAME`.
          ...account.runsOnRoleNames.flatMap((name) => [iamRoleArn(account.id, name), iamRoleArn(account.id, name, "/*/")]),
        ],
        policyArns: this.invokePolicies.map((_, i) => own.invokePolicy(i).arn),
        oidcProviderArns: account.githubOidc && !account.githubOidc.providerArn ? [oidcProviderArn(account.id, GITHUB_OIDC_HOST)] : [],
      });
    }

    writeOutputs(this, runtimeOutputsSchema, {
      account_id: account.id,
      regions: account.regions,
      first_use_role_arn: this.firstUseRole.arn,
      invoke_policy_arn: this.invokePolicies[0].arn,
      runtime_roles: this.runtimeRoles,
      model_profiles: this.profiles.map(modelProfileOutput),
    });
  }
}
