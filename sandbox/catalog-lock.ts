import { relative } from "node:path";
import { catalogLockPath } from "../lib/config/load";
import { runBedrockAccess } from "./cdktf";
import { cleanEnv, type Sandbox } from "./sandbox";

/**
 * A first real run starts with `bedrock-access catalog refresh`, so the policies grant what AWS routes each profile to
 * rather than the built-in tables; here the Bedrock emulator answers, as the pipeline role, and the lock lands next to
 * the sandbox's config copy (never the user's checkout). A lock the config came with is kept. Returns the line to show.
 */
export async function refreshSandboxCatalogLock(sandbox: Sandbox, project: string, signal?: AbortSignal): Promise<string> {
  const lockFile = relative(project, catalogLockPath(sandbox.configFile, sandbox.config));
  if (sandbox.config.catalog.lock) return `catalog lock: ${lockFile}, copied from the config's`;
  const refresh = await runBedrockAccess(["catalog", "refresh", "--config", sandbox.configFile], {
    cwd: project,
    env: { ...cleanEnv(), ...(await sandbox.pipelineEnv()) },
    signal,
  });
  if (refresh.exitCode !== 0) {
    throw new Error(`bedrock-access catalog refresh failed with exit code ${refresh.exitCode}:\n${refresh.output}`);
  }
  return `bedrock-access catalog refresh: recorded what the Bedrock emulator routes each profile to in ${lockFile}, as a first real run does`;
}
