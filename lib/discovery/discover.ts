import { readAccountsLock } from "../config/accounts-lock";
import { accountsLockPath } from "../config/load";
import { selectionCriteria } from "../config/organization-checks";
import type { AccessConfig } from "../config/schema";
import { InputError } from "../core/errors";
import { EXIT_CODES } from "../core/exit-codes";
import type { Logger } from "../core/logger";
import { writeFileAtomically } from "../core/output-files";
import { renderAccountsLock } from "../domain/organization/accounts-lock";
import { diffLocks, hasDifferences } from "../domain/organization/lock-diff";
import { nextLock } from "./next-lock";
import { OrganizationsCallError, type OrganizationsPort } from "./port";
import { buildReport, changeCounts, type DiscoverReport } from "./report";
import { resolveSelections, type Resolution } from "./resolve";

/**
 * The organizations: actions discover calls (Service Authorization Reference, "Actions, resources, and condition
 * keys for AWS Organizations": https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html).
 */
const DISCOVER_ACTIONS = [
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

export interface DiscoverRun {
  /** The config as `discover` reads it: its listed accounts only (LoadOptions.accounts "listed-only"). */
  readonly config: AccessConfig;
  readonly configFile: string;
  /** @default - the config's organization.accountsLock, next to the config */
  readonly lockFile?: string;
  /** Write nothing; exit 1 when the Organization and the lock differ. */
  readonly check: boolean;
  /** Organizations in the management account's region, with the caller's own credentials; destroyed when done. */
  readonly connect: (region: string) => OrganizationsPort & { destroy?(): void; callCounts?(): Record<string, number> };
  readonly log: Logger;
}

/**
 * Resolves `organization.selections` against the Organization (read-only) into the accounts lock, which synth reads,
 * and writes it unless `check`. The report is undefined when an Organizations call failed (logged, exit 1).
 */
export async function discover(run: DiscoverRun): Promise<{ readonly exitCode: number; readonly report?: DiscoverReport }> {
  const { config, configFile: file, log } = run;
  const organization = config.organization;
  if (!organization) {
    throw new InputError(`${file}: nothing to discover`, [
      'organization.selections: expected at least one selection of accounts by OU or tags (docs/config.md, "Accounts from the Organization") (missing)',
    ]);
  }
  const lockFile = run.lockFile ?? accountsLockPath(file, config);
  const previous = readAccountsLock(lockFile);
  const selections = organization.selections.map((s) => ({ name: s.name, ...selectionCriteria(s) }));
  const aws = run.connect(config.managementAccount.region);
  let resolution: Resolution;
  try {
    resolution = await resolveSelections(aws, selections);
  } catch (err) {
    if (!(err instanceof OrganizationsCallError)) throw err;
    log.error(explainFailure(err));
    return { exitCode: EXIT_CODES.failed };
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
  const written = !run.check && renderAccountsLock(next) !== (previous ? renderAccountsLock(previous) : undefined);
  if (written) writeFileAtomically(lockFile, renderAccountsLock(next));
  const report = buildReport(next, resolution, differences, { lockFile, inSync, written, apiCalls: aws.callCounts?.() });
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
  if (run.check) {
    if (inSync) {
      log.info(`${lockFile} matches the Organization`);
      return { exitCode: EXIT_CODES.ok, report };
    }
    log.error(
      previous
        ? `${lockFile} differs from the Organization (${changeCounts(report)}): run bedrock-access discover, review the diff and commit it`
        : `${lockFile} does not exist: run bedrock-access discover, review the lock and commit it`,
    );
    return { exitCode: EXIT_CODES.failed, report };
  }
  log.info(
    written
      ? `wrote ${lockFile}: ${next.accounts.length} accounts, ${changeCounts(report)}; review the diff, commit it, then cdktf deploy`
      : `${lockFile} is up to date: ${next.accounts.length} accounts`,
  );
  return { exitCode: EXIT_CODES.ok, report };
}
