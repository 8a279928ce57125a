import { isSourceRegion, type ModelCatalog, type ProfileKind } from "../domain/catalog/catalog";
import { hasWildcard } from "../domain/iam/matching";
import { ownNames } from "../domain/names";

/** Where a problem is (`accounts[0].regions[1]`, as zod paths are) and what it is. */
export type IssuePath = (string | number)[];
export type AddIssue = (path: IssuePath, message: string) => void;

interface ModelSettings {
  readonly id: string;
  readonly profiles: readonly ProfileKind[];
  readonly marketplaceProductId?: string;
}

/** The settings of one runtime account that depend on the rest of the config (its models, the name prefix). */
export interface SettingsToCheck {
  readonly regions: readonly string[];
  readonly models?: readonly string[];
  readonly githubOidc?: {
    readonly roleName: string;
    readonly repositories: readonly {
      repository: string;
      repositoryId?: string;
      refs: readonly string[];
      environments: readonly string[];
      allowWildcard: boolean;
    }[];
  };
}

export interface SettingsContext {
  readonly models: readonly ModelSettings[];
  readonly catalog: ModelCatalog;
  readonly namePrefix: string;
  /** Who the settings are for, in messages: `account ci`, `selection workloads`. */
  readonly label: string;
}

export function flagDuplicates(values: readonly string[], report: (index: number) => void): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) report(index);
    seen.add(value);
  });
}

/**
 * The checks of one account's settings against the config: listed accounts (`accounts[i]`), and the settings a
 * selection gives every account it takes (`organization.selections[s].defaults`, and with each override).
 * `at(field)` is where the field is written.
 */
export function checkAccountSettings(
  settings: SettingsToCheck,
  context: SettingsContext,
  at: (field: keyof SettingsToCheck) => IssuePath,
  add: AddIssue,
): void {
  const modelIds = new Set(context.models.map((m) => m.id));
  flagDuplicates(settings.regions, (i) => add([...at("regions"), i], "duplicate region"));
  settings.models?.forEach((id, m) => {
    if (!modelIds.has(id)) add([...at("models"), m], `expected one of the configured models: ${[...modelIds].join(", ")}`);
  });
  const models = context.models.filter((m) => settings.models?.includes(m.id) ?? true);
  const withProduct = models.filter((m) => m.marketplaceProductId !== undefined);
  if (withProduct.length > 0 && withProduct.length < models.length) {
    // Subscribe is scoped to the configured product ids: a model without one could never be subscribed to.
    add(
      at("models"),
      `marketplaceProductId is set for ${withProduct.map((m) => m.id).join(", ")} but not for ${models
        .filter((m) => m.marketplaceProductId === undefined)
        .map((m) => m.id)
        .join(", ")}: set it on every model of the account or on none`,
    );
  }
  const known = models.flatMap((m) => {
    const model = context.catalog.find(m.id);
    return model ? [{ model, kinds: m.profiles }] : [];
  });
  for (const { model, kinds } of known) {
    const usable = kinds.some((kind) => settings.regions.some((r) => isSourceRegion(model, kind, r)));
    if (!usable) add(at("regions"), `none of ${model.id}'s profiles [${kinds.join(", ")}] can be called from these regions`);
  }
  settings.regions.forEach((region, r) => {
    const callable = known.some(({ model, kinds }) => kinds.some((kind) => isSourceRegion(model, kind, region)));
    if (known.length > 0 && !callable) {
      add([...at("regions"), r], `${context.label}: no profile of its models can be called from ${region}`);
    }
  });
  const repositories = settings.githubOidc?.repositories ?? [];
  repositories.forEach((repo, r) => {
    const path = [...at("githubOidc"), "repositories", r];
    const immutableId = /@(\d+)$/.exec(repo.repository)?.[1];
    if (repo.repositoryId !== undefined && immutableId !== undefined && repo.repositoryId !== immutableId)
      add([...path, "repositoryId"], `differs from the id in ${repo.repository} (${immutableId}): give the repository's one id`);
    // An entry without the id would trust the same repository without the repository_id pin.
    if (
      repo.repositoryId !== undefined &&
      repositories.some((other) => other.repository === repo.repository && other.repositoryId === undefined)
    )
      add(
        [...path, "repositoryId"],
        `another entry names ${repo.repository} without repositoryId, which undoes this pin: set it on every entry of the repository`,
      );
  });
  settings.githubOidc?.repositories.forEach((repo, r) => {
    if (repo.allowWildcard) return;
    const path = (...field: (string | number)[]) => [...at("githubOidc"), "repositories", r, ...field];
    if (hasWildcard(repo.repository))
      add(path("repository"), "trusts every repository of the owner: name the repository, or set allowWildcard: true to accept that");
    repo.refs.forEach((ref, i) => {
      if (hasWildcard(ref))
        add(path("refs", i), `a wildcard trusts every ref matching ${ref}: name the ref, or set allowWildcard: true to accept that`);
    });
    repo.environments.forEach((env, i) => {
      if (hasWildcard(env))
        add(
          path("environments", i),
          `a wildcard trusts every environment matching ${env}: name it, or set allowWildcard: true to accept that`,
        );
    });
  });
  const names = ownNames(context.namePrefix);
  const oidc = settings.githubOidc;
  const roles = [names.firstUseRole, names.runtimeRole, names.planReaderRole, ...(oidc ? [names.githubOidcRole(oidc.roleName)] : [])];
  if (roles.some((name) => name.length > 64)) add(["iam", "namePrefix"], "makes role names longer than 64 characters");
}
