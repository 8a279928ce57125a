import { renderAccountsLock, type AccountsLock, type LockedAccount } from "../../lib/domain/organization/accounts-lock";
import { diffLocks, hasDifferences } from "../../lib/domain/organization/lock-diff";

const account = (id: string, overrides: Partial<LockedAccount> = {}): LockedAccount => ({
  id,
  name: `acct-${id.slice(0, 3)}`,
  accountName: `Account ${id.slice(0, 3)}`,
  ouId: "ou-ab12-11111111",
  ouPath: "Root/Workloads",
  selection: "workloads",
  ...overrides,
});
const lock = (
  accounts: LockedAccount[],
  selections: AccountsLock["selections"] = { workloads: { tags: { team: "ml" } } },
): AccountsLock => ({
  version: 1,
  organizationId: "o-exampleorg1",
  selections,
  accounts,
});

describe("the accounts lock", () => {
  it("is written sorted (selections by name, accounts by id, OUs and tags sorted), the same for the same content", () => {
    const a = lock([account("333333333333"), account("222222222222")], {
      z: { tags: { b: "2", a: "1" } },
      a: {
        organizationalUnits: [
          { id: "ou-ab12-22222222", nested: true },
          { id: "ou-ab12-11111111", nested: false },
        ],
      },
    });
    const text = renderAccountsLock(a);
    const parsed = JSON.parse(text) as AccountsLock;
    expect(Object.keys(parsed.selections)).toEqual(["a", "z"]);
    expect(parsed.accounts.map((x) => x.id)).toEqual(["222222222222", "333333333333"]);
    expect(parsed.selections.a.organizationalUnits?.map((ou) => ou.id)).toEqual(["ou-ab12-11111111", "ou-ab12-22222222"]);
    expect(Object.keys(parsed.selections.z.tags ?? {})).toEqual(["a", "b"]);
    expect(renderAccountsLock({ ...a, accounts: [...a.accounts].reverse() })).toBe(text);
    expect(text.endsWith("}\n")).toBe(true);
  });
});

describe("differences between the lock and the Organization", () => {
  it("finds none when they are equal", () => {
    const same = lock([account("222222222222")]);
    expect(hasDifferences(diffLocks(same, lock([account("222222222222")])))).toBe(false);
  });

  it("names the accounts that joined, left, moved, were renamed or were taken by another selection", () => {
    // GIVEN a lock of four accounts
    const before = lock([account("222222222222"), account("333333333333"), account("444444444444"), account("555555555555")]);
    // WHEN one left, one moved, one was renamed in Organizations, one is now taken by another selection, one joined
    const after = lock([
      account("333333333333", { ouId: "ou-ab12-22222222", ouPath: "Root/Sandbox" }),
      account("444444444444", { accountName: "Renamed" }),
      account("555555555555", { selection: "tagged" }),
      account("666666666666"),
    ]);
    const d = diffLocks(before, after);

    // THEN each change is named, with what changed
    expect(d.accounts.map((c) => [c.id, c.kind])).toEqual([
      ["222222222222", "left"],
      ["333333333333", "moved"],
      ["444444444444", "renamed"],
      ["555555555555", "reselected"],
      ["666666666666", "joined"],
    ]);
    expect(d.accounts[1].detail).toBe("Root/Workloads (ou-ab12-11111111) → Root/Sandbox (ou-ab12-22222222)");
    expect(d.accounts[2].detail).toMatch(/"Account 444" → "Renamed"; the stack keeps its name, runtime-acct-444/);
  });

  it("names selections whose criteria changed, and another Organization", () => {
    const before = lock([], { workloads: { tags: { team: "ml" } }, gone: { tags: { a: "b" } } });
    const after = {
      ...lock([], { workloads: { tags: { team: "platform" } }, added: { tags: { a: "b" } } }),
      organizationId: "o-otherorgid1",
    };
    const d = diffLocks(before, after);
    expect(d.selections).toEqual(["added", "gone", "workloads"]);
    expect(d.organization).toEqual({ from: "o-exampleorg1", to: "o-otherorgid1" });
  });

  it("treats every account as joined when there is no lock yet", () => {
    expect(diffLocks(undefined, lock([account("222222222222")])).accounts.map((c) => c.kind)).toEqual(["joined"]);
  });
});
