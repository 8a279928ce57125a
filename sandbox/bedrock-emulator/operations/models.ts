import { foundationModelArn, inferenceProfileArn, parseFoundationModelArn } from "../arn";
import { findModel, MODELS, modelLifecycleJson, servedIn, type ModelEntry } from "../catalog";
import type { EmulatorDeps } from "../deps";
import { resolveProfile, targetContext } from "../model-target";
import { invalidModelIdentifier, notFound, validation } from "../protocol/errors";
import { PROFILE_CREATED_AT, profilesFrom, type SystemProfile } from "../profiles";
import type { OperationHandler } from "./types";

function modelSummary(model: ModelEntry, region: string, now: number) {
  return {
    modelArn: foundationModelArn(region, model.modelId),
    modelId: model.modelId,
    modelName: model.modelName,
    providerName: model.providerName,
    inputModalities: ["TEXT", "IMAGE"],
    outputModalities: ["TEXT"],
    responseStreamingSupported: true,
    customizationsSupported: [],
    // AWS reports INFERENCE_PROFILE (absent from botocore's enum) for profile-only models.
    inferenceTypesSupported: model.onDemandRegions.includes(region) ? ["ON_DEMAND", "INFERENCE_PROFILE"] : ["INFERENCE_PROFILE"],
    modelLifecycle: modelLifecycleJson(model, region, now),
  };
}

function servedModels(deps: EmulatorDeps, region: string): ModelEntry[] {
  return MODELS.filter((m) => servedIn(m, region, deps.now()) && !deps.faults.isUnavailable(m.modelId, region));
}

export const listFoundationModels: OperationHandler = async (req, deps) => {
  await req.access.require({ action: "bedrock:ListFoundationModels", resource: "*" });
  const provider = req.query.get("byProvider");
  const output = req.query.get("byOutputModality");
  const inference = req.query.get("byInferenceType");
  const customization = req.query.get("byCustomizationType");
  const summaries = servedModels(deps, req.region)
    .map((m) => modelSummary(m, req.region, deps.now()))
    .filter((s) => provider === null || s.providerName.toLowerCase() === provider.toLowerCase())
    .filter((s) => output === null || s.outputModalities.includes(output))
    .filter((s) => inference === null || s.inferenceTypesSupported.includes(inference))
    .filter(() => customization === null);
  return { status: 200, json: { modelSummaries: summaries } };
};

export const getFoundationModel: OperationHandler = async (req, deps) => {
  const identifier = req.params.modelIdentifier;
  const arn = parseFoundationModelArn(identifier);
  const modelId = arn ? arn.modelId : identifier;
  await req.access.require({ action: "bedrock:GetFoundationModel", resource: foundationModelArn(req.region, modelId) });
  const model = findModel(modelId);
  if (!model || (arn && arn.region !== req.region) || !servedModels(deps, req.region).includes(model)) throw invalidModelIdentifier();
  return { status: 200, json: { modelDetails: modelSummary(model, req.region, deps.now()) } };
};

function profileJson(p: SystemProfile) {
  return {
    inferenceProfileName: p.name,
    description: p.description,
    createdAt: PROFILE_CREATED_AT.toISOString(),
    updatedAt: PROFILE_CREATED_AT.toISOString(),
    inferenceProfileArn: p.arn,
    models: p.listedModelArns.map((modelArn) => ({ modelArn })),
    inferenceProfileId: p.id,
    status: "ACTIVE",
    type: "SYSTEM_DEFINED",
  };
}

function pageBounds(query: URLSearchParams): { start: number; size: number } {
  const max = query.get("maxResults");
  const size = max === null ? 1000 : Number(max);
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw validation(
      `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000`,
    );
  }
  const token = query.get("nextToken");
  const start = token === null ? 0 : Number(Buffer.from(token, "base64url").toString("utf8"));
  if (!Number.isInteger(start) || start < 0) throw validation("The provided pagination token is invalid.");
  return { start, size };
}

export const listInferenceProfiles: OperationHandler = async (req, deps) => {
  await req.access.require({ action: "bedrock:ListInferenceProfiles", resource: "*" });
  const type = req.query.get("type");
  if (type !== null && type !== "SYSTEM_DEFINED" && type !== "APPLICATION") {
    throw validation(
      `1 validation error detected: Value '${type}' at 'typeEquals' failed to satisfy constraint: Member must satisfy enum value set: [SYSTEM_DEFINED, APPLICATION]`,
    );
  }
  const all =
    type === "APPLICATION"
      ? []
      : profilesFrom(req.region, req.caller.account, (id) => deps.faults.extraDestinations(id)).filter(
          (p) => servedIn(p.model, req.region, deps.now()) && !deps.faults.isUnavailable(p.model.modelId, req.region),
        );
  const { start, size } = pageBounds(req.query);
  const page = all.slice(start, start + size);
  const next = start + size < all.length ? Buffer.from(String(start + size)).toString("base64url") : undefined;
  return { status: 200, json: { inferenceProfileSummaries: page.map(profileJson), nextToken: next } };
};

export const getInferenceProfile: OperationHandler = async (req, deps) => {
  const identifier = req.params.inferenceProfileIdentifier;
  const requestedArn = identifier.startsWith("arn:") ? identifier : inferenceProfileArn(req.region, req.caller.account, identifier);
  await req.access.require({ action: "bedrock:GetInferenceProfile", resource: requestedArn });
  const profile = resolveProfile(identifier, targetContext(req.region, req.caller.account, deps));
  if (!profile) throw notFound(`Inference profile ${identifier} not found.`);
  return { status: 200, json: profileJson(profile) };
};
