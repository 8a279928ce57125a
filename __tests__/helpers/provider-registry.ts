import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/**
 * A local stand-in for registry.terraform.io's provider registry protocol, serving one provider package
 * (https://developer.hashicorp.com/terraform/internals/provider-registry-protocol, "List Available Versions" and
 * "Find a Provider Package"): the versions list, the package metadata, the zip, its SHA256SUMS and a binary detached
 * GPG signature of them made with a throwaway key.
 */
export interface ProviderPackage {
  /** e.g. hashicorp/aws */
  readonly namespaceAndType: string;
  readonly version: string;
  /** e.g. linux_amd64 */
  readonly platform: string;
  /** The distribution zip, named terraform-provider-TYPE_VERSION_PLATFORM.zip. */
  readonly zipFile: string;
}

export interface ProviderRegistry {
  /** The base URL for the `providers.v1` service. */
  readonly providersUrl: string;
  /** The requests so far, in order, as "METHOD path". */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/**
 * Signs `<dir>/SHA256SUMS` with a new key in a throwaway GNUPGHOME under `dir`; returns the key's id and armored public
 * key. Stops the gpg-agent it started.
 */
function signShasums(dir: string, shasumsFile: string): { keyId: string; armor: string } {
  const home = join(dir, "gnupg");
  execFileSync("mkdir", ["-m", "700", "-p", home]);
  const gpg = (args: readonly string[]) =>
    execFileSync("gpg", ["--homedir", home, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", ...args], {
      encoding: "utf8",
      stdio: "pipe",
    });
  try {
    gpg(["--quick-gen-key", "registry stand-in <stand-in@example.invalid>", "rsa2048", "sign", "never"]);
    const pub = gpg(["--with-colons", "--list-keys"])
      .split("\n")
      .find((line) => line.startsWith("pub:"));
    const keyId = pub?.split(":")[4];
    if (!keyId) throw new Error("gpg made no key");
    gpg(["--detach-sign", "--output", `${shasumsFile}.sig`, shasumsFile]);
    return { keyId: keyId.toUpperCase(), armor: gpg(["--armor", "--export", keyId]) };
  } finally {
    execFileSync("gpgconf", ["--homedir", home, "--kill", "gpg-agent"], { stdio: "pipe" });
  }
}

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Starts the stand-in on 127.0.0.1 (a free port); `workDir` receives SHA256SUMS, its signature and the gpg home. */
export async function startProviderRegistry(pkg: ProviderPackage, workDir: string): Promise<ProviderRegistry> {
  const [namespace, type] = pkg.namespaceAndType.split("/");
  const [os, arch] = pkg.platform.split("_");
  const filename = `terraform-provider-${type}_${pkg.version}_${pkg.platform}.zip`;
  const shasum = await sha256(pkg.zipFile);
  const shasumsFile = join(workDir, "SHA256SUMS");
  writeFileSync(shasumsFile, `${shasum}  ${filename}\n`);
  const { keyId, armor } = signShasums(workDir, shasumsFile);

  const requests: string[] = [];
  const base = `/v1/providers/${namespace}/${type}`;
  const files: Record<string, string> = {
    [`/files/${filename}`]: pkg.zipFile,
    "/files/SHA256SUMS": shasumsFile,
    "/files/SHA256SUMS.sig": `${shasumsFile}.sig`,
  };
  const server: Server = createServer((req, res): void => {
    const path = req.url ?? "";
    requests.push(`${req.method ?? "GET"} ${path}`);
    const json = (body: unknown): void => void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (path === `${base}/versions`) {
      return json({ versions: [{ version: pkg.version, protocols: ["5.0"], platforms: [{ os, arch }] }] });
    }
    if (path === `${base}/${pkg.version}/download/${os}/${arch}`) {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return json({
        protocols: ["5.0"],
        os,
        arch,
        filename,
        download_url: `${origin}/files/${filename}`,
        shasums_url: `${origin}/files/SHA256SUMS`,
        shasums_signature_url: `${origin}/files/SHA256SUMS.sig`,
        shasum,
        signing_keys: { gpg_public_keys: [{ key_id: keyId, ascii_armor: armor, trust_signature: "", source: "", source_url: "" }] },
      });
    }
    const file = files[path];
    if (file) {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": statSync(file).size });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const port = (server.address() as AddressInfo).port;
  return {
    providersUrl: `http://127.0.0.1:${port}/v1/providers/`,
    requests,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

/** A CLI config block that sends registry.terraform.io's provider requests to the stand-in. */
export function registryHostBlock(registry: ProviderRegistry): string {
  return `host "registry.terraform.io" {\n  services = {\n    "providers.v1" = ${JSON.stringify(registry.providersUrl)}\n  }\n}\n`;
}

/** The unpacked provider folder (`<mirror>/<host>/<ns>/<type>/<version>/<platform>`) if `root` has one. */
export function unpackedProvider(root: string, source: string, version: string, platform: string): string | undefined {
  const dir = join(root, source, version, platform);
  return existsSync(dir) && readdirSync(dir).length > 0 ? dir : undefined;
}
