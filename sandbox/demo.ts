import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { runtimeOutputsSchema, runtimeStackName } from "../lib/outputs";
import { deployArgs, runCdktf } from "./cdktf";
import { cleanEnv, startSandbox, type Sandbox } from "./sandbox";

/**
 * `npm run demo`: the whole job on the embedded local default. Starts the sandbox, deploys the example
 * Organization with the real `cdktf deploy`, prints what was deployed, and stops everything it started.
 */
const PROJECT = resolve(__dirname, "..");
const WORK = join(PROJECT, ".sandbox", "demo");

const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const configFile = process.argv[2] ?? join(PROJECT, "bedrock-access.yaml");
  rmSync(WORK, { recursive: true, force: true });
  say(`[demo] starting the sandbox (moto) for ${configFile}`);
  const sandbox = await startSandbox({ configFile, workDir: WORK });
  const stop = () => void sandbox.stop();
  process.once("SIGINT", stop).once("SIGTERM", stop);
  try {
    await run(sandbox);
  } finally {
    await sandbox.stop();
    say("[demo] sandbox stopped");
  }
}

async function run(sandbox: Sandbox): Promise<void> {
  say(`[demo] Organization seeded: management ${sandbox.organization.managementAccountId}, members ${sandbox.organization.memberAccountIds.join(", ")}`);
  say("[demo] cdktf deploy '*' (management + one stack per runtime account)");
  const outputsFile = join(WORK, "outputs.json");
  const deploy = await runCdktf(deployArgs(join(WORK, "cdktf.out"), outputsFile), {
    cwd: PROJECT,
    env: { ...cleanEnv(), ...sandbox.env },
    echo: process.stderr,
  });
  if (deploy.exitCode !== 0) throw new Error(`cdktf deploy failed with exit code ${deploy.exitCode}`);

  const outputs = JSON.parse(readFileSync(outputsFile, "utf8")) as Record<string, unknown>;
  const rows = sandbox.config.accounts.map((account) => {
    const out = runtimeOutputsSchema.parse(outputs[runtimeStackName(account.name)]);
    return [account.name, out.account_id, out.regions.join(","), out.first_use_role_arn, String(out.model_profiles.length)];
  });
  printTable(["account", "id", "regions", "first-use role", "profiles"], rows);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  process.stdout.write(`${[line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")}\n`);
}

main().catch((err: unknown) => {
  say(`[demo] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
