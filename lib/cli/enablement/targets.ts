import { loadConfig } from "../../config/load";
import type { AccessConfig } from "../../config/schema";
import { readStackOutputs } from "../../contracts/stack-outputs/read";
import { buildTargets, type EnablementTargets } from "../../enablement/targets";
import type { CommonCli } from "./options";

/** The config and the targets enable, status and preflight act on; bad input throws InputError before any AWS call. */
export function loadTargets(
  cli: Pick<CommonCli, "configFile" | "outputs" | "filters">,
  env: Readonly<Record<string, string | undefined>>,
): { readonly config: AccessConfig; readonly targets: EnablementTargets } {
  const { config } = loadConfig(cli.configFile, env);
  return { config, targets: buildTargets(config, readStackOutputs(cli.outputs), cli.filters) };
}
