import { isRecord } from "../core/validation";
import type { ResolvedProfile } from "./catalog/catalog";
import { accessOf } from "./catalog/profile-access";
import { isOptInRegion } from "./opt-in-regions";

/** The fields of the Anthropic use-case form, in the order they are sent. */
export const USE_CASE_FIELDS = [
  "companyName",
  "companyWebsite",
  "intendedUsers",
  "industryOption",
  "otherIndustryOption",
  "useCases",
] as const;
export type UseCaseField = (typeof USE_CASE_FIELDS)[number];
export type UseCaseFormData = Readonly<Record<UseCaseField, string>>;

export interface FieldDifference {
  readonly field: UseCaseField;
  /** What AWS holds ("" when the field is absent). */
  readonly submitted: string;
  /** What the config says. */
  readonly configured: string;
}

/** The form as sent: the config's useCaseForm without `region` (intendedUsers is already "0", "1" or "2"). */
export function formData(form: Readonly<Record<UseCaseField, string>>): UseCaseFormData {
  const { companyName, companyWebsite, intendedUsers, industryOption, otherIndustryOption, useCases } = form;
  return { companyName, companyWebsite, intendedUsers, industryOption, otherIndustryOption, useCases };
}

/** PutUseCaseForModelAccess `formData`: a blob of 10 to 16,384 bytes (botocore data/bedrock/2023-04-20/service-2.json). */
export const USE_CASE_FORM_MAX_BYTES = 16_384;

/** The JSON bytes for PutUseCaseForModelAccess. The SDK base64-encodes them on the wire: do not encode again. */
export function encodeForm(form: UseCaseFormData): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(form));
}

/**
 * Reads the form back. AWS returns the stored bytes, which are the JSON itself when it was submitted like
 * encodeForm does, or base64 of the JSON when someone base64-encoded it before the SDK did it again.
 */
export function decodeForm(bytes: Uint8Array): Record<string, unknown> {
  const text = Buffer.from(bytes).toString("utf8").trim();
  const json = text.startsWith("{") ? text : /^[A-Za-z0-9+/=\s]+$/.test(text) ? Buffer.from(text, "base64").toString("utf8").trim() : "";
  try {
    const parsed: unknown = JSON.parse(json);
    if (isRecord(parsed)) return parsed;
  } catch {
    // Reported below, with what was expected.
  }
  throw new Error(`the submitted use-case form is neither JSON nor base64-encoded JSON (starts with ${JSON.stringify(text.slice(0, 16))})`);
}

/** Field-by-field differences between the submitted form and the configured one; empty when they agree. */
export function diffForm(submitted: Record<string, unknown>, configured: UseCaseFormData): FieldDifference[] {
  return USE_CASE_FIELDS.flatMap((field) => {
    const value = submitted[field];
    const shown = value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
    return shown === configured[field] ? [] : [{ field, submitted: shown, configured: configured[field] }];
  });
}

/**
 * The opt-in Regions where an account must submit the form itself: the opt-in source Regions of its bedrock-runtime
 * profiles. AWS's model-access page: the form is required "one time per account or per AWS organization across all
 * commercial regions, with the exception of opt-in regions where this form needs to be filled again" (and, in its
 * newest copy, not for the bedrock-mantle endpoint). It does not say whether the management account's form in an
 * opt-in Region reaches member accounts; each account submitting its own is what holds under either reading.
 */
export function optInFormRegions(profiles: readonly Pick<ResolvedProfile, "sourceRegion" | "kind">[]): string[] {
  const regions = profiles.filter((p) => accessOf(p.kind).endpoint === "bedrock-runtime").map((p) => p.sourceRegion);
  return [...new Set(regions)].filter(isOptInRegion).sort();
}
