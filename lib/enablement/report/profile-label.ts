import type { ProfileKind } from "../../domain/catalog/catalog";

/** How a profile is named in tables, logs and progress: what CI calls, and the Messages API marked as such. */
export const profileLabel = (p: { readonly kind: ProfileKind; readonly invocationId: string }): string =>
  p.kind === "messages" ? `${p.invocationId} (Messages API)` : p.invocationId;
