import Table from "cli-table3";
import { unusedOfferingLines, unusedOfferings } from "../../../catalog-sync/offerings";
import { refreshCatalog, type RefreshedProfile, type RefreshResult } from "../../../catalog-sync/refresh";
import { catalogLockPath, loadConfig } from "../../../config/load";
import { writeFileAtomically } from "../../../core/output-files";
import { renderCatalogLock } from "../../../domain/catalog/lock";
import type { CommandRun } from "../../command";
import { ioLogger } from "../../io";
import type { catalogRefreshFlags } from "./flags";

const regionsCell = (regions: readonly string[]) => (regions.length === 0 ? "" : regions.join(", "));

function table(profiles: readonly RefreshedProfile[]): string {
  const t = new Table({ head: ["Region", "Profile", "Destinations", "Added", "Removed"], style: { head: [], border: [], compact: true } });
  for (const p of profiles) {
    const destinations = p.exists ? String(new Set(p.modelArns).size) : "NOT LISTED BY AWS";
    t.push([p.region, p.profileId, destinations, regionsCell(p.added), regionsCell(p.removed)]);
  }
  return `${t.toString()}\n`;
}

/** `bedrock-access catalog refresh`: read-only in AWS; writes the lock file unless --dry-run. */
export const run: CommandRun<typeof catalogRefreshFlags> = async ({ flags: parsed }, io) => {
  // A model the config names may be one AWS launched after this release: refresh is how the lock learns it.
  const { file, config } = loadConfig(parsed.config, io.env, { models: "accept-unknown" });
  const lockFile = parsed.lock ?? catalogLockPath(file, config);
  const log = ioLogger(io);
  const aws = io.createCatalogAws();
  let result: RefreshResult;
  try {
    result = await refreshCatalog(config, aws, new Date(io.clock.now()).toISOString().slice(0, 10), (line) => log.info(line));
  } finally {
    aws.destroy?.();
  }
  const { profiles, unknownModels, lock } = result;
  io.stdout(table(profiles));
  for (const line of unusedOfferingLines(unusedOfferings(config, result.offerings))) log.info(`offered by AWS, unused: ${line}`);
  const missing = profiles.filter((p) => !p.exists);
  for (const p of missing) {
    log.error(`${p.region}: AWS lists no inference profile ${p.profileId}; remove that profile kind or region for the model in the config`);
  }
  for (const id of unknownModels) {
    log.error(
      `${id}: AWS lists no such Anthropic model in ${Object.keys(lock.regions).join(", ") || "the config's regions"}; check the id`,
    );
  }
  if (missing.length > 0 || unknownModels.length > 0) return 1;
  const changed = profiles.filter((p) => p.added.length > 0 || p.removed.length > 0).length;
  const counts = `${Object.keys(lock.models).length} Anthropic models, ${profiles.length} configured profiles, ${changed} changed`;
  if (parsed.dryRun) {
    log.info(`dry run: ${counts}; ${lockFile} not written`);
    return 0;
  }
  writeFileAtomically(lockFile, renderCatalogLock(lock));
  log.info(`wrote ${lockFile}: ${counts}; review the diff, then cdktf deploy`);
  return 0;
};
