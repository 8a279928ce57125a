import { notFound } from "../protocol/errors";
import { parseJsonObject } from "../protocol/http";
import { useCaseFormFor } from "../gates";
import { formScope } from "../regions";
import { constraintError, decodeBlob, requiredString } from "./input";
import type { OperationHandler } from "./types";

const FORM_MIN_BYTES = 10;
const FORM_MAX_BYTES = 16384;

/** PutUseCaseForModelAccess: POST /use-case-for-model-access, 201 with an empty body. */
export const putUseCaseForModelAccess: OperationHandler = async (req, deps) => {
  await req.access.require({ action: "bedrock:PutUseCaseForModelAccess", resource: "*" });
  const formData = decodeBlob(requiredString(parseJsonObject(req.body), "formData"), "formData");
  if (formData.length < FORM_MIN_BYTES)
    throw constraintError("formData", `Member must have length greater than or equal to ${FORM_MIN_BYTES}`);
  if (formData.length > FORM_MAX_BYTES)
    throw constraintError("formData", `Member must have length less than or equal to ${FORM_MAX_BYTES}`);
  const stored = deps.state.putForm(
    {
      account: req.caller.account,
      formData,
      submittedBy: req.caller.arn,
      region: req.region,
      submittedAt: new Date(deps.now()).toISOString(),
    },
    formScope(req.region),
  );
  deps.logger.info(
    `use-case form #${stored.submissions} for ${req.caller.account} (${formScope(req.region)}) submitted by ${req.caller.arn}`,
  );
  return { status: 201 };
};

/**
 * GetUseCaseForModelAccess: the account's form in effect in the caller's Region (gates.ts: useCaseFormFor);
 * ResourceNotFoundException when there is none.
 */
export const getUseCaseForModelAccess: OperationHandler = async (req, deps) => {
  await req.access.require({ action: "bedrock:GetUseCaseForModelAccess", resource: "*" });
  const inEffect = await useCaseFormFor(deps, req.caller.account, req.region);
  if (!inEffect) throw notFound("Model use case details have not been submitted for this account.");
  return { status: 200, json: { formData: inEffect.form.formData.toString("base64") } };
};
