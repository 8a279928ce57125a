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
  warnings.push(...principalWarnings(config), ...unpinnedRepositoryWarnings(config));
  warnings.push(...(config.discovery?.warnings ?? []));
  if (!config.catalog.lock) {
    warnings.push(
      `no catalog lock (${config.catalogLock}): the policies grant the destination regions of the built-in tables; run \`bedrock-access catalog refresh\` to record what AWS routes to`,
    );
  }
  return warnings;
}

/**
 * Principals that trust more than one identity: an account root delegates to every principal of that account its
 * administrators allow ("Using the account ARN in the Principal element does not limit permissions to only the root
 * user of the account", IAM User Guide, "AWS JSON policy elements: Principal"); an IAM user signs in with long-lived keys.
 */
function principalWarnings(config: AccessConfig): string[] {
  const fields = [
    ["managementAccount.pipelinePrincipals", config.managementAccount.pipelinePrincipals],
    ["managementAccount.planPrincipals", config.managementAccount.planPrincipals],
    // By name: an account a selection took is not at its index in the file's accounts[].
    ...config.accounts.map((a) => [`account ${a.name}: trustedPrincipals`, a.trustedPrincipals] as const),
  ] as const;
  const seen = new Set<string>();
  return fields.flatMap(([field, principals]) =>
    principals.flatMap((principal) => {
      const kind = /:root$/.test(principal) ? "root" : /:user\//.test(principal) ? "user" : undefined;
      const key = `${field.startsWith("account ") ? "trustedPrincipals" : field} ${principal}`;
      if (!kind || seen.has(key)) return [];
      seen.add(key);
      return [
        kind === "root"
          ? `${field}: ${principal} is an account root: the roles trusting it may be assumed by any principal of that account its administrators allow; name the role instead`
          : `${field}: ${principal} is an IAM user, whose long-lived access keys can assume these roles from anywhere; prefer a role (OIDC in CI)`,
      ];
    }),
  );
}

/** GitHub repositories trusted with no ref, environment or pull_request pinned: every branch, tag and pull request of them. */
function unpinnedRepositoryWarnings(config: AccessConfig): string[] {
  const accounts = new Map<string, string[]>();
  for (const account of config.accounts) {
    for (const repo of account.githubOidc?.repositories ?? []) {
      if (repo.refs.length > 0 || repo.environments.length > 0 || repo.pullRequests) continue;
      accounts.set(repo.repository, [...(accounts.get(repo.repository) ?? []), account.name]);
    }
  }
  return [...accounts].map(
    ([repository, names]) =>
      `githubOidc: ${repository} pins no refs, environments or pullRequests (accounts ${names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more` : names.join(", ")}): its role trusts every branch, tag, environment and pull request of it; pin the refs or environments its jobs run from`,
  );
}
