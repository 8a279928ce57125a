import { foundationModelArn, parseFoundationModelArn, parseInferenceProfileArn } from "./arn";
import { findModel, lifecycleIn, parseProfileId, servedIn, type ModelEntry } from "./catalog";
import type { EmulatorDeps } from "./deps";
import { invalidModelIdentifier, notFound, validation } from "./protocol/errors";
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
  /** The emulator's clock (ms since the epoch): lifecycle dates are compared with it. */
  readonly now: number;
  /** Fault injection: the model is not served in that region. */
  readonly isUnavailable: (modelId: string, region: string) => boolean;
  /** Fault injection: Regions added to a profile's destinations, by profile id. */
  readonly extraDestinations?: (profileId: string) => readonly string[];
}

/** The context for a caller's request, with the emulator's clock and faults. */
export function targetContext(region: string, account: string, deps: Pick<EmulatorDeps, "faults" | "now">): TargetContext {
  return {
    region,
    account,
    now: deps.now(),
    isUnavailable: (m, r) => deps.faults.isUnavailable(m, r),
    extraDestinations: (id) => deps.faults.extraDestinations(id),
  };
}

/** AWS's answer for a model past its end-of-life date (HTTP 404). */
const END_OF_LIFE = "This model version has reached the end of its life. Please refer to the AWS documentation for more details.";

/** The profile a profile id or ARN names, as seen from the caller's region and account, end-of-life or not. */
function lookUpProfile(identifier: string, ctx: TargetContext): SystemProfile | undefined {
  let profileId = identifier;
  const arn = parseInferenceProfileArn(identifier);
  if (arn) {
    if (arn.region !== ctx.region || arn.account !== ctx.account) return undefined;
    profileId = arn.profileId;
  }
  const parsed = parseProfileId(profileId);
  if (!parsed || ctx.isUnavailable(parsed.model.modelId, ctx.region)) return undefined;
  return systemProfile(parsed.model, parsed.geography, ctx.region, ctx.account, ctx.extraDestinations?.(profileId) ?? []);
}

/** Resolves a profile id or ARN to the profile seen from the caller's region and account, if it is served there. */
export function resolveProfile(identifier: string, ctx: TargetContext): SystemProfile | undefined {
  const profile = lookUpProfile(identifier, ctx);
  return profile && servedIn(profile.model, ctx.region, ctx.now) ? profile : undefined;
}

export function resolveInvocationTarget(identifier: string, ctx: TargetContext): InvocationTarget {
  const profile = lookUpProfile(identifier, ctx);
  if (profile) {
    if (lifecycleIn(profile.model, ctx.region, ctx.now) === "EOL") throw notFound(END_OF_LIFE);
    return { model: profile.model, profile, destinations: profile.destinations };
  }

  const fmArn = parseFoundationModelArn(identifier);
  if (fmArn && fmArn.region !== ctx.region) throw invalidModelIdentifier();
  const model = findModel(fmArn ? fmArn.modelId : identifier);
  if (!model || ctx.isUnavailable(model.modelId, ctx.region)) throw invalidModelIdentifier();
  if (lifecycleIn(model, ctx.region, ctx.now) === "EOL") throw notFound(END_OF_LIFE);
  if (!model.onDemandRegions.includes(ctx.region)) {
    throw validation(
      `Invocation of model ID ${model.modelId} with on-demand throughput isn't supported. ` +
        "Retry your request with the ID or ARN of an inference profile that contains this model.",
    );
  }
  return { model, destinations: [{ region: ctx.region, foundationModelArn: foundationModelArn(ctx.region, model.modelId) }] };
}
