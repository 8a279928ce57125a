import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  AlreadyInOrganizationException,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";
import pLimit from "p-limit";
import { clientsInAccount } from "./aws-clients";

/**
 * An Organization's tree for the sandbox: OUs (nested), and in each the accounts with their tags; an account
 * marked `closed` is closed after it is created (moto 5.2's CloseAccount makes it SUSPENDED at once, State and
 * Status both: moto/organizations/models.py, FakeAccount.close).
 */
export interface OrganizationTreeFixture {
  readonly accounts?: readonly AccountFixture[];
  readonly units?: readonly OrganizationalUnitFixture[];
}

export interface OrganizationalUnitFixture extends OrganizationTreeFixture {
  readonly name: string;
}

export interface AccountFixture {
  readonly name: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly closed?: boolean;
}

export interface SeededTree {
  readonly rootId: string;
  /** OU path (`Workloads/CI`, without the root) → OU id. */
  readonly ous: ReadonlyMap<string, string>;
  /** Account name → account id (names are unique in a fixture). */
  readonly accounts: ReadonlyMap<string, string>;
}

export interface SeedTreeOptions {
  /** CreateAccount calls in flight at once. @default 8 */
  readonly concurrency?: number;
}

/**
 * Seeds the tree into moto as the management account: the Organization (if none), each OU under its parent,
 * each account created (CreateAccount, with its tags) and moved from the root into its OU (MoveAccount).
 * Member ids are whatever moto hands out (sandbox/moto/serve.py queues the config's ids first).
 */
export async function seedOrganizationTree(
  endpoint: string,
  managementAccountId: string,
  tree: OrganizationTreeFixture,
  options: SeedTreeOptions = {},
): Promise<SeededTree> {
  const { organizations } = await clientsInAccount(endpoint, managementAccountId);
  try {
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" })).catch((err: unknown) => {
      if (!(err instanceof AlreadyInOrganizationException)) throw err;
    });
    const rootId = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
    if (!rootId) throw new Error("moto listed no root");
    const ous = new Map<string, string>();
    const accounts = new Map<string, string>();
    const limit = pLimit(options.concurrency ?? 8);
    const seed = async (node: OrganizationTreeFixture, parentId: string, path: string): Promise<void> => {
      await Promise.all(
        (node.accounts ?? []).map((account) =>
          limit(async () => accounts.set(account.name, await createAccount(organizations, account, rootId, parentId))),
        ),
      );
      for (const unit of node.units ?? []) {
        const created = await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: unit.name }));
        const id = created.OrganizationalUnit?.Id;
        if (!id) throw new Error(`moto created OU ${unit.name} without an id`);
        const unitPath = path ? `${path}/${unit.name}` : unit.name;
        ous.set(unitPath, id);
        await seed(unit, id, unitPath);
      }
    };
    await seed(tree, rootId, "");
    return { rootId, ous, accounts };
  } finally {
    organizations.destroy();
  }
}

async function createAccount(
  organizations: OrganizationsClient,
  account: AccountFixture,
  rootId: string,
  parentId: string,
): Promise<string> {
  const email = `${account.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}@sandbox.invalid`;
  const tags = Object.entries(account.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  const created = await organizations.send(new CreateAccountCommand({ AccountName: account.name, Email: email, Tags: tags }));
  const status = await organizations.send(
    new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus?.Id }),
  );
  const id = status.CreateAccountStatus?.AccountId;
  if (!id) throw new Error(`moto created account ${account.name} without an id`);
  if (parentId !== rootId)
    await organizations.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: parentId }));
  if (account.closed) await organizations.send(new CloseAccountCommand({ AccountId: id }));
  return id;
}
