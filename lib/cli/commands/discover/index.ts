import { z } from "zod";
import { readAccountsLock } from "../../../config/accounts-lock";
import { accountsLockPath, configPath, loadConfigFile } from "../../../config/load";
import { selectionCriteria } from "../../../config/organization-checks";
import { InputError } from "../../../core/errors";
import { EXIT_CODES } from "../../../core/exit-codes";
import { writeFileAtomically } from "../../../core/output-files";
import { renderAccountsLock } from "../../../domain/organization/accounts-lock";
import { diffLocks, hasDifferences } from "../../../domain/organization/lock-diff";
import type { CliCommand } from "../../command";
import { nextLock } from "../../../discovery/next-lock";
import { OrganizationsCallError } from "../../../discovery/port";
import { resolveSelections, type Resolution } from "../../../discovery/resolve";
import { ioLogger } from "../../io";
import { CONFIG_OPTION, parseOptions } from "../../options";
import { buildReport, changeCounts, renderReport } from "../../../discovery/report";

const discoverSchema = z.object({
  config: z.string().optional(),
  lock: z.string().optional(),
  check: z.boolean().default(false),
  json: z.boolean().default(false),
});

/**
 * The organizations: actions discover calls (Service Authorization Reference, "Actions, resources, and condition
 * keys for AWS Organizations": https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html).
 */
export const DISCOVER_ACTIONS = [
  "organizations:DescribeOrganization",
  "organizations:ListRoots",
  "organizations:DescribeOrganizationalUnit",
  "organizations:ListParents",
  "organizations:ListOrganizationalUnitsForParent",
  "organizations:ListAccountsForParent",
  "organizations:ListTagsForResource",
] as const;

/** Why a call failed, and what to do: the calls need the management account or a delegated administrator. */
function explainFailure(err: OrganizationsCallError): string {
  if (err.code === "AWSOrganizationsNotInUseException") {
    return `${err.operation}: the credentials' account is not in an Organization (${err.code}); run discover from the management account or a delegated administrator`;
  }
  if (/AccessDenied/.test(err.code)) {
    return `${err.operation}: ${err.code}: ${err.message}. discover needs ${DISCOVER_ACTIONS.join(", ")}, from the management account or a delegated administrator for AWS Organizations (docs/config.md, "Permissions")`;
  }
  return `${err.operation}: ${err.code}: ${err.message}`;
}

/**
 * `bedrock-access discover`: resolves `organization.selections` against the Organization (read-only) into the
 * accounts lock, which synth reads. `--check` writes nothing and exits 1 when the Organization and the lock differ.
 */
export const discoverCommand: CliCommand = {
  name: "discover",
  summary: "Read the Organization into the accounts lock (read-only)",
  description:
    "Read the Organization (management account or delegated administrator; read-only Organizations calls: DescribeOrganization, ListRoots, DescribeOrganizationalUnit, ListParents, ListOrganizationalUnitsForParent, ListAccountsForParent, ListTagsForResource) and resolve the config's organization.selections into the accounts lock: every ACTIVE account taken, its stack name (kept across renames), the OU path it is in and the selection that took it. Accounts that are not ACTIVE are left out and reported. Exit 0 done; with --check, writes nothing and exits 1 when the Organization and the lock differ (accounts joined, left, moved, renamed); 2 bad input.",
  define: (command) =>
    command
      .option(...CONFIG_OPTION)
      .option("--lock <file>", "the accounts lock (default: the config's organization.accountsLock, next to the config)")
      .option("--check", "write nothing; exit 1 when the Organization and the lock differ")
      .option("--json", "print the report as JSON instead of the table"),
  run: async ({ options }, io) => {
    const flags = parseOptions(discoverSchema, options);
    const file = configPath(flags.config, io.env);
    const config = loadConfigFile(file, io.env, { accounts: "listed-only" });
    const organization = config.organization;
    if (!organization) {
      throw new InputError(`${file}: nothing to discover`, [
        'organization.selections: expected at least one selection of accounts by OU or tags (docs/config.md, "Accounts from the Organization") (missing)',
      ]);
    }
    const lockFile = flags.lock ?? accountsLockPath(file, config);
    const previous = readAccountsLock(lockFile);
    const log = ioLogger(io);
    const selections = organization.selections.map((s) => ({ name: s.name, ...selectionCriteria(s) }));
    const aws = io.createOrganizations({ region: config.managementAccount.region });
    let resolution: Resolution;
    try {
      resolution = await resolveSelections(aws, selections);
    } catch (err) {
      if (!(err instanceof OrganizationsCallError)) throw err;
      log.error(explainFailure(err));
      return EXIT_CODES.failed;
    } finally {
      aws.destroy?.();
    }
    if (resolution.managementAccountId !== config.managementAccount.id) {
      throw new InputError(`${file}: another Organization`, [
        `managementAccount.id: expected the management account of the Organization the credentials reach, ${resolution.organizationId}, which is ${resolution.managementAccountId} (got "${config.managementAccount.id}")`,
      ]);
    }
    const criteria = Object.fromEntries(selections.map(({ name, ...c }) => [name, c]));
    const next = nextLock(resolution, criteria, previous, config.accounts);
    const differences = diffLocks(previous, next);
    const inSync = previous !== undefined && !hasDifferences(differences);
    const written = !flags.check && renderAccountsLock(next) !== (previous ? renderAccountsLock(previous) : undefined);
    if (written) writeFileAtomically(lockFile, renderAccountsLock(next));
    const report = buildReport(next, resolution, differences, { lockFile, inSync, written, apiCalls: aws.callCounts?.() });
    io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
    for (const a of resolution.leftOut) {
      log.warn(
        `${a.id} (${a.accountName}, ${a.ouPath}) is ${a.state}: left out (selection ${a.selection}); only ACTIVE accounts get a stack`,
      );
    }
    const listed = new Map(config.accounts.map((a, i) => [a.id, i]));
    for (const a of next.accounts.filter((locked) => listed.has(locked.id))) {
      log.warn(
        `accounts[${listed.get(a.id)}].id: account ${a.id} is also selected (selection ${a.selection}); the listed entry wins at synth, and the lock keeps it in case it is unlisted`,
      );
    }
    if (resolution.accounts.length === 0) log.warn(`no ACTIVE account matches organization.selections in ${resolution.organizationId}`);
    if (report.apiCalls) {
      const calls = Object.entries(report.apiCalls);
      log.info(`Organizations calls: ${calls.reduce((n, [, c]) => n + c, 0)} (${calls.map(([op, c]) => `${op} ${c}`).join(", ")})`);
    }
    if (flags.check) {
      if (inSync) {
        log.info(`${lockFile} matches the Organization`);
        return EXIT_CODES.ok;
      }
      log.error(
        previous
          ? `${lockFile} differs from the Organization (${changeCounts(report)}): run bedrock-access discover, review the diff and commit it`
          : `${lockFile} does not exist: run bedrock-access discover, review the lock and commit it`,
      );
      return EXIT_CODES.failed;
    }
    log.info(
      written
        ? `wrote ${lockFile}: ${next.accounts.length} accounts, ${changeCounts(report)}; review the diff, commit it, then cdktf deploy`
        : `${lockFile} is up to date: ${next.accounts.length} accounts`,
    );
    return EXIT_CODES.ok;
  },
};
