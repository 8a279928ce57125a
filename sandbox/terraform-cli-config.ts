import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, relative, resolve } from "node:path";
import { isRecord } from "../lib/core/validation";
import { PROJECT } from "./project";

/**
 * Terraform for tests and the sandbox only: a CLI config that installs the AWS provider from a local filesystem
 * mirror (offline CI), or, on a machine without one, from registry.terraform.io into a plugin cache under
 * `.sandbox/` that later runs and every stack directory reuse. Real users keep their own Terraform configuration.
 */
const MIRROR_ENV = "TF_PROVIDER_MIRROR";
/** `TF_PROVIDER_MIRROR=none`: ignore any mirror on the machine and download from the registry. */
const NO_MIRROR = "none";
const CACHE_ENV = "SANDBOX_PROVIDER_CACHE";
const CANDIDATES = [
  "/opt/tf-plugins",
  join(homedir(), ".terraform.d", "plugins"),
  "/usr/share/terraform/plugins",
  "/usr/local/share/terraform/plugins",
];
const REGISTRY_HOST = "registry.terraform.io";

export type ProviderSource = { kind: "mirror"; dir: string } | { kind: "registry"; cacheDir: string; cached: boolean };

/** The AWS provider the generated bindings were built for: `@cdktf/provider-aws`'s package.json `cdktf.provider`. */
export function pinnedAwsProvider(): { source: string; version: string } {
  const file = require.resolve("@cdktf/provider-aws/package.json");
  const manifest: unknown = JSON.parse(readFileSync(file, "utf8"));
  const cdktf = isRecord(manifest) ? manifest.cdktf : undefined;
  const provider = isRecord(cdktf) ? cdktf.provider : undefined;
  const { name, version } = isRecord(provider) ? provider : {};
  if (typeof name !== "string" || typeof version !== "string") throw new Error(`${file} has no cdktf.provider name and version`);
  return { source: name, version };
}

/** `hashicorp/aws` from `registry.terraform.io/hashicorp/aws`. */
function providerPath(source: string): string[] {
  const parts = source.split("/");
  return parts.length === 3 ? parts : [REGISTRY_HOST, ...parts];
}

/** @internal the tests build the platform folder Terraform caches in. Terraform's name for a platform, e.g. linux_amd64. */
export function terraformPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const os = platform === "win32" ? "windows" : platform;
  const cpu = ({ x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" } as Record<string, string>)[arch] ?? arch;
  return `${os}_${cpu}`;
}

/**
 * Whether a mirror folder holds the pinned version, in either layout a filesystem_mirror reads: unpacked
 * (`<host>/<ns>/<type>/<version>/<platform>/`, what /opt/tf-plugins has) or packed
 * (`<host>/<ns>/<type>/terraform-provider-<type>_<version>_<platform>.zip`, what `terraform providers mirror` writes).
 */
function mirrorHolds(dir: string): boolean {
  const { source, version } = pinnedAwsProvider();
  const folder = join(dir, ...providerPath(source));
  if (!existsSync(folder)) return false;
  const type = providerPath(source)[2];
  return readdirSync(folder).some(
    (entry) => entry === version || (entry.startsWith(`terraform-provider-${type}_${version}_`) && entry.endsWith(".zip")),
  );
}

/** The mirror root (the folder holding registry.terraform.io/), or undefined if no candidate holds the pinned version. */
function findProviderMirror(env: NodeJS.ProcessEnv): string | undefined {
  const explicit = env[MIRROR_ENV];
  if (explicit === NO_MIRROR) return undefined;
  if (explicit) {
    // Asked for by name: a mirror without the provider is a mistake to report, not a reason to go online.
    if (!mirrorHolds(explicit)) {
      const { source, version } = pinnedAwsProvider();
      throw new Error(
        `${MIRROR_ENV}=${explicit} does not hold ${source} ${version}; point ${MIRROR_ENV} at a mirror that does (docs/sandbox.md, "Building the mirror for air-gapped CI"), or set ${MIRROR_ENV}=${NO_MIRROR} to download it from the registry`,
      );
    }
    return explicit;
  }
  return CANDIDATES.find(mirrorHolds);
}

/** The registry download cache: `$SANDBOX_PROVIDER_CACHE`, else `.sandbox/terraform-plugin-cache` in the project. */
function pluginCacheDir(env: NodeJS.ProcessEnv): string {
  return resolve(env[CACHE_ENV] || join(PROJECT, ".sandbox", "terraform-plugin-cache"));
}

/** Whether the plugin cache holds the pinned provider for this platform (the unpacked layout Terraform caches in). */
function isCached(cacheDir: string): boolean {
  const { source, version } = pinnedAwsProvider();
  const folder = join(cacheDir, ...providerPath(source), version, terraformPlatform());
  return existsSync(folder) && readdirSync(folder).length > 0;
}

/**
 * Where the sandbox's Terraform gets the AWS provider: a mirror (`$TF_PROVIDER_MIRROR`, else the first of the usual
 * folders that holds the pinned version), or the registry through the plugin cache. Throws when `$TF_PROVIDER_MIRROR`
 * names a folder without the pinned version.
 */
export function describeProviderSource(env: NodeJS.ProcessEnv = process.env): ProviderSource {
  const mirror = findProviderMirror(env);
  if (mirror) return { kind: "mirror", dir: mirror };
  const cacheDir = pluginCacheDir(env);
  return { kind: "registry", cacheDir, cached: isCached(cacheDir) };
}

/** One line saying where the provider comes from, for the sandbox's log. */
export function providerSourceLine(source: ProviderSource): string {
  const { source: name, version } = pinnedAwsProvider();
  const provider = `${providerPath(name).slice(1).join("/")} ${version}`;
  if (source.kind === "mirror") return `${provider} from the mirror at ${source.dir}`;
  const where = relative(PROJECT, source.cacheDir).startsWith("..") ? source.cacheDir : relative(PROJECT, source.cacheDir);
  return source.cached
    ? `${provider} from the plugin cache at ${where} (downloaded from ${REGISTRY_HOST} on an earlier run)`
    : `downloading ${provider} from ${REGISTRY_HOST} into ${where} (once; later runs reuse it)`;
}

/** The CLI config text for a provider source. */
function terraformCliConfig(source: ProviderSource): string {
  if (source.kind === "mirror") {
    return [
      "provider_installation {",
      `  filesystem_mirror {\n    path    = ${JSON.stringify(source.dir)}\n    include = ["${REGISTRY_HOST}/*/*"]\n  }`,
      `  direct {\n    exclude = ["${REGISTRY_HOST}/*/*"]\n  }`,
      "}",
      "",
    ].join("\n");
  }
  return [
    `plugin_cache_dir = ${JSON.stringify(source.cacheDir)}`,
    // "By default Terraform will use packages from the global cache directory only if they match at least one of the
    // checksums recorded in the dependency lock file" (Terraform 1.4+; CLI Configuration, "Allowing the Provider Plugin
    // Cache to break the dependency lock file", https://developer.hashicorp.com/terraform/cli/config/config-file).
    // Each cdktf stack directory starts without a lock file, so without this every stack downloads the provider again.
    "plugin_cache_may_break_dependency_lock_file = true",
    // Explicit, so plugins in Terraform's implied local mirror folders cannot shadow the pinned version.
    "provider_installation {",
    "  direct {}",
    "}",
    "",
  ].join("\n");
}

/**
 * Writes `<dir>/terraformrc` and returns the environment that makes terraform and cdktf use it. Creates the plugin
 * cache when the provider comes from the registry. Throws, naming the variable, when `$TF_PROVIDER_MIRROR` names a
 * folder without the pinned provider.
 */
export function sandboxTerraformEnv(dir: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const source = describeProviderSource(env);
  if (source.kind === "registry") mkdirSync(source.cacheDir, { recursive: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "terraformrc");
  writeFileSync(file, terraformCliConfig(source));
  return { TF_CLI_CONFIG_FILE: file, CHECKPOINT_DISABLE: "1" };
}
