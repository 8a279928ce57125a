import type { AccessConfig } from "./schema";

/**
 * What is valid but worth saying once: Legacy models kept on purpose (with their end-of-life date), models only the
 * catalog lock knows, and destinations taken from the built-in tables because no catalog lock exists.
 */
export function configWarnings(config: AccessConfig): string[] {
  const warnings: string[] = [];
  config.models.forEach((m, i) => {
    const model = config.catalog.find(m.id);
    const lifecycle = model?.lifecycle;
    if (lifecycle?.status === "legacy" && m.alreadyInUse) {
      const end = lifecycle.endOfLife ? `; end of life ${lifecycle.endOfLife}` : "";
      warnings.push(
        `models[${i}].id: ${m.id} is a Legacy model, kept because alreadyInUse is set${end}. Plan the move to an active model.`,
      );
    }
  });
  const fromLock = config.models.filter((m) => config.catalog.find(m.id)?.origin === "lock").map((m) => m.id);
  if (fromLock.length > 0) {
    warnings.push(
      `${fromLock.join(", ")}: known from the catalog lock (${config.catalogLock}, refreshed ${config.catalog.lock?.refreshedAt ?? "at an unknown date"}) only, not from the built-in tables: its profiles and destinations are what AWS listed then`,
    );
  }
  // The listed accounts come first; those the accounts lock added carry their own warnings (config.discovery).
  const selected = new Set(config.discovery?.accountIds);
  config.accounts.forEach((account, i) => {
    if (account.id === config.managementAccount.id && !selected.has(account.id)) {
      warnings.push(
        `accounts[${i}].id: ${account.id} is the management account; it gets a runtime stack like any member (first-use role with Marketplace permissions, runtime roles).`,
      );
    }
  });
  warnings.push(...(config.discovery?.warnings ?? []));
  if (!config.catalog.lock) {
    warnings.push(
      `no catalog lock (${config.catalogLock}): the policies grant the destination regions of the built-in tables; run \`bedrock-access catalog refresh\` to record what AWS routes to`,
    );
  }
  return warnings;
}
