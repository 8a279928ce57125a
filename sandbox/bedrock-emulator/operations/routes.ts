import {
  createFoundationModelAgreement,
  deleteFoundationModelAgreement,
  getFoundationModelAvailability,
  listFoundationModelAgreementOffers,
} from "./agreements";
import { createInference } from "./mantle";
import { getFoundationModel, getInferenceProfile, listFoundationModels, listInferenceProfiles } from "./models";
import { converse, converseStream, invokeModel, invokeModelWithResponseStream } from "./runtime";
import type { Route } from "./types";
import { getUseCaseForModelAccess, putUseCaseForModelAccess } from "./use-case";

/**
 * Paths and methods from botocore's bedrock (2023-04-20) and bedrock-runtime (2023-09-30) models, and bedrock-mantle's
 * Messages API (no SDK model: the AWS and Anthropic documentation). The services share the emulator's port: their paths
 * do not overlap, and the Messages API path answers requests signed for bedrock-mantle only.
 */
export const ROUTES: readonly Route[] = [
  { operation: "PutUseCaseForModelAccess", method: "POST", path: "/use-case-for-model-access", handler: putUseCaseForModelAccess },
  { operation: "GetUseCaseForModelAccess", method: "GET", path: "/use-case-for-model-access", handler: getUseCaseForModelAccess },
  {
    operation: "GetFoundationModelAvailability",
    method: "GET",
    path: "/foundation-model-availability/{modelId}",
    handler: getFoundationModelAvailability,
  },
  {
    operation: "ListFoundationModelAgreementOffers",
    method: "GET",
    path: "/list-foundation-model-agreement-offers/{modelId}",
    handler: listFoundationModelAgreementOffers,
  },
  {
    operation: "CreateFoundationModelAgreement",
    method: "POST",
    path: "/create-foundation-model-agreement",
    handler: createFoundationModelAgreement,
  },
  {
    operation: "DeleteFoundationModelAgreement",
    method: "POST",
    path: "/delete-foundation-model-agreement",
    handler: deleteFoundationModelAgreement,
  },
  { operation: "ListInferenceProfiles", method: "GET", path: "/inference-profiles", handler: listInferenceProfiles },
  {
    operation: "GetInferenceProfile",
    method: "GET",
    path: "/inference-profiles/{inferenceProfileIdentifier}",
    handler: getInferenceProfile,
  },
  { operation: "ListFoundationModels", method: "GET", path: "/foundation-models", handler: listFoundationModels },
  { operation: "GetFoundationModel", method: "GET", path: "/foundation-models/{modelIdentifier}", handler: getFoundationModel },
  { operation: "Converse", method: "POST", path: "/model/{modelId}/converse", handler: converse },
  { operation: "InvokeModel", method: "POST", path: "/model/{modelId}/invoke", handler: invokeModel },
  { operation: "ConverseStream", method: "POST", path: "/model/{modelId}/converse-stream", handler: converseStream },
  {
    operation: "InvokeModelWithResponseStream",
    method: "POST",
    path: "/model/{modelId}/invoke-with-response-stream",
    handler: invokeModelWithResponseStream,
  },
  {
    operation: "CreateInference",
    method: "POST",
    path: "/anthropic/v1/messages",
    service: "bedrock-mantle",
    errors: "anthropic",
    handler: createInference,
  },
];
