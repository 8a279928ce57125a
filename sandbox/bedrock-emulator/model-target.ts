import { foundationModelArn, parseFoundationModelArn, parseInferenceProfileArn } from "./arn";
import { findModel, parseProfileId, type ModelEntry } from "./catalog";
import { invalidModelIdentifier, validation } from "./protocol/errors";
import { systemProfile, type Destination, type SystemProfile } from "./profiles";

/** What a Converse/InvokeModel `modelId` resolves to for one caller. */
export interface InvocationTarget {
  readonly model: ModelEntry;
  /** Set when invoked through a system-defined inference profile. */
  readonly profile?: SystemProfile;
  /** Foundation-model ARNs the request may be served from (one for direct invocation). */
  readonly destinations: readonly Destination[];
}

export interface TargetContext {
  readonly region: string;
  readonly account: string;
  /** Fault injection: the model is not served in that region. */
  readonly isUnavailable: (modelId: string, region: string) => boolean;
}

/** Resolves a profile id or ARN to the profile seen from the caller's region and account. */
export function resolveProfile(identifier: string, ctx: TargetContext): SystemProfile | undefined {
  let profileId = identifier;
  const arn = parseInferenceProfileArn(identifier);
  if (arn) {
    if (arn.region !== ctx.region || arn.account !== ctx.account) return undefined;
    profileId = arn.profileId;
  }
  const parsed = parseProfileId(profileId);
  if (!parsed) return undefined;
  const profile = systemProfile(parsed.model, parsed.geography, ctx.region, ctx.account);
  if (!profile || ctx.isUnavailable(parsed.model.modelId, ctx.region)) return undefined;
  return profile;
}

export function resolveInvocationTarget(identifier: string, ctx: TargetContext): InvocationTarget {
  const profile = resolveProfile(identifier, ctx);
  if (profile) return { model: profile.model, profile, destinations: profile.destinations };

  const fmArn = parseFoundationModelArn(identifier);
  if (fmArn && fmArn.region !== ctx.region) throw invalidModelIdentifier();
  const model = findModel(fmArn ? fmArn.modelId : identifier);
  if (!model || ctx.isUnavailable(model.modelId, ctx.region)) throw invalidModelIdentifier();
  if (!model.onDemandRegions.includes(ctx.region)) {
    throw validation(
      `Invocation of model ID ${model.modelId} with on-demand throughput isn't supported. ` +
        "Retry your request with the ID or ARN of an inference profile that contains this model.",
    );
  }
  return { model, destinations: [{ region: ctx.region, foundationModelArn: foundationModelArn(ctx.region, model.modelId) }] };
}
