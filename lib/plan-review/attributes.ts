import type { ResourceChange } from "./plan-json";
import { isRecord } from "../core/validation";

/** Which side of a change: the state before apply, or the planned state after it. */
export type Side = "before" | "after";

export type AttributeValue =
  | { readonly state: "absent" }
  /** Computed during apply (`after_unknown`), e.g. a policy that embeds the ARN of a resource not created yet. */
  | { readonly state: "unknown" }
  /** Marked sensitive (`before_sensitive` / `after_sensitive`): its value is never read into the summary. */
  | { readonly state: "sensitive" }
  | { readonly state: "known"; readonly value: unknown };

const ABSENT: AttributeValue = { state: "absent" };
const UNKNOWN: AttributeValue = { state: "unknown" };
const SENSITIVE: AttributeValue = { state: "sensitive" };

/** Whether a sensitivity marker (`true`, or an object/array mirroring the value) marks anything inside. */
function marksSomething(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(marksSomething);
  return isRecord(marker) && Object.values(marker).some(marksSomething);
}

/** Whether the attribute, or any part of it, is marked sensitive on that side. */
function isSensitive(change: ResourceChange, side: Side, name: string): boolean {
  const marker = side === "before" ? change.change.before_sensitive : change.change.after_sensitive;
  return marker === true || (isRecord(marker) && marksSomething(marker[name]));
}

/** One top-level attribute of a resource on one side of its change. */
export function attributeOf(change: ResourceChange, side: Side, name: string): AttributeValue {
  const values = change.change[side];
  if (side === "after") {
    const unknown = change.change.after_unknown;
    if (unknown === true || (isRecord(unknown) && unknown[name] === true)) return UNKNOWN;
  }
  if (!values || !(name in values) || values[name] === null) return ABSENT;
  if (isSensitive(change, side, name)) return SENSITIVE;
  return { state: "known", value: values[name] };
}

/** A known string attribute, or undefined (absent, unknown, or not a string). */
export function stringAttribute(change: ResourceChange, side: Side, name: string): string | undefined {
  const value = attributeOf(change, side, name);
  return value.state === "known" && typeof value.value === "string" ? value.value : undefined;
}

/** Whether the resource exists on that side (`before` is null for creates, `after` for deletes). */
export function existsOn(change: ResourceChange, side: Side): boolean {
  return change.change[side] !== null && change.change[side] !== undefined;
}

/** Top-level attribute names whose value differs between the sides, or becomes unknown. */
export function changedAttributes(change: ResourceChange): string[] {
  const before = change.change.before ?? {};
  const after = change.change.after ?? {};
  const unknown = change.change.after_unknown;
  const names = new Set([...Object.keys(before), ...Object.keys(after), ...(isRecord(unknown) ? Object.keys(unknown) : [])]);
  // Compares raw values (sensitive ones too) only to decide *whether* an attribute changed; they are never shown.
  return [...names]
    .filter((name) => {
      if (attributeOf(change, "after", name).state === "unknown") return true;
      return JSON.stringify(before[name] ?? null) !== JSON.stringify(after[name] ?? null);
    })
    .sort();
}
