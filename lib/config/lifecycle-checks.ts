import { lifecycleState, type CatalogModel } from "../domain/catalog/catalog";
import type { CatalogLock } from "../domain/catalog/lock";
import { MODEL_LIFECYCLE_PAGE } from "../domain/catalog/models";

/**
 * Why a model cannot be enabled on `today`: AWS's Model lifecycle pages (the one for models launched before 2026-09-07,
 * which the Legacy Claude 4.x entries cite, and the current one) say "New customers can't use Legacy models and existing
 * customers may lose access to Legacy models after 15 days of inactivity", and that requests to a model past its
 * end-of-life date fail. A Legacy model passes only when the config says on purpose that the accounts
 * already use it (`alreadyInUse`); a model past its end of life never does.
 */
export function lifecycleProblem(
  model: CatalogModel,
  configured: { readonly alreadyInUse: boolean },
  today: string,
  lock: CatalogLock | undefined,
): string | undefined {
  const state = lifecycleState(model.lifecycle, today);
  if (state === "active") return undefined;
  const { lifecycle } = model;
  const dates =
    lifecycle.status === "legacy"
      ? [
          lifecycle.legacySince && `Legacy since ${lifecycle.legacySince}`,
          lifecycle.publicExtendedAccess && `public extended access from ${lifecycle.publicExtendedAccess}`,
          lifecycle.endOfLife && `end of life ${lifecycle.endOfLife}`,
        ].filter(Boolean)
      : [];
  const source =
    model.lifecycleFrom === "lock"
      ? `the catalog lock, refreshed ${lock?.refreshedAt ?? "at an unknown date"} (ListFoundationModels modelLifecycle)`
      : (model.sources.find((url) => url.includes("/model-lifecycle")) ?? MODEL_LIFECYCLE_PAGE);
  const what = `${model.name} (${model.id}): ${dates.join(", ")} (${source})`;
  if (state === "end-of-life") {
    return `${what}: past its end of life, AWS no longer serves it; choose an active model (bedrock-access catalog list)`;
  }
  if (configured.alreadyInUse) return undefined;
  return `${what}: new customers can't use Legacy models, and accounts lose access after 15 days without use, so enabling it in a new account fails. Choose an active model, or set alreadyInUse: true on this entry if every account that enables it already uses it`;
}
