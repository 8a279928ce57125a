import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../../lib/core/process";
import { fillProviderCache } from "../../sandbox/provider-cache";
import { describeProviderSource, pinnedAwsProvider, sandboxTerraformEnv, terraformPlatform } from "../../sandbox/terraform-cli-config";
import { registryHostBlock, startProviderRegistry, unpackedProvider, type ProviderRegistry } from "../helpers/provider-registry";

/**
 * The sandbox on a machine without a provider mirror: Terraform downloads the pinned AWS provider from the registry
 * (here a stand-in on 127.0.0.1 serving this machine's copy of the provider) into the plugin cache once, and a second
 * stack directory installs it from the cache without downloading it again.
 */
jest.setTimeout(10 * 60_000);

const { source, version } = pinnedAwsProvider();
const platform = terraformPlatform();
const [, namespace, type] = source.split("/");
const zipName = `terraform-provider-${type}_${version}_${platform}.zip`;

/** This machine's copy of the provider as a distribution zip: a packed mirror's zip, else the unpacked one zipped. */
function providerZip(work: string): string {
  const local = describeProviderSource();
  const root = local.kind === "mirror" ? local.dir : local.cacheDir;
  const packed = join(root, source.split("/")[0], namespace, type, zipName);
  if (existsSync(packed)) return packed;
  const unpacked = unpackedProvider(root, source, version, platform);
  if (!unpacked)
    throw new Error(
      `this test serves a local copy of ${source} ${version} (${platform}); none in ${root}: run npm run demo once, or set TF_PROVIDER_MIRROR`,
    );
  const zip = join(work, zipName);
  // Stored, not deflated: the test is about where the package comes from, not its size.
  execFileSync("zip", ["-0", "-q", "-j", zip, ...readdirSync(unpacked).map((file) => join(unpacked, file))]);
  return zip;
}

function stackDir(parent: string, name: string): string {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: { aws: { source, version } } } }));
  return dir;
}

/** Downloads of the package (Terraform sends a HEAD before the GET). */
const zipDownloads = (registry: ProviderRegistry) =>
  registry.requests.filter((request) => request.startsWith("GET ") && request.endsWith(".zip")).length;

describe("the sandbox's Terraform without a provider mirror", () => {
  let work: string;
  let cache: string;
  let registry: ProviderRegistry;
  let terraformEnv: Record<string, string>;
  const noMirror = () => ({ TF_PROVIDER_MIRROR: "none", SANDBOX_PROVIDER_CACHE: cache });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "bedrock-provider-download-"));
    cache = join(work, "plugin-cache");
    const started = Date.now();
    registry = await startProviderRegistry(
      { namespaceAndType: `${namespace}/${type}`, version, platform, zipFile: providerZip(work) },
      work,
    );
    process.stderr.write(`registry stand-in ready in ${Date.now() - started} ms\n`);
    terraformEnv = sandboxTerraformEnv(join(work, "sandbox"), noMirror());
    // The one thing the test adds to the sandbox's CLI config: registry.terraform.io is the stand-in.
    appendFileSync(terraformEnv.TF_CLI_CONFIG_FILE, registryHostBlock(registry));
  });

  afterAll(async () => {
    await registry?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("starts with an empty cache that the set-up created", () => {
    expect(statSync(cache).isDirectory()).toBe(true);
    expect(describeProviderSource(noMirror())).toEqual({ kind: "registry", cacheDir: cache, cached: false });
  });

  it("downloads the pinned provider from the registry into the cache once", async () => {
    const started = Date.now();
    await fillProviderCache(join(work, "first"), terraformEnv);
    process.stderr.write(`first init (download) ${Date.now() - started} ms\n`);
    expect(registry.requests).toContain(`GET /v1/providers/${namespace}/${type}/versions`);
    expect(zipDownloads(registry)).toBe(1);
    expect(describeProviderSource(noMirror())).toEqual({ kind: "registry", cacheDir: cache, cached: true });
  });

  it("installs a second stack's provider from the cache without downloading it again", async () => {
    const before = zipDownloads(registry);
    const dir = stackDir(work, "second");
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TF_")));
    const started = Date.now();
    const init = await runCommand("terraform", ["init", "-backend=false", "-input=false", "-no-color"], {
      cwd: dir,
      env: { ...inherited, ...terraformEnv },
    });
    process.stderr.write(`second init (cache) ${Date.now() - started} ms\n`);
    expect(init.output).toContain("Terraform has been successfully initialized");
    expect(init.exitCode).toBe(0);
    expect(zipDownloads(registry)).toBe(before);
    const installed = join(dir, ".terraform", "providers", source, version, platform);
    expect(realpathSync(installed).startsWith(realpathSync(cache))).toBe(true);
  });

  it("builds an air-gapped mirror with terraform providers mirror that the set-up finds and installs from", async () => {
    const mirror = join(work, "built-mirror");
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TF_")));
    const built = await runCommand("terraform", ["providers", "mirror", `-platform=${platform}`, mirror], {
      cwd: stackDir(work, "mirror-source"),
      env: { ...inherited, ...terraformEnv },
    });
    expect(built.exitCode).toBe(0);
    expect(readdirSync(join(mirror, source))).toContain(zipName);

    expect(describeProviderSource({ TF_PROVIDER_MIRROR: mirror })).toEqual({ kind: "mirror", dir: mirror });
    const downloads = zipDownloads(registry);
    // The sandbox's mirror config excludes registry.terraform.io from direct installs: this init can only use the mirror.
    const offline = sandboxTerraformEnv(join(work, "mirror-sandbox"), { TF_PROVIDER_MIRROR: mirror });
    const init = await runCommand("terraform", ["init", "-backend=false", "-input=false", "-no-color"], {
      cwd: stackDir(work, "from-mirror"),
      env: { ...inherited, ...offline },
    });
    expect(init.output).toContain("Terraform has been successfully initialized");
    expect(zipDownloads(registry)).toBe(downloads);
  });
});
