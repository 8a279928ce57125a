import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import type { AnthropicModelListing, CatalogAws } from "../../lib/catalog-sync/aws";
import type { CliIo } from "../../lib/cli/io";
import { testIo } from "../helpers/cli-io";
import { runCli } from "../../lib/cli/run-cli";
import { resolveAccountProfiles } from "../../lib/config/account-profiles";
import { loadConfigFile } from "../../lib/config/load";
import { configWarnings } from "../../lib/config/warnings";
import { readCatalogLock } from "../../lib/config/catalog-lock";
import { renderCatalogLock } from "../../lib/domain/catalog/lock";
import { foundationModelArn } from "../../lib/domain/arn";
import { OPUS, rawEnablementConfig, SONNET } from "../helpers/fixtures";

/**
 * `catalog refresh` against a fake of AWS's catalog calls: the lock it writes (sorted, stable), and the
 * destinations synth then grants. The config: ci in us-east-1 (Sonnet us + global, Opus us), research in
 * eu-west-1 (Sonnet eu + global).
 */
const US = ["us-east-1", "us-east-2", "us-west-1", "us-west-2"];
const EU = ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"];

class FakeCatalog implements CatalogAws {
  readonly routes = new Map<string, string[]>([
    [`us.${SONNET}`, [...US, "ca-central-1"]],
    [`us.${OPUS}`, US],
    [`eu.${SONNET}`, EU],
    [`global.${SONNET}`, ["us-east-1", "eu-west-1", "ap-northeast-1"]],
  ]);
  readonly models: AnthropicModelListing[] = [SONNET, OPUS].map((modelId) => ({
    modelId,
    modelName: modelId,
    inferenceTypes: ["INFERENCE_PROFILE"],
    lifecycle: { status: "ACTIVE" },
  }));
  readonly calls: string[] = [];

  listAnthropicModels(region: string): Promise<AnthropicModelListing[]> {
    this.calls.push(`models ${region}`);
    return Promise.resolve(this.models);
  }

  listSystemProfiles(region: string): Promise<string[]> {
    this.calls.push(`list ${region}`);
    return Promise.resolve([...this.routes.keys()].reverse());
  }

  getProfileModels(region: string, profileId: string): Promise<string[]> {
    this.calls.push(`get ${region} ${profileId}`);
    const model = profileId.slice(profileId.indexOf(".") + 1);
    return Promise.resolve((this.routes.get(profileId) ?? []).map((r) => foundationModelArn(model, r)).reverse());
  }
}

let dir: string;
let configFile: string;
let catalog: FakeCatalog;
let out: string[];
let err: string[];

function io(): CliIo {
  const recorded = testIo({ catalog });
  // The refresh is dated 2026-12-10, after the built-in tables were last checked.
  const clock = { now: () => Date.parse("2026-12-10T09:00:00Z"), sleep: () => Promise.resolve() };
  return { ...recorded, clock, stdout: (text) => out.push(text), stderr: { write: (text) => err.push(text), isTTY: false } };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "catalog-"));
  configFile = join(dir, "bedrock-access.yaml");
  writeFileSync(configFile, stringify(rawEnablementConfig()));
  catalog = new FakeCatalog();
  out = [];
  err = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("catalog refresh", () => {
  it("writes a sorted lock of every configured profile's destinations, read-only in AWS", async () => {
    expect(await runCli(["catalog", "refresh", "--config", configFile], io())).toBe(0);

    const text = readFileSync(join(dir, "bedrock-catalog.lock.json"), "utf8");
    const lock = JSON.parse(text) as { version: number; refreshedAt: string; regions: Record<string, Record<string, string[]>> };
    expect(lock.version).toBe(2);
    expect(Object.keys(lock.regions)).toEqual(["eu-west-1", "us-east-1"]);
    // Every Anthropic profile AWS lists in the config's regions, used or not.
    expect(Object.keys(lock.regions["us-east-1"])).toEqual([`eu.${SONNET}`, `global.${SONNET}`, `us.${OPUS}`, `us.${SONNET}`]);
    expect(lock.regions["us-east-1"][`us.${SONNET}`]).toEqual([...US, "ca-central-1"].sort().map((r) => foundationModelArn(SONNET, r)));
    expect(catalog.calls.filter((c) => c.startsWith("list")).sort()).toEqual(["list eu-west-1", "list us-east-1"]);

    // Stable: a second refresh writes the same bytes.
    expect(await runCli(["catalog", "refresh", "--config", configFile], io())).toBe(0);
    expect(readFileSync(join(dir, "bedrock-catalog.lock.json"), "utf8")).toBe(text);
  });

  it("shows what AWS added since the built-in tables", async () => {
    await runCli(["catalog", "refresh", "--config", configFile, "--dry-run"], io());

    const row = out
      .join("")
      .split("\n")
      .find((l) => l.includes(`us.${SONNET}`));
    expect(row).toMatch(/us-east-1.*5.*ca-central-1/);
    expect(existsSync(join(dir, "bedrock-catalog.lock.json"))).toBe(false);
  });

  it("writes nothing and exits 1 when AWS does not list a configured profile", async () => {
    catalog.routes.delete(`eu.${SONNET}`);

    expect(await runCli(["catalog", "refresh", "--config", configFile], io())).toBe(1);

    expect(err.join("")).toMatch(new RegExp(`eu-west-1: AWS lists no inference profile eu\\.${SONNET.replace(/\./g, "\\.")}`));
    expect(existsSync(join(dir, "bedrock-catalog.lock.json"))).toBe(false);
  });

  it("makes synth grant exactly the locked destinations", async () => {
    await runCli(["catalog", "refresh", "--config", configFile], io());

    const config = loadConfigFile(configFile);
    const ci = resolveAccountProfiles(config, config.accounts[0]);
    const us = ci.find((p) => p.invocationId === `us.${SONNET}`);
    expect(us).toMatchObject({ destinationsFrom: "lock", destinationRegions: [...US, "ca-central-1"].sort() });
    expect(us?.foundationModelArns).toContain(foundationModelArn(SONNET, "ca-central-1"));
    const global = ci.find((p) => p.invocationId === `global.${SONNET}`);
    expect(global?.foundationModelArns).toContain(`arn:aws:bedrock:::foundation-model/${SONNET}`);
  });
});

const NOVA = "anthropic.claude-nova-1";

/** AWS lists a model the built-in tables have never heard of, with `us.` and `global.` profiles. */
function launchNova(lifecycle: AnthropicModelListing["lifecycle"] = { status: "ACTIVE" }): void {
  catalog.models.push({ modelId: NOVA, modelName: "Claude Nova 1", inferenceTypes: ["INFERENCE_PROFILE"], lifecycle });
  catalog.routes.set(`us.${NOVA}`, ["us-east-1", "us-east-2"]);
  catalog.routes.set(`global.${NOVA}`, ["us-east-1", "eu-west-1"]);
}

describe("catalog refresh: AWS is the source of truth for what exists", () => {
  it("lists what AWS offers that the config does not use, and records it in the lock", async () => {
    launchNova();
    expect(await runCli(["catalog", "refresh", "--config", configFile], io())).toBe(0);

    expect(err.join("")).toMatch(
      /offered by AWS, unused: anthropic\.claude-nova-1 \(Claude Nova 1\): not configured; global\. in eu-west-1, us-east-1; us\. in eu-west-1, us-east-1/,
    );
    const lock = JSON.parse(readFileSync(join(dir, "bedrock-catalog.lock.json"), "utf8")) as { models: Record<string, { name: string }> };
    expect(lock.models[NOVA]).toEqual({
      name: "Claude Nova 1",
      regions: {
        "eu-west-1": { inferenceTypes: ["INFERENCE_PROFILE"], lifecycle: { status: "ACTIVE" } },
        "us-east-1": { inferenceTypes: ["INFERENCE_PROFILE"], lifecycle: { status: "ACTIVE" } },
      },
    });
  });

  it("lets the config name a model only the lock knows, granting what AWS routes it to, with one notice", async () => {
    launchNova();
    await runCli(["catalog", "refresh", "--config", configFile], io());
    const raw = rawEnablementConfig();
    raw.models.push({ id: NOVA });
    writeFileSync(configFile, stringify(raw));

    const config = loadConfigFile(configFile);

    expect(config.models.find((m) => m.id === NOVA)?.profiles).toEqual(["us", "global"]);
    const us = resolveAccountProfiles(config, config.accounts[0]).find((p) => p.invocationId === `us.${NOVA}`);
    expect(us).toMatchObject({ destinationsFrom: "lock", destinationRegions: ["us-east-1", "us-east-2"] });
    expect(configWarnings(config)).toContainEqual(
      expect.stringMatching(
        /^anthropic\.claude-nova-1: known from the catalog lock \(bedrock-catalog\.lock\.json, refreshed 2026-12-10\) only/,
      ),
    );
  });

  it("refuses a configured model AWS does not list, writing nothing", async () => {
    const raw = rawEnablementConfig();
    raw.models.push({ id: NOVA, profiles: ["us"] });
    writeFileSync(configFile, stringify(raw));

    expect(await runCli(["catalog", "refresh", "--config", configFile], io())).toBe(1);

    expect(err.join("")).toMatch(/anthropic\.claude-nova-1: AWS lists no such Anthropic model in eu-west-1, us-east-1/);
    expect(existsSync(join(dir, "bedrock-catalog.lock.json"))).toBe(false);
  });

  it("lets a newer lock's lifecycle win: a model AWS now lists as Legacy is refused", async () => {
    const sonnet = catalog.models.find((m) => m.modelId === SONNET);
    if (sonnet) Object.assign(sonnet, { lifecycle: { status: "LEGACY", legacy: "2026-11-01", endOfLife: "2027-05-01" } });
    await runCli(["catalog", "refresh", "--config", configFile], io());

    expect(() => loadConfigFile(configFile)).toThrow(
      /models\[0\]\.id: Claude Sonnet 4\.6 \(anthropic\.claude-sonnet-4-6\): Legacy since 2026-11-01, end of life 2027-05-01 \(the catalog lock, refreshed 2026-12-10/,
    );
  });
});

describe("catalog refresh against what the previous lock knew", () => {
  it("exits 1, writing nothing, when a configured profile known only from the previous lock is no longer listed", async () => {
    // GIVEN a lock that knows Nova's us. profile, and a config that uses it
    launchNova();
    await runCli(["catalog", "refresh", "--config", configFile], io());
    const raw = rawEnablementConfig();
    raw.models.push({ id: NOVA, profiles: ["us", "global"] });
    writeFileSync(configFile, stringify(raw));
    const before = readFileSync(join(dir, "bedrock-catalog.lock.json"), "utf8");

    // WHEN AWS drops the us. profile
    catalog.routes.delete(`us.${NOVA}`);
    expect(await runCli(["catalog", "refresh", "--config", configFile], io())).toBe(1);

    // THEN refresh names it and leaves the lock as it was
    expect(err.join("")).toMatch(/us-east-1: AWS lists no inference profile us\.anthropic\.claude-nova-1/);
    expect(readFileSync(join(dir, "bedrock-catalog.lock.json"), "utf8")).toBe(before);
  });

  it("refuses a model only the lock knows once AWS lists it past its end of life", async () => {
    launchNova({ status: "LEGACY", legacy: "2026-06-01", endOfLife: "2026-12-01" });
    await runCli(["catalog", "refresh", "--config", configFile], io());
    const raw = rawEnablementConfig();
    raw.models.push({ id: NOVA, profiles: ["us"], alreadyInUse: true });
    writeFileSync(configFile, stringify(raw));

    expect(() => loadConfigFile(configFile)).toThrow(
      /Claude Nova 1 \(anthropic\.claude-nova-1\): Legacy since 2026-06-01, end of life 2026-12-01 \(the catalog lock, refreshed 2026-12-10.*past its end of life/,
    );
  });
});

describe("catalog lock files", () => {
  it("reads a version 1 lock (profiles only), and reads back what is rendered from it", () => {
    const v1 = { version: 1, regions: { "us-east-1": { [`us.${SONNET}`]: [foundationModelArn(SONNET, "us-east-1")] } } };
    writeFileSync(join(dir, "v1.json"), JSON.stringify(v1));
    const lock = readCatalogLock(join(dir, "v1.json"));
    expect(lock).toEqual({ version: 2, models: {}, regions: v1.regions });

    writeFileSync(join(dir, "v2.json"), renderCatalogLock(lock ?? { models: {}, regions: {} }));
    expect(readCatalogLock(join(dir, "v2.json"))).toEqual(lock);
  });

  it("names the bad field of a version 2 lock", () => {
    const bad = {
      version: 2,
      refreshedAt: "2026-12-10",
      models: {
        [SONNET]: { name: "Claude Sonnet 4.6", regions: { "us-east-1": { inferenceTypes: [], lifecycle: { status: "DEPRECATED" } } } },
      },
      regions: {},
    };
    writeFileSync(join(dir, "bad.json"), JSON.stringify(bad));
    expect(() => readCatalogLock(join(dir, "bad.json"))).toThrow(
      /models\.anthropic\.claude-sonnet-4-6\.regions\.us-east-1\.lifecycle\.status/,
    );
  });
});
