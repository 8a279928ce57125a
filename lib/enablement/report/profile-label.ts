import type { ProfileKind } from "../../domain/catalog/catalog";
import { accessOf } from "../../domain/catalog/profile-access";

/** How a profile is named in tables, logs and progress: what CI calls, and the Messages API marked as such. */
export const profileLabel = (p: { readonly kind: ProfileKind; readonly invocationId: string }): string =>
  accessOf(p.kind).label(p.invocationId);
