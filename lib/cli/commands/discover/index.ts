import { lazyCommand } from "../../command";
import { discoverFlags } from "./flags";

/**
 * `bedrock-access discover`: resolves `organization.selections` against the Organization (read-only) into the
 * accounts lock, which synth reads. `--check` writes nothing and exits 1 when the Organization and the lock differ.
 */
export const discoverCommand = lazyCommand({
  name: "discover",
  summary: "Read the Organization into the accounts lock (read-only)",
  description:
    "Read the Organization (management account or delegated administrator; read-only Organizations calls: DescribeOrganization, ListRoots, DescribeOrganizationalUnit, ListParents, ListOrganizationalUnitsForParent, ListAccountsForParent, ListTagsForResource) and resolve the config's organization.selections into the accounts lock: every ACTIVE account taken, its stack name (kept across renames), the OU path it is in and the selection that took it. Accounts that are not ACTIVE are left out and reported. Exit 0 done; with --check, writes nothing and exits 1 when the Organization and the lock differ (accounts joined, left, moved, renamed); 2 bad input.",
  flags: discoverFlags,
  load: (): typeof import("./run") => require("./run"),
});
