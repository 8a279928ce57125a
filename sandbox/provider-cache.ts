import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "../lib/core/process";
import { describeProviderSource, pinnedAwsProvider, providerSourceLine, sandboxTerraformEnv } from "./terraform-cli-config";

/** A first download of ~100 MB on a slow line: minutes, not the CI job's timeout. */
const DOWNLOAD_TIMEOUT_MS = 15 * 60_000;

/**
 * sandboxTerraformEnv for `dir`, with the pinned provider downloaded into the plugin cache first when it comes from
 * the registry and is not there yet: what the sandbox and any test that runs terraform or cdktf start with.
 */
export async function terraformEnvWithProvider(
  dir: string,
  log?: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, string>> {
  const provider = describeProviderSource(env);
  log?.(`Terraform provider: ${providerSourceLine(provider)}`);
  const terraformEnv = sandboxTerraformEnv(dir, env);
  if (provider.kind === "registry" && !provider.cached) await fillProviderCache(join(dir, "provider-download"), terraformEnv);
  return terraformEnv;
}

/**
 * @internal also run by the registry stand-in test. Downloads the pinned AWS provider into the plugin cache with one `terraform init` in `dir`, before cdktf starts
 * `parallelism` stacks' inits at once: "The plugin cache directory is not guaranteed to be concurrency safe"
 * (Terraform CLI Configuration, "Provider Plugin Cache"). `terraformEnv` is what sandboxTerraformEnv returned.
 */
export async function fillProviderCache(dir: string, terraformEnv: Record<string, string>): Promise<void> {
  const { source, version } = pinnedAwsProvider();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: { aws: { source, version } } } }, null, 2));
  // Terraform's own variables from the caller (TF_PLUGIN_CACHE_DIR overrides the CLI config's cache) stay out.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TF_")));
  const init = await runCommand("terraform", ["init", "-backend=false", "-input=false", "-no-color"], {
    cwd: dir,
    env: { ...inherited, ...terraformEnv },
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
  });
  if (init.exitCode !== 0 || init.stopped) {
    throw new Error(
      `could not download ${source} ${version} (terraform init ${init.stopped ?? `exit code ${init.exitCode}`}): ${init.output.trim().slice(-1500)}\n` +
        'Without internet access, point TF_PROVIDER_MIRROR at a provider mirror (docs/sandbox.md, "Building the mirror for air-gapped CI").',
    );
  }
}
