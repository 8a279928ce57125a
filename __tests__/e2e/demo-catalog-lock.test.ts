import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { catalogLockPath, loadConfigFile } from "../../lib/config/load";
import { configWarnings } from "../../lib/config/warnings";
import { refreshSandboxCatalogLock } from "../../sandbox/catalog-lock";
import { startSandbox, type Sandbox } from "../../sandbox/sandbox";

/**
 * The demo's first run on the example config: it refreshes the catalog lock from the Bedrock emulator before the
 * deploy, so neither synth nor enable warns "no catalog lock", and the lock lands in the sandbox's folder only.
 */
jest.setTimeout(120_000);

const PROJECT = resolve(__dirname, "..", "..");
const EXAMPLE = join(PROJECT, "bedrock-access.yaml");

let work: string;
let sandbox: Sandbox;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "bedrock-demo-lock-"));
  sandbox = await startSandbox({ configFile: EXAMPLE, workDir: work });
});

afterAll(async () => {
  await sandbox?.stop();
  rmSync(work, { recursive: true, force: true });
});

it("records the emulator's routes in a lock next to the sandbox's config copy, after which the config warns of nothing", async () => {
  const checkoutLock = catalogLockPath(EXAMPLE, loadConfigFile(EXAMPLE));
  const hadCheckoutLock = existsSync(checkoutLock);
  const before = configWarnings(loadConfigFile(sandbox.configFile));

  const line = await refreshSandboxCatalogLock(sandbox, PROJECT);

  expect(before).toEqual([expect.stringMatching(/^no catalog lock /)]);
  expect(line).toMatch(/^bedrock-access catalog refresh: recorded what the Bedrock emulator routes each profile to in /);
  expect(existsSync(catalogLockPath(sandbox.configFile, sandbox.config))).toBe(true);
  expect(catalogLockPath(sandbox.configFile, sandbox.config).startsWith(work)).toBe(true);
  expect(existsSync(checkoutLock)).toBe(hadCheckoutLock);
  expect(configWarnings(loadConfigFile(sandbox.configFile))).toEqual([]);
});
