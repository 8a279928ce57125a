import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { stringify } from "yaml";
import { z } from "zod";
import { BENCH_USE_CASE_FORM } from "./config";
import { SdkOrganizations } from "../lib/discovery/sdk-adapter";
import { processIo } from "../lib/cli/io";
import { runCli } from "../lib/cli/run-cli";
import { loadConfigFile } from "../lib/config/load";
import { clientsInAccount } from "../sandbox/aws-clients";
import { startMoto } from "../sandbox/moto";
import { seedOrganizationTree, type AccountFixture, type OrganizationalUnitFixture } from "../sandbox/seed-ous";

/**
 * `npm run bench:discover -- [--accounts 1000]`: `bedrock-access discover` over an Organization of that many
 * accounts in nested OUs, seeded into moto (4 top OUs × 3 × 3 = 36 leaf OUs, 52 OUs in all; accounts spread
 * over the leaves, more than one page of ListAccountsForParent each at 1,000, every third tagged bedrock=enabled, one in a hundred closed, which moto makes SUSPENDED).
 * Times the seed and two discovers, in this process against moto: by OU (the root, nested) and by tag across the
 * Organization; counts the API calls of each by operation. Writes bench-results/discover.json.
 */
const MANAGEMENT_ID = "111111111111";

/** The parts of discover's --json report (lib/discovery/report.ts) the bench prints. */
const reportSchema = z.object({
  accounts: z.array(z.unknown()),
  leftOut: z.array(z.unknown()),
  apiCalls: z.record(z.string(), z.number()),
});
const PROJECT = resolve(__dirname, "..");

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a whole number (got ${process.argv[at + 1]})`);
  return value;
}

/** The tree: accounts dealt round-robin over the 36 leaf OUs. */
function tree(accounts: number): OrganizationalUnitFixture[] {
  const leaves: { name: string; accounts: AccountFixture[] }[] = [];
  const top = ["Workloads", "Sandbox", "Shared", "Research"].map((name) => ({
    name,
    units: Array.from({ length: 3 }, (_, m) => ({
      name: `${name}-${m}`,
      units: Array.from({ length: 3 }, (_, l) => {
        const leaf = { name: `${name}-${m}-${l}`, accounts: [] as AccountFixture[] };
        leaves.push(leaf);
        return leaf;
      }),
    })),
  }));
  for (let i = 0; i < accounts; i++) {
    leaves[i % leaves.length]?.accounts.push({
      name: `Team ${String(i).padStart(4, "0")}`,
      tags: i % 3 === 0 ? { bedrock: "enabled" } : {},
      closed: i % 100 === 99,
    });
  }
  return top;
}

function config(selection: { name: string } & Record<string, unknown>): string {
  return stringify({
    managementAccount: { id: MANAGEMENT_ID, pipelinePrincipals: [`arn:aws:iam::${MANAGEMENT_ID}:role/platform-pipeline`] },
    useCaseForm: BENCH_USE_CASE_FORM,
    organization: {
      accountsLock: `${String(selection.name)}.lock.json`,
      selections: [{ ...selection, defaults: { regions: ["us-east-1"] } }],
    },
  });
}

async function main(): Promise<void> {
  const accounts = flag("accounts", 1000);
  const work = mkdtempSync(join(tmpdir(), "bench-discover-"));
  const moto = await startMoto();
  try {
    let start = performance.now();
    const seeded = await seedOrganizationTree(moto.endpoint, MANAGEMENT_ID, { units: tree(accounts) });
    const seedS = (performance.now() - start) / 1000;
    process.stderr.write(`seeded ${seeded.accounts.size} accounts in ${seeded.ous.size} OUs in ${seedS.toFixed(1)} s\n`);
    const { credentials } = await clientsInAccount(moto.endpoint, MANAGEMENT_ID);
    const runs = [
      { name: "by OU (root, nested)", selection: { name: "all", organizationalUnits: [{ id: seeded.rootId, nested: true }] } },
      { name: "by tag (whole Organization)", selection: { name: "tagged", tags: { bedrock: "enabled" } } },
    ];
    const rows = [];
    for (const run of runs) {
      const configFile = join(work, `${run.selection.name}.yaml`);
      writeFileSync(configFile, config(run.selection));
      const out: string[] = [];
      const io = {
        ...processIo(),
        stdout: (text: string) => out.push(text),
        createOrganizations: () => new SdkOrganizations({ endpoint: moto.endpoint, credentials }),
      };
      start = performance.now();
      const code = await runCli(["discover", "--config", configFile, "--json"], io);
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) throw new Error(`discover exited ${code}`);
      const report = reportSchema.parse(JSON.parse(out.join("")));
      const calls = report.apiCalls;
      // What synth does first: the config with the lock's accounts, offline.
      start = performance.now();
      const loaded = loadConfigFile(configFile);
      const loadSeconds = (performance.now() - start) / 1000;
      rows.push({
        selection: run.name,
        seconds: Number(seconds.toFixed(2)),
        accountsLocked: report.accounts.length,
        leftOut: report.leftOut.length,
        apiCalls: Object.values(calls).reduce((n, c) => n + c, 0),
        byOperation: calls,
        configLoadSeconds: Number(loadSeconds.toFixed(2)),
        runtimeAccounts: loaded.accounts.length,
      });
    }
    const result = {
      date: new Date().toISOString().slice(0, 10),
      accounts: seeded.accounts.size,
      ous: seeded.ous.size,
      seedSeconds: Number(seedS.toFixed(1)),
      runs: rows,
    };
    mkdirSync(join(PROJECT, "bench-results"), { recursive: true });
    writeFileSync(join(PROJECT, "bench-results", "discover.json"), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      [
        `${result.accounts} accounts in ${result.ous} nested OUs, seeded into moto in ${result.seedSeconds} s`,
        "",
        "| selection | discover s | accounts locked | left out | API calls | by operation | config + lock load s |",
        "|---|--:|--:|--:|--:|---|--:|",
        ...rows.map(
          (r) =>
            `| ${r.selection} | ${r.seconds} | ${r.accountsLocked} | ${r.leftOut} | ${r.apiCalls} | ${Object.entries(r.byOperation)
              .map(([op, n]) => `${op} ${n}`)
              .join(", ")} | ${r.configLoadSeconds} |`,
        ),
        "",
      ].join("\n"),
    );
  } finally {
    await moto.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
