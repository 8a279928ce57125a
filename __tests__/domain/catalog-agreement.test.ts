import { CLAUDE_MODELS, GEOGRAPHIES } from "../../lib/domain/catalog/models";
import { MODELS, profileDestinations, profileGeographies, profileSourceRegions } from "../../sandbox/bedrock-emulator/catalog";
import { MANTLE_MODELS } from "../../sandbox/bedrock-emulator/mantle-catalog";

/**
 * The project's catalog (lib/) and the Bedrock emulator's (sandbox/) were written independently from the
 * public sources. Every difference fails this test, except the ones below, where the two researchers read the
 * sources differently and neither could settle it; each is named with what each side read. When one is settled,
 * fix the wrong copy and drop the line (a listed difference that no longer exists fails too).
 */
const KNOWN_DISAGREEMENTS = [
  // lib: on the AWS model cards with bedrock-runtime ids and routing tables; emulator: not researched.
  "only in lib: anthropic.claude-opus-4-8",
  "only in lib: anthropic.claude-opus-4-7",
  // emulator: still on-demand in six regions per AWS's lifecycle page; lib: left out as past end of life in most.
  "only in emulator: anthropic.claude-3-haiku-20240307-v1:0",
];

const list = (regions: readonly string[]): string => [...regions].sort().join(",") || "-";

function differences(): string[] {
  const out: string[] = [];
  const libIds = CLAUDE_MODELS.map((m) => m.id);
  const emulatorIds = MODELS.map((m) => m.modelId);
  for (const id of libIds.filter((i) => !emulatorIds.includes(i))) out.push(`only in lib: ${id}`);
  for (const id of emulatorIds.filter((i) => !libIds.includes(i))) out.push(`only in emulator: ${id}`);
  for (const lib of CLAUDE_MODELS) {
    const emulator = MODELS.find((m) => m.modelId === lib.id);
    if (!emulator) continue;
    const libGeographies = GEOGRAPHIES.filter((g) => lib.profiles[g] !== undefined);
    const emulatorGeographies = profileGeographies(emulator);
    if (list(libGeographies) !== list(emulatorGeographies)) {
      out.push(`${lib.id} geographies: lib ${list(libGeographies)} | emulator ${list(emulatorGeographies)}`);
    }
    for (const geography of libGeographies.filter((g) => emulatorGeographies.includes(g))) {
      const routing = lib.profiles[geography];
      const sources = profileSourceRegions(emulator, geography);
      if (list(routing?.sourceRegions ?? []) !== list(sources)) {
        out.push(`${lib.id} ${geography} sources: lib ${list(routing?.sourceRegions ?? [])} | emulator ${list(sources)}`);
      }
      const destinations = routing?.destinationsBySource;
      if (geography === "global" || destinations === undefined || destinations === "all-commercial") continue;
      for (const source of sources) {
        const theirs = profileDestinations(emulator, geography, source) ?? [];
        const ours = destinations[source] ?? [];
        if (list(ours) !== list(theirs)) out.push(`${lib.id} ${geography} from ${source}: lib ${list(ours)} | emulator ${list(theirs)}`);
      }
    }
    if (list(lib.inRegion) !== list(emulator.onDemandRegions)) {
      out.push(`${lib.id} in-region: lib ${list(lib.inRegion)} | emulator ${list(emulator.onDemandRegions)}`);
    }
    const ours = lib.lifecycle.status === "legacy" ? `legacy until ${lib.lifecycle.endOfLife ?? "?"}` : "active";
    const theirs = emulator.lifecycle.status === "LEGACY" ? `legacy until ${emulator.lifecycle.legacy?.endOfLife ?? "?"}` : "active";
    if (ours !== theirs) out.push(`${lib.id} lifecycle: lib ${ours} | emulator ${theirs}`);
  }
  return out;
}

describe("the two catalogs", () => {
  it("agree on every model's profiles, source and destination regions, in-region endpoints and lifecycle, but for the listed disagreements", () => {
    expect(differences()).toEqual(KNOWN_DISAGREEMENTS);
  });
});

/**
 * The Messages API on bedrock-mantle: lib's `messages` entries (models.ts) and the emulator's mantle-models.json, both
 * from the model cards' bedrock-mantle rows. Every difference fails.
 */
function mantleDifferences(): string[] {
  const ours = CLAUDE_MODELS.flatMap((m) => (m.messages ? [{ id: m.messages.id, regions: m.messages.regions }] : []));
  const theirs = MANTLE_MODELS.map((m) => ({ id: m.modelId, regions: m.inRegion }));
  const out: string[] = [];
  for (const m of ours.filter((o) => !theirs.some((t) => t.id === o.id))) out.push(`only in lib: ${m.id}`);
  for (const m of theirs.filter((t) => !ours.some((o) => o.id === t.id))) out.push(`only in emulator: ${m.id}`);
  for (const m of ours) {
    const other = theirs.find((t) => t.id === m.id);
    if (other && list(m.regions) !== list(other.regions))
      out.push(`${m.id} regions: lib ${list(m.regions)} | emulator ${list(other.regions)}`);
  }
  return out;
}

describe("the Messages API models in lib's catalog and in the emulator's", () => {
  it("name the same bedrock-mantle ids served in the same Regions", () => {
    expect(mantleDifferences()).toEqual([]);
  });

  it("tie each bedrock-mantle id to the same bedrock-runtime model where the emulator knows it", () => {
    for (const entry of MANTLE_MODELS.filter((m) => m.bedrockRuntimeModelId !== undefined)) {
      expect(CLAUDE_MODELS.find((m) => m.messages?.id === entry.modelId)?.id).toBe(entry.bedrockRuntimeModelId);
    }
  });
});
