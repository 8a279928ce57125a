import { findModel } from "../domain/catalog/catalog";
import type { AccessConfig } from "./schema";

/**
 * What is valid but worth saying once: legacy models (with their end-of-life date, or that it has passed), and destinations taken
 * from the built-in tables because no catalog lock exists.
 */
export function configWarnings(config: AccessConfig, today: string = new Date().toISOString().slice(0, 10)): string[] {
  const warnings: string[] = [];
  config.models.forEach((m, i) => {
    const lifecycle = findModel(m.id)?.lifecycle;
    if (lifecycle?.status === "legacy") {
      const end = !lifecycle.endOfLife
        ? ""
        : lifecycle.endOfLife < today
          ? `; its end of life was ${lifecycle.endOfLife}`
          : `; end of life ${lifecycle.endOfLife}`;
      warnings.push(`models[${i}].id: ${m.id} is a legacy model${end}. Plan the move to an active model.`);
    }
  });
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
  if (!config.lock) {
    warnings.push(
      `no catalog lock (${config.catalogLock}): the policies grant the destination regions of the built-in tables; run \`bedrock-access catalog refresh\` to record what AWS routes to`,
    );
  }
  return warnings;
}
