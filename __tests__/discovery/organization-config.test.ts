import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { readAccountsLock } from "../../lib/config/accounts-lock";
import { loadConfigFile, parseConfig } from "../../lib/config/load";
import { configWarnings } from "../../lib/config/warnings";
import { InputError } from "../../lib/core/errors";
import { renderAccountsLock, type AccountsLock, type LockedAccount } from "../../lib/domain/organization/accounts-lock";
import { CI_ID, MANAGEMENT_ID, rawEnablementConfig, SONNET, type RawConfig } from "../helpers/fixtures";

/**
 * `organization.selections` in the config: validated like listed accounts (every problem names its field), and,
 * with the accounts lock, the selected accounts added after the listed ones with their selection's settings.
 */
const WORKLOADS_OU = "ou-ab12-11111111";
const ML_ID = "444444444444";
const DATA_ID = "555555555555";
const LOCK_FILE = "/repo/bedrock-accounts.lock.json";

const selection = () => ({
  name: "workloads",
  organizationalUnits: [{ id: WORKLOADS_OU, nested: true }],
  defaults: { regions: ["us-east-1"], runsOnRoleNames: ["runs-on-RunnerInstanceRole"] },
  overrides: { [ML_ID]: { regions: ["eu-west-1"], models: [SONNET] } } as Record<string, unknown>,
});

function rawWithSelections(mutate: (raw: RawConfig, s: ReturnType<typeof selection>) => void = () => undefined): RawConfig {
  const raw = rawEnablementConfig();
  const s = selection();
  raw.organization = { selections: [s] };
  mutate(raw, s);
  return raw;
}

const locked = (id: string, name: string, overrides: Partial<LockedAccount> = {}): LockedAccount => ({
  id,
  name,
  accountName: name.toUpperCase(),
  ouId: WORKLOADS_OU,
  ouPath: "Root/Workloads",
  selection: "workloads",
  ...overrides,
});

const lockOf = (
  accounts: LockedAccount[],
  selections: AccountsLock["selections"] = { workloads: { organizationalUnits: [{ id: WORKLOADS_OU, nested: true }] } },
): AccountsLock => ({
  version: 1,
  organizationId: "o-exampleorg1",
  selections,
  accounts,
});

const problemsOf = (raw: RawConfig, lock?: AccountsLock): string => {
  try {
    parseConfig(raw, "<config>", lock && { discovered: { lock, lockFile: LOCK_FILE } });
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error("config was accepted");
};

describe("accounts selected from the Organization", () => {
  it("adds the lock's accounts after the listed ones, each with its selection's defaults and its override", () => {
    // GIVEN two listed accounts, and a lock with two accounts of the workloads selection (one overridden)
    const lock = lockOf([locked(DATA_ID, "data"), locked(ML_ID, "ml")]);

    // WHEN the config is read with the lock
    const config = parseConfig(rawWithSelections(), "<config>", { discovered: { lock, lockFile: LOCK_FILE } });

    // THEN the runtime accounts are the listed ones, then the selected ones by id, settings applied
    expect(config.accounts.map((a) => [a.name, a.id])).toEqual([
      ["ci", CI_ID],
      ["research", "333333333333"],
      ["ml", ML_ID],
      ["data", DATA_ID],
    ]);
    const ml = config.accounts[2];
    expect(ml).toEqual({
      name: "ml",
      id: ML_ID,
      regions: ["eu-west-1"],
      terraformRoleName: "OrganizationAccountAccessRole",
      models: [SONNET],
      runsOnRoleNames: ["runs-on-RunnerInstanceRole"],
      trustedPrincipals: [],
      firstUseMarketplaceAccess: true,
    });
    expect(config.accounts[3].regions).toEqual(["us-east-1"]);
    expect(config.discovery?.accountIds).toEqual([ML_ID, DATA_ID]);
  });

  it("reads only the listed accounts without the lock (what discover reads)", () => {
    const config = parseConfig(rawWithSelections());
    expect(config.accounts.map((a) => a.name)).toEqual(["ci", "research"]);
    expect(config.organization?.selections[0].organizationalUnits).toEqual([{ id: WORKLOADS_OU, nested: true }]);
  });

  it("lets a listed account win over a discovered one with the same id, and says so", () => {
    const lock = lockOf([locked(CI_ID, "ci-from-org"), locked(DATA_ID, "data")]);
    const config = parseConfig(rawWithSelections(), "<config>", { discovered: { lock, lockFile: LOCK_FILE } });
    expect(config.accounts.map((a) => a.name)).toEqual(["ci", "research", "data"]);
    expect(configWarnings(config).join("\n")).toMatch(
      /accounts\[0\]\.id: account 222222222222 is also selected from the Organization \(selection workloads, Root\/Workloads, in \/repo\/bedrock-accounts\.lock\.json\); the listed entry wins/,
    );
  });

  it("warns about an override no account of the lock uses, and about the management account being selected", () => {
    const lock = lockOf([locked(MANAGEMENT_ID, "management-acct", { ouId: "r-ab12", ouPath: "Root" })]);
    const config = parseConfig(rawWithSelections(), "<config>", { discovered: { lock, lockFile: LOCK_FILE } });
    const warnings = configWarnings(config).join("\n");
    expect(warnings).toMatch(
      /organization\.selections\[0\]\.overrides\.444444444444: no account the lock has from selection workloads has this id/,
    );
    expect(warnings).toMatch(/organization\.selections\[0\]: selection workloads takes the management account 111111111111 \(Root\)/);
  });

  it("trusts principals of selected accounts, and rejects those of accounts the config does not reach", () => {
    const raw = rawWithSelections((_r, s) => {
      s.defaults = { ...s.defaults, trustedPrincipals: [`arn:aws:iam::${DATA_ID}:role/ci`] } as typeof s.defaults;
    });
    expect(() =>
      parseConfig(raw, "<config>", { discovered: { lock: lockOf([locked(DATA_ID, "data")]), lockFile: LOCK_FILE } }),
    ).not.toThrow();
    expect(problemsOf(raw, lockOf([locked(ML_ID, "ml")]))).toMatch(
      /organization\.selections\[0\]\.defaults\.trustedPrincipals\[0\]: arn:aws:iam::555555555555:role\/ci is in an account that is neither the management account nor a runtime account/,
    );
  });

  const cases: [string, (raw: RawConfig, s: ReturnType<typeof selection>) => void, RegExp][] = [
    [
      "an OU id that is not one",
      (_r, s) => (s.organizationalUnits = [{ id: "ou-bad", nested: false }]),
      /organization\.selections\[0\]\.organizationalUnits\[0\]\.id: expected an OU id .* or the root id .*\(got "ou-bad"\)/,
    ],
    [
      "a selection with neither OUs nor tags",
      (_r, s) => delete (s as Partial<ReturnType<typeof selection>>).organizationalUnits,
      /organization\.selections\[0\]\.organizationalUnits: expected organizationalUnits, tags or both .*\(missing\)/,
    ],
    [
      "an override keyed by something else than an account id",
      (_r, s) => (s.overrides = { "1234": { regions: ["us-east-1"] } }),
      /organization\.selections\[0\]\.overrides\.1234: expected a quoted 12-digit account id as the key/,
    ],
    [
      "an override of the account's name (stack names come from the lock)",
      (_r, s) => (s.overrides = { [ML_ID]: { name: "ml" } }),
      /organization\.selections\[0\]\.overrides\.444444444444: Unrecognized key: "name"/,
    ],
    [
      "a default region Bedrock does not serve",
      (_r, s) => (s.defaults = { ...s.defaults, regions: ["us-east-7"] }),
      /organization\.selections\[0\]\.defaults\.regions\[0\]: expected a region where Bedrock serves Anthropic models: .*\(got "us-east-7"\)/,
    ],
    [
      "defaults without regions",
      (_r, s) => (s.defaults = { runsOnRoleNames: [] } as unknown as typeof s.defaults),
      /organization\.selections\[0\]\.defaults\.regions: .*\(missing\)/,
    ],
    [
      "an override naming a model the config does not have",
      (_r, s) => (s.overrides = { [ML_ID]: { models: ["anthropic.claude-x"] } }),
      /organization\.selections\[0\]\.overrides\.444444444444\.models\[0\]: expected one of the configured models: .*\(got "anthropic\.claude-x"\)/,
    ],
    [
      "an override region where none of the account's models can be called",
      (_r, s) => (s.overrides = { [ML_ID]: { regions: ["eu-west-1"] } }),
      /organization\.selections\[0\]\.overrides\.444444444444\.regions: none of anthropic\.claude-opus-4-6-v1's profiles \[us\] can be called from these regions/,
    ],
    [
      "a defaults region none of the models can be called from, naming the selection",
      (r, s) => {
        r.models = [{ id: SONNET, profiles: ["us"] }];
        s.defaults = { ...s.defaults, regions: ["us-east-1", "eu-west-1"] };
        s.overrides = {};
      },
      /organization\.selections\[0\]\.defaults\.regions\[1\]: selection workloads: no profile of its models can be called from eu-west-1/,
    ],
    [
      "two selections with one name",
      (r, s) => (r.organization = { selections: [s, { ...s, overrides: {} }] }),
      /organization\.selections\[1\]\.name: duplicate selection name \(got "workloads"\)/,
    ],
    [
      "one OU twice in a selection",
      (_r, s) =>
        (s.organizationalUnits = [
          { id: WORKLOADS_OU, nested: true },
          { id: WORKLOADS_OU, nested: false },
        ]),
      /organization\.selections\[0\]\.organizationalUnits\[1\]\.id: duplicate OU in this selection/,
    ],
    ["an empty tag list", (_r, s) => Object.assign(s, { tags: {} }), /organization\.selections\[0\]\.tags: expected at least one tag/],
    [
      "a tag value that is not a string",
      (_r, s) => Object.assign(s, { tags: { bedrock: true } }),
      /organization\.selections\[0\]\.tags\.bedrock: expected a quoted string .*\(got true\)/,
    ],
    [
      "a selection name with capitals",
      (_r, s) => (s.name = "Workloads"),
      /organization\.selections\[0\]\.name: expected lowercase letters, digits and dashes, starting with a letter, at most 40 \(got "Workloads"\)/,
    ],
    [
      "no selection at all",
      (r) => (r.organization = { selections: [] }),
      /organization\.selections: expected at least one selection \(got \[\]\)/,
    ],
  ];

  it.each(cases)("rejects %s, naming the field and the value", (_name, mutate, message) => {
    expect(problemsOf(rawWithSelections(mutate))).toMatch(message);
  });

  it("accepts a config with selections and no listed account", () => {
    const raw = rawWithSelections((r) => (r.accounts = []));
    const config = parseConfig(raw, "<config>", { discovered: { lock: lockOf([locked(DATA_ID, "data")]), lockFile: LOCK_FILE } });
    expect(config.accounts.map((a) => a.id)).toEqual([DATA_ID]);
  });
});

describe("the accounts lock against the config", () => {
  it("rejects a lock written for other selection criteria: run discover", () => {
    const lock = lockOf([locked(DATA_ID, "data")], { workloads: { organizationalUnits: [{ id: WORKLOADS_OU, nested: false }] } });
    expect(problemsOf(rawWithSelections(), lock)).toMatch(
      /organization\.selections\[0\]\.name: its OUs or tags changed since the accounts lock \/repo\/bedrock-accounts\.lock\.json was written: run `bedrock-access discover`/,
    );
  });

  it("rejects a lock with a selection the config no longer has, or without one it has", () => {
    const lock = lockOf([], { other: { tags: { a: "b" } } });
    const message = problemsOf(rawWithSelections(), lock);
    expect(message).toMatch(/organization\.selections\[0\]\.name: not resolved in the accounts lock/);
    expect(message).toMatch(
      /organization\.selections: the accounts lock \/repo\/bedrock-accounts\.lock\.json resolved a selection other, which the config no longer has/,
    );
  });

  it("rejects a listed account that takes a stack name the lock gives another account", () => {
    const message = problemsOf(rawWithSelections(), lockOf([locked(DATA_ID, "research")]));
    expect(message).toMatch(
      /accounts\[1\]\.name: also the stack name of account 555555555555 \(RESEARCH, selection workloads\) in the accounts lock .*: rename this listed account/,
    );
  });
});

describe("loading a config with selections", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "org-config-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("fails without the lock, telling the user to run discover", () => {
    const file = join(dir, "bedrock-access.yaml");
    writeFileSync(file, stringify(rawWithSelections()));
    expect(() => loadConfigFile(file)).toThrow(
      /organization\.selections: no accounts lock at .*bedrock-accounts\.lock\.json; run `bedrock-access discover` to resolve the selections into it/,
    );
    expect(loadConfigFile(file, {}, { accounts: "listed-only" }).accounts).toHaveLength(2);
  });

  it("reads the lock from organization.accountsLock, relative to the config", () => {
    const file = join(dir, "bedrock-access.yaml");
    writeFileSync(
      file,
      stringify(rawWithSelections((r) => ((r.organization as Record<string, unknown>).accountsLock = "locks/accounts.json"))),
    );
    mkdirSync(join(dir, "locks"));
    writeFileSync(join(dir, "locks", "accounts.json"), renderAccountsLock(lockOf([locked(DATA_ID, "data")])));
    expect(loadConfigFile(file).accounts.map((a) => a.name)).toEqual(["ci", "research", "data"]);
  });

  it("reports a lock with two accounts on one stack name as bad input", () => {
    const file = join(dir, "lock.json");
    writeFileSync(file, JSON.stringify(lockOf([locked(DATA_ID, "data"), locked(ML_ID, "data")])));
    expect(() => readAccountsLock(file)).toThrow(
      /lock\.json: invalid accounts lock\n\s+- accounts\[1\]\.name: duplicate stack name: two accounts would share one stack \(got "data"\)/,
    );
    writeFileSync(file, "{");
    expect(() => readAccountsLock(file)).toThrow(/invalid accounts lock\n.*expected the JSON written by bedrock-access discover/);
    expect(readAccountsLock(join(dir, "none.json"))).toBeUndefined();
  });
});
