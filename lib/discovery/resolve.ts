import pLimit from "p-limit";
import { InputError } from "../core/errors";
import { accountState, isActiveState } from "../domain/organization/account-state";
import type { SelectionCriteria } from "../domain/organization/accounts-lock";
import { OrganizationsCallError, type OrganizationAccount, type OrganizationNode, type OrganizationsPort } from "./port";

/** A selection of the config, as discover resolves it. */
export interface SelectionToResolve extends SelectionCriteria {
  readonly name: string;
}

/** An account some selection took. */
export interface FoundAccount {
  readonly id: string;
  readonly accountName: string;
  /** As Organizations reports it (State, else Status). */
  readonly state: string;
  /** The root or OU the account is directly in, and its path of names from the root (`Root/Workloads/CI`). */
  readonly ouId: string;
  readonly ouPath: string;
  /** The first selection, in config order, that took it; then the others that did too. */
  readonly selection: string;
  readonly alsoMatched: readonly string[];
}

export interface Resolution {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** ACTIVE accounts the selections took, sorted by id. */
  readonly accounts: readonly FoundAccount[];
  /** Accounts the selections took that are not ACTIVE (SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION): left out, reported. */
  readonly leftOut: readonly FoundAccount[];
}

export interface ResolveOptions {
  /** Calls in flight at once. @default 4 */
  readonly concurrency?: number;
}

interface Candidate {
  readonly account: OrganizationAccount;
  readonly ouId: string;
  readonly ouPath: string;
}

/** Each key's value computed once, also when asked again while the first call is still running. */
function memo<V>(compute: (key: string) => Promise<V>): (key: string) => Promise<V> {
  const cache = new Map<string, Promise<V>>();
  return (key) => {
    let value = cache.get(key);
    if (!value) cache.set(key, (value = compute(key)));
    return value;
  };
}

const NOT_FOUND = new Set(["OrganizationalUnitNotFoundException", "ParentNotFoundException", "ChildNotFoundException"]);

/**
 * Resolves the selections against the Organization, read-only: DescribeOrganization and ListRoots once;
 * for each OU a selection names, its path of names (ListParents and DescribeOrganizationalUnit up to the root);
 * ListOrganizationalUnitsForParent only below OUs selected with `nested` (and from the root for a selection by
 * tags alone); ListAccountsForParent once per OU; ListTagsForResource only for the accounts a selection with tags
 * considers, once per account. Each answer is asked for once, however many selections need it.
 */
export async function resolveSelections(
  org: OrganizationsPort,
  selections: readonly SelectionToResolve[],
  options: ResolveOptions = {},
): Promise<Resolution> {
  const limit = pLimit(options.concurrency ?? 4);
  const organization = await org.describeOrganization();
  const [root, ...otherRoots] = await org.listRoots();
  if (!root || otherRoots.length > 0) {
    throw new OrganizationsCallError(
      "listRoots",
      "UnexpectedResponse",
      `listRoots: expected one root, got ${otherRoots.length + (root ? 1 : 0)}`,
    );
  }
  const paths = new Map<string, Promise<string[]>>([[root.id, Promise.resolve([root.name])]]);
  const accountsIn = memo((parentId) => limit(() => org.listAccounts(parentId)));
  const tagsOf = memo((accountId) => limit(() => org.listTags(accountId)));
  const childrenOf = memo(async (parentId): Promise<OrganizationNode[]> => {
    const children = await limit(() => org.listOrganizationalUnits(parentId));
    const parentPath = pathOf(parentId);
    for (const child of children)
      if (!paths.has(child.id))
        paths.set(
          child.id,
          parentPath.then((p) => [...p, child.name]),
        );
    return children;
  });
  function pathOf(id: string): Promise<string[]> {
    let path = paths.get(id);
    if (!path) {
      path = (async () => {
        const [parents, ou] = await Promise.all([limit(() => org.listParents(id)), limit(() => org.describeOrganizationalUnit(id))]);
        const parent = parents[0];
        if (!parent) throw new OrganizationsCallError("listParents", "UnexpectedResponse", `listParents: ${id} has no parent`);
        return [...(await pathOf(parent.id)), ou.name];
      })();
      paths.set(id, path);
    }
    return path;
  }
  async function subtree(id: string): Promise<string[]> {
    const children = await childrenOf(id);
    return [id, ...(await Promise.all(children.map((child) => subtree(child.id)))).flat()];
  }

  async function candidatesOf(selection: SelectionToResolve, s: number): Promise<Candidate[]> {
    const selectors = selection.organizationalUnits ?? [{ id: root.id, nested: true }];
    const containers = new Set<string>();
    for (const [i, selector] of selectors.entries()) {
      try {
        if (selector.id.startsWith("r-") && selector.id !== root.id) {
          throw new OrganizationsCallError("listRoots", "ParentNotFoundException", `the Organization's root is ${root.id}`);
        }
        await pathOf(selector.id);
        for (const id of selector.nested ? await subtree(selector.id) : [selector.id]) containers.add(id);
      } catch (err) {
        if (err instanceof OrganizationsCallError && NOT_FOUND.has(err.code)) {
          throw new InputError("organization selections", [
            `organization.selections[${s}].organizationalUnits[${i}].id: no such OU or root in Organization ${organization.id} (${err.code}: ${err.message}) (got "${selector.id}")`,
          ]);
        }
        throw err;
      }
    }
    const lists = await Promise.all(
      [...containers].map(async (ouId) => {
        const [accounts, path] = await Promise.all([accountsIn(ouId), pathOf(ouId)]);
        return accounts.map((account) => ({ account, ouId, ouPath: path.join("/") }));
      }),
    );
    const candidates = lists.flat();
    const wanted = Object.entries(selection.tags ?? {});
    if (wanted.length === 0) return candidates;
    const tagged = await Promise.all(candidates.map(async (c) => ({ c, tags: await tagsOf(c.account.id) })));
    return tagged.filter(({ tags }) => wanted.every(([key, value]) => tags[key] === value)).map(({ c }) => c);
  }

  const found = new Map<string, { candidate: Candidate; selections: string[] }>();
  for (const [s, selection] of selections.entries()) {
    for (const candidate of await candidatesOf(selection, s)) {
      const entry = found.get(candidate.account.id);
      if (entry) entry.selections.push(selection.name);
      else found.set(candidate.account.id, { candidate, selections: [selection.name] });
    }
  }
  const all = [...found.values()]
    .map(({ candidate: { account, ouId, ouPath }, selections: [first, ...rest] }) => ({
      id: account.id,
      accountName: account.name,
      state: accountState(account),
      ouId,
      ouPath,
      selection: first ?? "",
      alsoMatched: rest,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return {
    organizationId: organization.id,
    managementAccountId: organization.managementAccountId,
    accounts: all.filter((a) => isActiveState(a.state)),
    leftOut: all.filter((a) => !isActiveState(a.state)),
  };
}
