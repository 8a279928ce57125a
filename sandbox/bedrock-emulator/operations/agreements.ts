import { findModel, servedIn as offeredIn, type ModelEntry } from "../catalog";
import type { EmulatorDeps } from "../deps";
import { createAgreementExplicitly, refuseNewLegacyUse, requireUseCaseForm, useCaseFormFor } from "../gates";
import { conflict, invalidModelIdentifier, notFound, validation } from "../protocol/errors";
import { parseJsonObject } from "../protocol/http";
import { agreementStatus } from "../state/store";
import { requiredString } from "./input";
import { offerTerms, offerTokenModel, publicOffer } from "./offers";
import type { OperationHandler } from "./types";

function baseModel(modelId: string): ModelEntry {
  const model = findModel(modelId);
  if (!model) throw invalidModelIdentifier();
  return model;
}

function servedIn(deps: EmulatorDeps, model: ModelEntry, region: string): boolean {
  return offeredIn(model, region, deps.now()) && !deps.faults.isUnavailable(model.modelId, region);
}

/**
 * GetFoundationModelAvailability. authorizationStatus reflects the use-case form (own or inherited),
 * entitlementAvailability the agreement being AVAILABLE, regionAvailability the catalog and faults.
 */
export const getFoundationModelAvailability: OperationHandler = async (req, deps) => {
  await req.access.require({ action: "bedrock:GetFoundationModelAvailability", resource: "*" });
  const model = baseModel(req.params.modelId);
  const agreement = deps.state.agreement(req.caller.account, model.productId);
  const status = agreement ? agreementStatus(agreement, deps.now()) : "NOT_AVAILABLE";
  const form = model.requiresUseCaseForm ? await useCaseFormFor(deps, req.caller.account, req.region) : true;
  return {
    status: 200,
    json: {
      modelId: model.modelId,
      agreementAvailability: { status },
      authorizationStatus: form ? "AUTHORIZED" : "NOT_AUTHORIZED",
      entitlementAvailability: status === "AVAILABLE" ? "AVAILABLE" : "NOT_AVAILABLE",
      regionAvailability: servedIn(deps, model, req.region) ? "AVAILABLE" : "NOT_AVAILABLE",
    },
  };
};

export const listFoundationModelAgreementOffers: OperationHandler = async (req) => {
  await req.access.require({ action: "bedrock:ListFoundationModelAgreementOffers", resource: "*" });
  const offerType = req.query.get("offerType");
  if (offerType !== null && offerType !== "ALL" && offerType !== "PUBLIC") {
    throw validation(
      `1 validation error detected: Value '${offerType}' at 'offerType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, PUBLIC]`,
    );
  }
  const model = baseModel(req.params.modelId);
  const offer = publicOffer(model);
  return { status: 200, json: { modelId: model.modelId, offers: [{ ...offer, termDetails: offerTerms(model) }] } };
};

/**
 * CreateFoundationModelAgreement. Needs the use-case form and the Marketplace actions like a first
 * invocation; an agreement that already exists (PENDING or AVAILABLE) is a ConflictException.
 */
export const createFoundationModelAgreement: OperationHandler = async (req, deps) => {
  await req.access.require({ action: "bedrock:CreateFoundationModelAgreement", resource: "*" });
  const body = parseJsonObject(req.body);
  const model = baseModel(requiredString(body, "modelId"));
  if (offerTokenModel(requiredString(body, "offerToken")) !== model.modelId) {
    throw validation(`The provided offer token is not valid for model ${model.modelId}.`);
  }
  await requireUseCaseForm(deps, req.caller.account, model, req.region);
  refuseNewLegacyUse(deps, req.caller.account, model, req.region);
  if (deps.state.agreement(req.caller.account, model.productId)) {
    throw conflict(`An agreement for model ${model.modelId} already exists in account ${req.caller.account}.`);
  }
  await createAgreementExplicitly(deps, req.access, model, req.region);
  return { status: 202, json: { modelId: model.modelId } };
};

export const deleteFoundationModelAgreement: OperationHandler = async (req, deps) => {
  await req.access.require({ action: "bedrock:DeleteFoundationModelAgreement", resource: "*" });
  const model = baseModel(requiredString(parseJsonObject(req.body), "modelId"));
  if (!deps.state.deleteAgreement(req.caller.account, model.productId)) {
    throw notFound(`No agreement for model ${model.modelId} exists in account ${req.caller.account}.`);
  }
  return { status: 202, json: {} };
};
