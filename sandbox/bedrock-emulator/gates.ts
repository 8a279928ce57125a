import { lifecycleIn, type ModelEntry } from "./catalog";
import { formScope, isOptInRegion } from "./regions";
import type { EmulatorDeps } from "./deps";
import type { CallerAccess } from "./iam/caller-access";
import type { Decision } from "./iam/evaluate";
import { notAuthorizedMessage } from "./iam/messages";
import { accessDenied, notFound } from "./protocol/errors";
import { agreementStatus, type AgreementOrigin, type AgreementService, type UseCaseForm } from "./state/store";

/** AWS's FTUFormNotFilled error text (HTTP 404), with the code appended so callers can match it. */
const FTU_FORM_NOT_FILLED =
  "Model use case details have not been submitted for this account. Fill out the Anthropic use case details form " +
  "before using the model. If you have already filled out the form, try again in 15 minutes. (FTUFormNotFilled)";

/** AWS's text when the first invocation cannot create the Marketplace agreement. */
const MARKETPLACE_ACCESS_DENIED =
  "Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace " +
  "actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model. Refer to the " +
  "Amazon Bedrock documentation for further details. Your AWS Marketplace subscription for this model cannot be " +
  "completed at this time. If you recently fixed this issue, try again after 15 minutes.";

/** AWS's MPAgreementBeingCreated error (HTTP 403). */
const AGREEMENT_BEING_CREATED =
  "Your account is not authorized to access this model. Your AWS Marketplace subscription for this model is still " +
  "being processed. Try again later. (MPAgreementBeingCreated)";

/**
 * What the Marketplace gate needs of a model: the product it is sold as (the agreement's key, and the
 * aws-marketplace:ProductId of Subscribe) and the id it was called by (for the record).
 */
export type MarketplaceProduct = Pick<ModelEntry, "modelId" | "productId">;

export interface FormInEffect {
  readonly form: UseCaseForm;
  /** Set when the form is the Organization management account's. */
  readonly inheritedFrom?: string;
}

/**
 * The form in effect for an account in a Region: in a default Region, its own (submitted in any default Region), else its
 * Organization management account's (member accounts inherit it); in an opt-in Region, only its own form submitted there
 * (regions.ts says why).
 */
export async function useCaseFormFor(deps: EmulatorDeps, account: string, region: string): Promise<FormInEffect | undefined> {
  const scope = formScope(region);
  const own = deps.state.form(account, scope);
  if (own) return { form: own };
  if (isOptInRegion(region)) return undefined;
  const management = await deps.directory.managementAccountOf(account);
  const inherited = management && management !== account ? deps.state.form(management, scope) : undefined;
  return inherited && management ? { form: inherited, inheritedFrom: management } : undefined;
}

export async function requireUseCaseForm(deps: EmulatorDeps, account: string, model: ModelEntry, region: string): Promise<void> {
  if (model.requiresUseCaseForm && !(await useCaseFormFor(deps, account, region))) throw notFound(FTU_FORM_NOT_FILLED);
}

/**
 * What a Legacy model's first use answers in an account that has no agreement for it. AWS's Model lifecycle page: "New
 * customers can't use Legacy models"; it names no error. The text and the 404 (ResourceNotFoundException) are what callers
 * have reported seeing (public issue threads, 2026); the "30 days" is theirs, where the page says 15.
 */
const LEGACY_NOT_IN_USE =
  "Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 30 days. " +
  "Please upgrade to an active model on Amazon Bedrock";

/** A Legacy model (in the caller's Region) takes no new agreement: only accounts that already use it may go on. */
export function refuseNewLegacyUse(deps: EmulatorDeps, account: string, model: ModelEntry, region: string): void {
  if (lifecycleIn(model, region, deps.now()) === "LEGACY" && !deps.state.agreement(account, model.productId)) {
    throw notFound(LEGACY_NOT_IN_USE);
  }
}

/**
 * Bedrock's calls on the caller's behalf (forward access): AWS's managed policies AmazonBedrockFullAccess v11 and
 * AmazonBedrockLimitedAccess v9 allow the Marketplace actions only with aws:CalledViaLast = bedrock.amazonaws.com,
 * "called through the Amazon Bedrock service" (Bedrock User Guide, AWS managed policies, 2026-08-04).
 */
const VIA_BEDROCK = {
  // aws:CalledVia is multivalued (every service in the chain); First and Last are single values.
  "aws:CalledVia": ["bedrock.amazonaws.com"],
  "aws:CalledViaFirst": "bedrock.amazonaws.com",
  "aws:CalledViaLast": "bedrock.amazonaws.com",
};

/** Bedrock creates the agreement as the caller, so the caller needs both Marketplace actions. */
async function marketplaceDenial(
  access: CallerAccess,
  model: MarketplaceProduct,
): Promise<{ action: string; decision: Decision } | undefined> {
  const checks = [
    { action: "aws-marketplace:ViewSubscriptions", resource: "*", context: VIA_BEDROCK },
    { action: "aws-marketplace:Subscribe", resource: "*", context: { ...VIA_BEDROCK, "aws-marketplace:ProductId": [model.productId] } },
  ];
  for (const check of checks) {
    const decision = await access.decide(check);
    if (!decision.allowed) return { action: check.action, decision };
  }
  return undefined;
}

async function requireMarketplace(access: CallerAccess, model: MarketplaceProduct): Promise<void> {
  const denial = await marketplaceDenial(access, model);
  if (!denial || denial.decision.allowed) return;
  const { reason, policyArn } = denial.decision;
  const scp = reason === "explicit-scp" || reason === "implicit-scp";
  throw accessDenied(
    scp
      ? `${MARKETPLACE_ACCESS_DENIED} ${notAuthorizedMessage(access.caller.arn, denial.action, "*", reason, policyArn)}`
      : MARKETPLACE_ACCESS_DENIED,
  );
}

function createAgreement(
  deps: EmulatorDeps,
  access: CallerAccess,
  model: MarketplaceProduct,
  region: string,
  via: AgreementOrigin,
  service: AgreementService,
): void {
  const account = access.caller.account;
  // Re-checked after the awaits above: concurrent first calls create one agreement.
  if (deps.state.agreement(account, model.productId)) return;
  const now = deps.now();
  deps.state.putAgreement({
    account,
    productId: model.productId,
    modelId: model.modelId,
    createdBy: access.caller.arn,
    createdVia: via,
    service,
    region,
    createdAt: now,
    availableAt: now + deps.faults.config.agreementPendingMs,
  });
  deps.logger.info(
    `agreement for ${model.modelId} (${model.productId}) in ${account} created by ${access.caller.arn} (${via} on ${service})`,
  );
}

/**
 * The Marketplace gate of an invocation, on bedrock-runtime or (in "first-call" mode) bedrock-mantle: one agreement
 * per account and product. Without one, the call creates it if the caller may subscribe (and itself succeeds), else
 * fails. While PENDING, other calls succeed unless the `rejectWhilePending` fault is on.
 */
export async function admitInvocation(
  deps: EmulatorDeps,
  access: CallerAccess,
  model: MarketplaceProduct,
  region: string,
  service: Exclude<AgreementService, "bedrock"> = "bedrock-runtime",
): Promise<void> {
  const existing = deps.state.agreement(access.caller.account, model.productId);
  if (existing) {
    if (deps.faults.config.rejectWhilePending && agreementStatus(existing, deps.now()) === "PENDING")
      throw accessDenied(AGREEMENT_BEING_CREATED);
    return;
  }
  await requireMarketplace(access, model);
  createAgreement(deps, access, model, region, "invocation", service);
}

/** CreateFoundationModelAgreement's Marketplace requirement and effect. */
export async function createAgreementExplicitly(
  deps: EmulatorDeps,
  access: CallerAccess,
  model: ModelEntry,
  region: string,
): Promise<void> {
  await requireMarketplace(access, model);
  createAgreement(deps, access, model, region, "CreateFoundationModelAgreement", "bedrock");
}
