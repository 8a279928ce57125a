import {
  OrganizationsCallError,
  type OrganizationAccount,
  type OrganizationNode,
  type OrganizationParent,
  type OrganizationsOperation,
  type OrganizationsPort,
} from "../../lib/discovery/port";

interface FakeOu {
  name: string;
  parent: string;
}

interface FakeAccount {
  name: string;
  parent: string;
  state?: string;
  status?: string;
  tags: Record<string, string>;
}

/**
 * An Organization in memory, behind the same port discover uses: a root, OUs under it, accounts with tags and a
 * state; tests move, rename, suspend and add accounts between runs. Counts the calls per operation, and can
 * fail one operation with a given error code.
 */
export class FakeOrganizationTree implements OrganizationsPort {
  readonly calls: Record<string, number> = {};
  readonly ous = new Map<string, FakeOu>();
  readonly accounts = new Map<string, FakeAccount>();
  private failing?: { operation: OrganizationsOperation; code: string };

  constructor(
    readonly id = "o-exampleorg1",
    readonly managementAccountId = "111111111111",
    readonly root: OrganizationNode = { id: "r-ab12", name: "Root" },
  ) {
    this.addAccount(managementAccountId, "Management", root.id);
  }

  addOu(id: string, name: string, parent: string = this.root.id): this {
    this.ous.set(id, { name, parent });
    return this;
  }

  addAccount(
    id: string,
    name: string,
    parent: string,
    options: { tags?: Record<string, string>; state?: string; status?: string } = {},
  ): this {
    this.accounts.set(id, { name, parent, tags: options.tags ?? {}, state: options.state ?? "ACTIVE", status: options.status });
    return this;
  }

  account(id: string): FakeAccount {
    const account = this.accounts.get(id);
    if (!account) throw new Error(`no account ${id} in the fake Organization`);
    return account;
  }

  failOn(operation: OrganizationsOperation, code: string): void {
    this.failing = { operation, code };
  }

  describeOrganization(): Promise<{ id: string; managementAccountId: string }> {
    return this.answer("describeOrganization", () => ({ id: this.id, managementAccountId: this.managementAccountId }));
  }

  listRoots(): Promise<OrganizationNode[]> {
    return this.answer("listRoots", () => [this.root]);
  }

  describeOrganizationalUnit(ouId: string): Promise<OrganizationNode> {
    return this.answer("describeOrganizationalUnit", () => ({ id: ouId, name: this.ou(ouId).name }));
  }

  listParents(childId: string): Promise<OrganizationParent[]> {
    return this.answer("listParents", () => {
      const parent = this.ous.get(childId)?.parent ?? this.accounts.get(childId)?.parent;
      if (!parent) throw new OrganizationsCallError("listParents", "ChildNotFoundException", `no child ${childId}`);
      return [{ id: parent, type: parent === this.root.id ? "ROOT" : "ORGANIZATIONAL_UNIT" }];
    });
  }

  listOrganizationalUnits(parentId: string): Promise<OrganizationNode[]> {
    return this.answer("listOrganizationalUnits", () => {
      this.parent(parentId);
      return [...this.ous].filter(([, ou]) => ou.parent === parentId).map(([id, ou]) => ({ id, name: ou.name }));
    });
  }

  listAccounts(parentId: string): Promise<OrganizationAccount[]> {
    return this.answer("listAccounts", () => {
      this.parent(parentId);
      return [...this.accounts]
        .filter(([, a]) => a.parent === parentId)
        .map(([id, a]) => ({ id, name: a.name, ...(a.state ? { state: a.state } : {}), ...(a.status ? { status: a.status } : {}) }));
    });
  }

  listTags(accountId: string): Promise<Record<string, string>> {
    return this.answer("listTags", () => ({ ...this.account(accountId).tags }));
  }

  private ou(id: string): FakeOu {
    const ou = this.ous.get(id);
    if (!ou) throw new OrganizationsCallError("describeOrganizationalUnit", "OrganizationalUnitNotFoundException", `no OU ${id}`);
    return ou;
  }

  private parent(id: string): void {
    if (id !== this.root.id && !this.ous.has(id))
      throw new OrganizationsCallError("listAccounts", "ParentNotFoundException", `no parent ${id}`);
  }

  private answer<T>(operation: OrganizationsOperation, compute: () => T): Promise<T> {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    if (this.failing?.operation === operation) {
      return Promise.reject(new OrganizationsCallError(operation, this.failing.code, `${this.failing.code} (fake)`));
    }
    try {
      return Promise.resolve(compute());
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
