/**
 * The requests enable and the roles it sets up make, as SCP evaluation sees them: action, resource, the caller's
 * account and the condition keys.
 *
 * Sources:
 * - Amazon Bedrock User Guide, "Geographic cross-Region inference"
 *   (https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html): invoking a
 *   geographic profile is authorized on the profile ARN in the source Region and on the foundation-model ARN of every
 *   destination Region; "Global cross-Region inference"
 *   (https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html): a global profile also
 *   on the region-less foundation-model ARN `arn:aws:bedrock:::foundation-model/ID`.
 * - AWS Machine Learning Blog, "Securing Amazon Bedrock cross-Region inference: Geographic and global"
 *   (https://aws.amazon.com/blogs/machine-learning/securing-amazon-bedrock-cross-region-inference-geographic-and-global):
 *   SCPs see `aws:RequestedRegion` = the destination Region for each destination's model ARN, and "unspecified" for
 *   the region-less one, so a Region-deny SCP must allow every destination Region, and "unspecified" for global
 *   profiles.
 * - IAM User Guide, "AWS global condition context keys"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html): aws:PrincipalArn (the
 *   role's ARN for an assumed-role session), aws:PrincipalAccount, aws:RequestedRegion (the Region the request is made
 *   to). Bedrock sets bedrock:InferenceProfileArn on the model ARNs reached through a profile (Service Authorization
 *   Reference, "Actions, resources, and condition keys for Amazon Bedrock":
 *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrock.html).
 * - The Marketplace calls Bedrock makes on the caller's behalf at first invocation carry no documented Region; they are
 *   asked with the source Region, as the sandbox's emulator does.
 * - Service Authorization Reference, "Actions, resources, and condition keys for Amazon Bedrock Powered by AWS Mantle"
 *   (https://docs.aws.amazon.com/service-authorization/latest/reference/list_bedrock-mantle.html): a Messages API call is
 *   `bedrock-mantle:CreateInference` on a `project` ARN; it is asked on the account's default project in the source
 *   Region (`…:project/default`: the project a request that names none runs in, an inference from the Bedrock User
 *   Guide's "Projects" page). `bedrock-mantle:Model` is not set: AWS does not document its value, so an SCP that tests
 *   it gets a warning, not a decision. No control-plane question is asked for these profiles (enable makes no
 *   control-plane read for them); the Marketplace ones are, and a denial is a warning: AWS does not say whether
 *   bedrock-mantle needs the agreement, which enable's first use through the first-use role would create.
 * Only these keys are set: a condition on any other key (aws:PrincipalOrgID, aws:PrincipalTag/...) sees it absent.
 */
import { mantleProjectArn, parseArn, principalAccount } from "../../domain/arn";
import { DEFAULT_MANTLE_PROJECT } from "../../domain/catalog/catalog";
import {
  AGREEMENT_ACTIONS,
  FIRST_USE_READ_ACTIONS,
  INFERENCE_PROFILE_CONDITION_KEY,
  INVOKE_ACTIONS,
  CALLED_VIA_BEDROCK,
  MARKETPLACE_ACTIONS,
  MESSAGES_API_ACTIONS,
  USE_CASE_ACTIONS,
} from "../../domain/iam/bedrock-policies";
import { optInFormRegions } from "../../domain/use-case-form";
import { accessOf } from "../../domain/catalog/profile-access";
import type { ScpRequest } from "../../domain/iam/evaluation/scp-decision";
import type { PreflightAccountTarget, PreflightProfileTarget, PreflightTargets } from "../targets";

/** Why the request is made: decides the fix a denial gets. */
type QuestionPurpose = "invoke" | "marketplace" | "control-plane" | "assume-role";

export interface ScpQuestion {
  readonly request: ScpRequest;
  readonly purpose: QuestionPurpose;
  /** "first-use role", "runtime role" or "pipeline principal", then the ARN. */
  readonly principal: { readonly label: string; readonly arn: string };
  /** The profile the request is for; none for the pipeline's AssumeRole of the account's roles. */
  readonly profile?: PreflightProfileTarget;
}

/** The value SCPs see in aws:RequestedRegion for the region-less model ARN of global profiles. */
export const UNSPECIFIED_REGION = "unspecified";

interface Principal {
  readonly label: string;
  readonly arn: string;
}

function ask(
  account: PreflightAccountTarget,
  principal: Principal,
  purpose: QuestionPurpose,
  profile: PreflightProfileTarget,
  action: string,
  resource: string,
  context: Readonly<Record<string, string>>,
): ScpQuestion {
  return {
    purpose,
    principal,
    profile,
    request: {
      action,
      resource,
      principalAccount: account.accountId,
      context: { "aws:PrincipalArn": principal.arn, "aws:PrincipalAccount": account.accountId, ...context },
    },
  };
}

/** The Region SCPs see for a foundation-model ARN: its own, or "unspecified" for the region-less one. */
function requestedRegionOf(modelArn: string): string {
  return parseArn(modelArn)?.region || UNSPECIFIED_REGION;
}

/** bedrock:InvokeModel and InvokeModelWithResponseStream on the profile and on every destination's model ARN. */
function invokeQuestions(account: PreflightAccountTarget, profile: PreflightProfileTarget, principal: Principal): ScpQuestion[] {
  if (accessOf(profile.kind).protocol === "messages-api") {
    const project = mantleProjectArn(profile.sourceRegion, account.accountId, DEFAULT_MANTLE_PROJECT);
    return MESSAGES_API_ACTIONS.map((action) =>
      ask(account, principal, "invoke", profile, action, project, { "aws:RequestedRegion": profile.sourceRegion }),
    );
  }
  const profileArn = profile.inferenceProfileArn;
  return INVOKE_ACTIONS.flatMap((action) => [
    ...(profileArn
      ? [ask(account, principal, "invoke", profile, action, profileArn, { "aws:RequestedRegion": profile.sourceRegion })]
      : []),
    ...profile.foundationModelArns.map((modelArn) =>
      ask(account, principal, "invoke", profile, action, modelArn, {
        "aws:RequestedRegion": requestedRegionOf(modelArn),
        ...(profileArn && { [INFERENCE_PROFILE_CONDITION_KEY]: profileArn }),
      }),
    ),
  ]);
}

/** What only the first-use role does, in the source Region: Marketplace at first invocation, and the reads of enable. */
function firstUseQuestions(account: PreflightAccountTarget, profile: PreflightProfileTarget, principal: Principal): ScpQuestion[] {
  const inRegion = { "aws:RequestedRegion": profile.sourceRegion };
  // Bedrock makes the Marketplace calls through the caller's forward access session (CALLED_VIA_BEDROCK's source).
  const viaBedrock = { ...inRegion, ...CALLED_VIA_BEDROCK };
  const marketplace = MARKETPLACE_ACTIONS.map((action) => ask(account, principal, "marketplace", profile, action, "*", viaBedrock));
  if (!accessOf(profile.kind).onControlPlane) return marketplace;
  const profileArn = profile.inferenceProfileArn;
  return [
    ...marketplace,
    ...[...FIRST_USE_READ_ACTIONS, ...AGREEMENT_ACTIONS].map((action) =>
      ask(account, principal, "control-plane", profile, action, "*", inRegion),
    ),
    ...(profileArn ? [ask(account, principal, "control-plane", profile, "bedrock:GetInferenceProfile", profileArn, inRegion)] : []),
    // In an opt-in Region the first-use role submits the account's own use-case form before the first use there.
    ...(optInFormRegions([profile]).length > 0
      ? USE_CASE_ACTIONS.map((action) => ask(account, principal, "control-plane", profile, action, "*", inRegion))
      : []),
  ];
}

/** Every request of one profile: the first-use role's, and the proof role's invocations. */
export function profileQuestions(account: PreflightAccountTarget, profile: PreflightProfileTarget): ScpQuestion[] {
  const firstUse = { label: "first-use role", arn: account.firstUseRoleArn };
  const proof = account.proofRoleArn ? [{ label: "runtime role", arn: account.proofRoleArn }] : [];
  return [
    ...invokeQuestions(account, profile, firstUse),
    ...firstUseQuestions(account, profile, firstUse),
    ...proof.flatMap((role) => invokeQuestions(account, profile, role)),
  ];
}

/**
 * sts:AssumeRole of the account's roles by each pipeline principal, evaluated against the SCPs of the principal's own
 * account (SCPs restrict the principals of the accounts they apply to: AWS Organizations User Guide, "Service control
 * policies", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html). Principals in
 * the management account are left out: SCPs do not affect it.
 */
export function assumeRoleQuestions(targets: PreflightTargets, account: PreflightAccountTarget): ScpQuestion[] {
  const roles = [account.firstUseRoleArn, ...(account.proofRoleArn ? [account.proofRoleArn] : [])];
  return targets.pipelinePrincipals.flatMap((principal) => {
    const owner = principalAccount(principal);
    if (!owner || owner === targets.managementAccountId || !principal.startsWith("arn:")) return [];
    return roles.map((role): ScpQuestion => ({
      purpose: "assume-role",
      principal: { label: "pipeline principal", arn: principal },
      request: {
        action: "sts:AssumeRole",
        resource: role,
        principalAccount: owner,
        context: { "aws:PrincipalArn": principal, "aws:PrincipalAccount": owner, "aws:RequestedRegion": targets.stsRegion },
      },
    }));
  });
}
