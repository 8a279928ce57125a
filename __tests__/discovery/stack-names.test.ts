import fc from "fast-check";
import { InputError } from "../../lib/core/errors";
import { ACCOUNT_NAME_PATTERN, assignStackNames, stackNameBase } from "../../lib/domain/organization/stack-names";

describe("stack names of accounts from the Organization", () => {
  it.each([
    ["CI Prod", "ci-prod"],
    ["  ML / Research (EU)  ", "ml-research-eu"],
    ["Équipe données", "equipe-donnees"],
    ["123 Sandbox", "account-123-sandbox"],
    ["生産", "account"],
    ["a".repeat(40), "a".repeat(30)],
    ["workloads-production-eu-west-1-a", "workloads-production-eu-west-1"],
  ])("derives %j → %j (lowercase, other characters one dash, trimmed, at most 30)", (accountName, name) => {
    expect(stackNameBase(accountName)).toBe(name);
  });

  it("always derives a valid account name, whatever the account is called", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 128 }), (accountName) => {
        expect(stackNameBase(accountName)).toMatch(ACCOUNT_NAME_PATTERN);
      }),
    );
  });

  it("appends the account id when another account holds the name, so two accounts never share a stack", () => {
    // GIVEN two new accounts whose names derive to the same base, and a listed account holding a third
    const accounts = [
      { id: "444444444444", accountName: "CI" },
      { id: "333333333333", accountName: "ci" },
      { id: "555555555555", accountName: "Platform Shared Services Production" },
    ];
    const taken = new Map([["platform-shared-services-produ", "222222222222"]]);

    // WHEN they are named
    const named = assignStackNames(accounts, taken);

    // THEN the lower id gets the base, the other the base with its id; every name is valid and unique
    expect(named.map((a) => [a.id, a.name])).toEqual([
      ["333333333333", "ci"],
      ["444444444444", "ci-444444444444"],
      ["555555555555", "platform-shared-s-555555555555"],
    ]);
    for (const { name } of named) expect(name).toMatch(ACCOUNT_NAME_PATTERN);
  });

  it("keeps the name an account already has, even when its account name changed", () => {
    const named = assignStackNames(
      [{ id: "333333333333", accountName: "Renamed Team" }],
      new Map([["ci", "333333333333"]]),
      new Map([["333333333333", "ci"]]),
    );
    expect(named).toEqual([{ id: "333333333333", accountName: "Renamed Team", name: "ci" }]);
  });

  it("never hands out a name a listed account holds", () => {
    const named = assignStackNames([{ id: "333333333333", accountName: "ci" }], new Map([["ci", "222222222222"]]));
    expect(named[0].name).toBe("ci-333333333333");
  });

  it("refuses when even the name with the id is taken (bad input)", () => {
    const taken = new Map([
      ["ci", "222222222222"],
      ["ci-333333333333", "222222222223"],
    ]);
    expect(() => assignStackNames([{ id: "333333333333", accountName: "ci" }], taken)).toThrow(InputError);
    expect(() => assignStackNames([{ id: "333333333333", accountName: "ci" }], taken)).toThrow(/ci and ci-333333333333 are both taken/);
  });
});
