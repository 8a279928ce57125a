import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import {
  describeProviderSource,
  pinnedAwsProvider,
  providerSourceLine,
  sandboxTerraformEnv,
  terraformPlatform,
} from "../../sandbox/terraform-cli-config";

const { source, version } = pinnedAwsProvider();
const platform = terraformPlatform();

describe("the sandbox's Terraform CLI config", () => {
  let work: string;
  beforeEach(() => (work = mkdtempSync(join(tmpdir(), "bedrock-cli-config-"))));
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  /** A mirror folder holding `entry` (a version folder or a packed zip) for the pinned provider. */
  function mirrorWith(entry: string, kind: "folder" | "file"): string {
    const dir = join(work, "mirror", source);
    mkdirSync(dir, { recursive: true });
    if (kind === "folder") mkdirSync(join(dir, entry, platform), { recursive: true });
    else writeFileSync(join(dir, entry), "");
    return join(work, "mirror");
  }

  it("pins the provider the bindings were generated for", () => {
    const bindings = JSON.parse(readFileSync(require.resolve("@cdktf/provider-aws/package.json"), "utf8")) as {
      cdktf: { provider: unknown };
    };
    expect(bindings.cdktf.provider).toEqual({ name: source, version });
    expect(source).toMatch(/^registry\.terraform\.io\/hashicorp\/aws$/);
  });

  describe("with a mirror", () => {
    it.each([
      ["unpacked (VERSION/PLATFORM folders)", version, "folder"],
      ["packed (terraform providers mirror's zips)", `terraform-provider-aws_${version}_${platform}.zip`, "file"],
    ] as const)("uses a mirror in the %s layout", (_layout, entry, kind) => {
      const mirror = mirrorWith(entry, kind);
      expect(describeProviderSource({ TF_PROVIDER_MIRROR: mirror })).toEqual({ kind: "mirror", dir: mirror });
    });

    it("installs from the mirror only, with no plugin cache", () => {
      const mirror = mirrorWith(version, "folder");
      const env = sandboxTerraformEnv(join(work, "sandbox"), { TF_PROVIDER_MIRROR: mirror });
      const text = readFileSync(env.TF_CLI_CONFIG_FILE, "utf8");
      expect(text).toContain(`filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/*/*"]`);
      expect(text).toContain('direct {\n    exclude = ["registry.terraform.io/*/*"]');
      expect(text).not.toContain("plugin_cache_dir");
    });

    it.each([
      ["holds no provider", () => join(work, "empty")],
      ["holds another version only", () => mirrorWith("5.0.0", "folder")],
    ])("stops, naming TF_PROVIDER_MIRROR, when the mirror asked for %s", (_case, dir) => {
      const mirror = dir();
      mkdirSync(mirror, { recursive: true });
      expect(() => sandboxTerraformEnv(join(work, "sandbox"), { TF_PROVIDER_MIRROR: mirror })).toThrow(
        new RegExp(`TF_PROVIDER_MIRROR=${mirror} does not hold ${source} ${version}.*TF_PROVIDER_MIRROR=none`),
      );
    });
  });

  describe("without a mirror (TF_PROVIDER_MIRROR=none)", () => {
    it("downloads from the registry into a plugin cache it creates, which every stack may reuse", () => {
      const cache = join(work, "cache");
      const env = sandboxTerraformEnv(join(work, "sandbox"), { TF_PROVIDER_MIRROR: "none", SANDBOX_PROVIDER_CACHE: cache });
      const text = readFileSync(env.TF_CLI_CONFIG_FILE, "utf8");
      expect(statSync(cache).isDirectory()).toBe(true);
      expect(text).toMatch(new RegExp(`^plugin_cache_dir = ${JSON.stringify(cache).replace(/[\\/]/g, "\\$&")}$`, "m"));
      expect(text).toMatch(/^plugin_cache_may_break_dependency_lock_file = true$/m);
      expect(text).toContain("provider_installation {\n  direct {}\n}");
      expect(text).not.toContain("filesystem_mirror");
    });

    it("keeps the cache under .sandbox/ in the project unless SANDBOX_PROVIDER_CACHE moves it", () => {
      const described = describeProviderSource({ TF_PROVIDER_MIRROR: "none" });
      expect(described.kind === "registry" && described.cacheDir).toBe(
        resolve(__dirname, "..", "..", ".sandbox", "terraform-plugin-cache"),
      );
      const moved = describeProviderSource({ TF_PROVIDER_MIRROR: "none", SANDBOX_PROVIDER_CACHE: "relative/cache" });
      expect(moved.kind === "registry" && isAbsolute(moved.cacheDir)).toBe(true);
    });

    it("reports the provider cached once this platform's package is in the cache", () => {
      const cache = join(work, "cache");
      const env = { TF_PROVIDER_MIRROR: "none", SANDBOX_PROVIDER_CACHE: cache };
      mkdirSync(join(cache, source, version, "other_platform"), { recursive: true });
      writeFileSync(join(cache, source, version, "other_platform", "terraform-provider-aws"), "");
      expect(describeProviderSource(env)).toEqual({ kind: "registry", cacheDir: cache, cached: false });
      mkdirSync(join(cache, source, version, platform), { recursive: true });
      writeFileSync(join(cache, source, version, platform, "terraform-provider-aws"), "");
      expect(describeProviderSource(env)).toEqual({ kind: "registry", cacheDir: cache, cached: true });
    });
  });

  it("says where the provider comes from", () => {
    expect(providerSourceLine({ kind: "mirror", dir: "/opt/tf-plugins" })).toBe(
      `hashicorp/aws ${version} from the mirror at /opt/tf-plugins`,
    );
    const cacheDir = resolve(__dirname, "..", "..", ".sandbox", "terraform-plugin-cache");
    expect(providerSourceLine({ kind: "registry", cacheDir, cached: false })).toBe(
      `downloading hashicorp/aws ${version} from registry.terraform.io into .sandbox/terraform-plugin-cache (once; later runs reuse it)`,
    );
    expect(providerSourceLine({ kind: "registry", cacheDir, cached: true })).toMatch(
      /from the plugin cache at \.sandbox\/terraform-plugin-cache/,
    );
  });

  it.each([
    ["linux", "x64", "linux_amd64"],
    ["darwin", "arm64", "darwin_arm64"],
    ["win32", "x64", "windows_amd64"],
  ] as const)("names the %s %s platform as Terraform does", (os, arch, expected) => {
    expect(terraformPlatform(os, arch)).toBe(expected);
  });
});
