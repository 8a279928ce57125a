import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stacksInShard } from "../../lib/contracts/stack-shards";
import { runCli } from "../../lib/cli/run-cli";
import { testIo } from "../helpers/cli-io";
import { stackConfiguration, writeSynthesis, type Configuration } from "../helpers/synthesis";

/** `bedrock-access stacks --base`: the stacks whose synthesized configuration changed between two syntheses. */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "stacks-base-"));
  const unchanged = ["management", "runtime-same", ...Array.from({ length: 10 }, (_, i) => `runtime-other-${String(i).padStart(2, "0")}`)];
  const configurations = (names: readonly string[]): Record<string, Configuration> =>
    Object.fromEntries(names.map((n) => [n, stackConfiguration(n)]));
  writeSynthesis(join(dir, "base.out"), configurations([...unchanged, "runtime-changed", "runtime-gone", "runtime-gone-too"]));
  writeSynthesis(join(dir, "head.out"), {
    ...configurations([...unchanged, "runtime-new"]),
    "runtime-changed": stackConfiguration("runtime-changed", { provider: { aws: [{ region: "eu-west-1" }] } }),
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function stacks(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = testIo();
  const code = await runCli(["stacks", ...args], io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}
const base = () => join(dir, "base.out");
const head = () => join(dir, "head.out");

describe("bedrock-access stacks --base", () => {
  it("prints the changed, then the new stacks on stdout, and the removed ones on stderr in one line", async () => {
    const { code, out, err } = await stacks("--base", base(), "--output", head());

    expect(code).toBe(0);
    expect(out).toBe("runtime-changed\nruntime-new\n");
    expect(err.split("\n")).toContain("removed (only in --base): runtime-gone, runtime-gone-too");
    expect(err).toContain(`1 changed, 1 new, 2 removed, 12 unchanged since ${base()}`);
    expect(err).not.toContain("state path");
  });

  it("prints every list as JSON with --json", async () => {
    const { code, out } = await stacks("--base", base(), "--output", head(), "--json");

    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      changed: ["runtime-changed"],
      added: ["runtime-new"],
      removed: ["runtime-gone", "runtime-gone-too"],
      unchanged: expect.arrayContaining(["management", "runtime-same"]),
    });
    expect((JSON.parse(out) as { unchanged: string[] }).unchanged).toHaveLength(12);
  });

  it("keeps to one shard's stacks with --shard, as the deploy and plan shards assign them", async () => {
    const all = new Set<string>();
    for (const index of [1, 2, 3]) {
      const { code, out } = await stacks("--base", base(), "--output", head(), "--json", "--shard", `${index}/3`);
      expect(code).toBe(0);
      const shown = JSON.parse(out) as Record<string, string[]>;
      for (const names of Object.values(shown)) {
        expect(stacksInShard(names, index, 3)).toEqual(names);
        names.forEach((name) => all.add(name));
      }
    }
    expect(all.size).toBe(16);
  });

  it("prints a matrix of the shards holding a changed, new or removed stack", async () => {
    const { code, out } = await stacks("--base", base(), "--output", head(), "--matrix", "64");

    expect(code).toBe(0);
    const touched = ["runtime-changed", "runtime-new", "runtime-gone", "runtime-gone-too"];
    const shardOf = (stack: string) => Array.from({ length: 64 }, (_, i) => i + 1).find((i) => stacksInShard([stack], i, 64).length === 1);
    const expected = [...new Set(touched.map(shardOf))].sort((a = 0, b = 0) => a - b).map((i) => `${i}/64`);
    expect(JSON.parse(out)).toEqual({ shard: expected });
  });

  it("counts a local backend's state path as a change, and warns when a base synthesized elsewhere explains it", async () => {
    const local = (name: string, project: string) =>
      stackConfiguration(name, {
        terraform: {
          backend: { local: { path: `${project}/terraform.${name}.tfstate` } },
          required_providers: { aws: { version: "5.100.0" } },
        },
      });
    writeSynthesis(join(dir, "base.out"), {
      "runtime-a": local("runtime-a", "/ci/base-checkout"),
      "runtime-b": local("runtime-b", "/ci/base-checkout"),
    });
    writeSynthesis(join(dir, "head.out"), { "runtime-a": local("runtime-a", "/ci/head"), "runtime-b": local("runtime-b", "/ci/head") });

    const { code, out, err } = await stacks("--base", base(), "--output", head());

    expect(code).toBe(0);
    expect(out).toBe("runtime-a\nruntime-b\n");
    expect(err).toContain(
      "warning: 2 of the 2 changed stacks differ only in the local backend's state path, which is absolute: synthesize the base in the same directory as the head",
    );
  });

  it("exits 2 when a directory is not a cdktf synth output", async () => {
    const { code, err } = await stacks("--base", join(dir, "nothing"), "--output", head());

    expect(code).toBe(2);
    expect(err).toMatch(/nothing\/manifest\.json: cannot read the cdktf manifest/);
  });

  it("exits 2 for --output without --base, and --base with --parallelism", async () => {
    expect(await stacks("--output", head())).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--output .*: expected only with --base/),
    });
    expect(await stacks("--base", base(), "--parallelism")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/expected --parallelism alone/),
    });
  });
});
