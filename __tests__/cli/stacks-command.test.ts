import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { deployParallelism, machineMemoryBytes, RESERVE_MIB, STACK_PEAK_MIB } from "../../lib/cli/commands/stacks/parallelism";
import { runCli } from "../../lib/cli/run-cli";
import { rawEnablementConfig } from "../helpers/fixtures";
import { testIo } from "../helpers/cli-io";

/**
 * `bedrock-access stacks`: the stack names for `cdktf deploy`, whole or sharded across CI jobs, and the
 * deploy parallelism a machine's memory allows.
 */
const PROJECT = resolve(__dirname, "..", "..");
const MIB = 1024 * 1024;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "stacks-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const account = (name: string, i: number) => ({ name, id: String(400000000000 + i), regions: ["us-east-1"] });
const names = (count: number) => Array.from({ length: count }, (_, i) => `acct-${String(i).padStart(3, "0")}`);

/** A config file with these runtime accounts, in this order. */
function configWith(accountNames: readonly string[], file = "bedrock-access.yaml"): string {
  const raw = rawEnablementConfig();
  raw.accounts = accountNames.map(account);
  const path = join(dir, file);
  writeFileSync(path, stringify(raw));
  return path;
}

/** `bedrock-access stacks ARGS`: exit code, stdout, stderr. */
async function stacks(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = testIo();
  const code = await runCli(["stacks", ...args], io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

const lines = (text: string) => text.split("\n").filter(Boolean);

async function shard(config: string, index: number, count: number): Promise<string[]> {
  const { code, out } = await stacks("--config", config, "--shard", `${index}/${count}`);
  expect(code).toBe(0);
  return lines(out);
}

describe("bedrock-access stacks", () => {
  it("prints management first, then every runtime stack sorted, one per line", async () => {
    const config = configWith(["zeta", "alpha", "mid-2", "mid-10"]);

    const { code, out, err } = await stacks("--config", config);

    expect(code).toBe(0);
    expect(out).toBe("management\nruntime-alpha\nruntime-mid-10\nruntime-mid-2\nruntime-zeta\n");
    expect(err).toBe("");
  });

  it("lists exactly the stacks main.ts synthesizes", async () => {
    // GIVEN a config whose accounts are not in order
    const config = configWith(["ops", "ci-prod", "zz-last", "a-first"]);
    const outdir = join(dir, "cdktf.out");

    // WHEN main.ts synthesizes it (what `cdktf synth` runs) and `stacks` lists it
    execFileSync(process.execPath, ["--require", "tsx/cjs", "main.ts"], {
      cwd: PROJECT,
      env: { ...process.env, BEDROCK_ACCESS_CONFIG: config, CDKTF_OUTDIR: outdir },
      stdio: "pipe",
    });
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
    const { out } = await stacks("--config", config);

    // THEN they name the same stacks
    expect(lines(out)).toEqual([
      "management",
      ...Object.keys(manifest.stacks)
        .filter((s) => s !== "management")
        .sort(),
    ]);
    expect(new Set(lines(out))).toEqual(new Set(Object.keys(manifest.stacks)));
  });

  it("prints a JSON array with --json", async () => {
    const config = configWith(["b", "a"]);

    const { out } = await stacks("--config", config, "--json");

    expect(JSON.parse(out)).toEqual(["management", "runtime-a", "runtime-b"]);
    expect(lines(out)).toHaveLength(1);
  });

  it.each([1, 2, 3, 4, 7, 16])("splits 200 accounts into %i shards that together hold every stack exactly once", async (count) => {
    const config = configWith(names(200));
    const all = lines((await stacks("--config", config)).out);

    const shards = await Promise.all(Array.from({ length: count }, (_, i) => shard(config, i + 1, count)));

    expect(shards.flat().sort()).toEqual([...all].sort());
    expect(shards[0][0]).toBe("management");
    // Each shard keeps the order of the whole list.
    for (const part of shards) expect(part).toEqual(all.filter((s) => part.includes(s)));
  });

  it("spreads 200 accounts over 4 shards within 30% of an even split", async () => {
    const config = configWith(names(200));

    const sizes = await Promise.all([1, 2, 3, 4].map(async (i) => (await shard(config, i, 4)).length));

    expect(sizes.reduce((a, b) => a + b, 0)).toBe(201);
    for (const size of sizes) expect([size, size >= 201 / 4 / 1.3 && size <= (201 / 4) * 1.3]).toEqual([size, true]);
  });

  it.each([2, 4, 8])("moves no account to another of %i shards when an account is added", async (count) => {
    // GIVEN 200 accounts, and the same Organization with one more
    const before = configWith(names(200), "before.yaml");
    const after = configWith([...names(200).slice(0, 100), "newly-added", ...names(200).slice(100)], "after.yaml");

    for (let i = 1; i <= count; i += 1) {
      // WHEN each shard is listed for both
      const [old, now] = await Promise.all([shard(before, i, count), shard(after, i, count)]);
      // THEN each shard holds what it held, plus at most the new account
      expect(now.filter((s) => s !== "runtime-newly-added")).toEqual(old);
    }
    const holders = await Promise.all(
      Array.from({ length: count }, async (_, i) => (await shard(after, i + 1, count)).includes("runtime-newly-added")),
    );
    expect(holders.filter(Boolean)).toHaveLength(1);
  });

  it("prints a GitHub Actions matrix of the shards, for fromJSON", async () => {
    const config = configWith(names(200));

    const { code, out } = await stacks("--config", config, "--matrix", "4");

    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ shard: ["1/4", "2/4", "3/4", "4/4"] });
    expect(lines(out)).toHaveLength(1);
  });

  it("leaves empty shards out of the matrix, so no job deploys nothing", async () => {
    // GIVEN 3 stacks in 8 shards: at least 5 shards are empty
    const config = configWith(["ci", "research"]);

    const matrix = JSON.parse((await stacks("--config", config, "--matrix", "8")).out) as { shard: string[] };

    expect(matrix.shard.length).toBeGreaterThan(0);
    expect(matrix.shard.length).toBeLessThanOrEqual(3);
    expect(matrix.shard[0]).toBe("1/8");
    const listed = await Promise.all(matrix.shard.map((s) => stacks("--config", config, "--shard", s)));
    for (const { out } of listed) expect(lines(out).length).toBeGreaterThan(0);
    expect(listed.flatMap(({ out }) => lines(out)).sort()).toEqual(["management", "runtime-ci", "runtime-research"]);
  });

  it("warns on stderr, and prints nothing, for a shard that holds no stack", async () => {
    const config = configWith(["ci"]);
    const matrix = JSON.parse((await stacks("--config", config, "--matrix", "8")).out) as { shard: string[] };
    const empty = Array.from({ length: 8 }, (_, i) => `${i + 1}/8`).find((s) => !matrix.shard.includes(s)) ?? "";

    const { code, out, err } = await stacks("--config", config, "--shard", empty);

    expect(code).toBe(0);
    expect(out).toBe("");
    expect(err).toMatch(new RegExp(`warning: shard ${empty} holds no stack \\(2 stacks in 8 shards\\)`));
  });

  it.each([
    ["--shard 0/4", ["--shard", "0/4"], /--shard: expected i from 1 to n \(got "0\/4"\)/],
    ["--shard 5/4", ["--shard", "5/4"], /--shard: expected i from 1 to n \(got "5\/4"\)/],
    ["--shard 2of4", ["--shard", "2of4"], /--shard: expected i\/n in decimal digits, shard i of n shards \(e\.g\. 2\/4\) \(got "2of4"\)/],
    ["--shard 1/257", ["--shard", "1/257"], /--shard: expected n from 1 to 256 \(got "1\/257"\)/],
    ["--matrix 0", ["--matrix", "0"], /--matrix: expected 1\.\.256 \(got "0"\)/],
    ["--matrix 1e1", ["--matrix", "1e1"], /--matrix: expected a whole number 1\.\.256 in decimal digits \(got "1e1"\)/],
    ["--shard with --matrix", ["--shard", "1/2", "--matrix", "2"], /--shard and --matrix: expected at most one of them/],
    ["--parallelism with --json", ["--parallelism", "--json"], /--parallelism and --json: expected --parallelism alone/],
    ["--memory without --parallelism", ["--memory", "7"], /--memory 7: expected only with --parallelism/],
    [
      "--memory abc",
      ["--parallelism", "--memory", "abc"],
      /--memory: expected GiB of memory in decimal digits \(e\.g\. 7 or 6\.5\) \(got "abc"\)/,
    ],
  ])("exits 2 naming the flag, the value and what is expected: %s", async (_name, args, message) => {
    const config = configWith(["ci"]);

    const { code, out, err } = await stacks("--config", config, ...args);

    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe("");
  });

  it("exits 2 naming the config file it cannot read", async () => {
    const { code, err } = await stacks("--config", join(dir, "missing.yaml"));

    expect(code).toBe(2);
    expect(err).toMatch(/missing\.yaml: invalid configuration\n {2}- cannot read the file: ENOENT/);
  });
});

describe("bedrock-access stacks --parallelism", () => {
  it("prints 9 for a 7 GB GitHub-hosted runner, and explains the rule on stderr", async () => {
    const { code, out, err } = await stacks("--parallelism", "--memory", "7");

    expect(code).toBe(0);
    expect(out).toBe("9\n");
    expect(err).toBe("7.00 GiB − 1.50 GiB reserve, 0.59 GiB per stack → --parallelism 9\n");
  });

  it("sizes the deploy to this machine's memory without --memory, and reads no config", async () => {
    const { code, out } = await stacks("--parallelism", "--config", join(dir, "missing.yaml"));

    expect(code).toBe(0);
    expect(out).toBe(`${deployParallelism(machineMemoryBytes())}\n`);
  });

  it("deploys one stack at a time, with a warning, when memory does not hold the reserve and one stack", async () => {
    const { code, out, err } = await stacks("--parallelism", "--memory", "1.5");

    expect(code).toBe(0);
    expect(out).toBe("1\n");
    expect(err).toMatch(/expect swapping or an out-of-memory kill/);
  });

  it("is floor((memory - reserve) / per-stack peak), one more stack per per-stack peak of memory", () => {
    const withStacks = (n: number) => (RESERVE_MIB + n * STACK_PEAK_MIB) * MIB;

    expect([1, 4, 9, 24].map((n) => deployParallelism(withStacks(n)))).toEqual([1, 4, 9, 24]);
    expect([4, 9, 24].map((n) => deployParallelism(withStacks(n) - MIB))).toEqual([3, 8, 23]);
    expect(deployParallelism(16 * 1024 * MIB)).toBe(24);
    expect(deployParallelism(0)).toBe(1);
  });
});
