import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseRuntimeOutputs, readStackOutputs } from "../lib/contracts/stack-outputs/read";
import { runtimeStackName } from "../lib/contracts/stack-outputs/schema";
import { CONFIG_FILE_ENV } from "../lib/config/load";
import { refreshSandboxCatalogLock } from "./catalog-lock";
import { deployArgs, runCdktf, runEnable } from "./cdktf";
import { checkPrerequisites } from "./doctor/prerequisites";
import { ready, renderCompact } from "./doctor/report";
import { cleanEnv, startSandbox, type Sandbox } from "./sandbox";
import { errorMessage } from "../lib/core/errors";
import { PROJECT } from "./project";

/**
 * `npm run demo`: the whole job on the embedded local default. Starts the sandbox (moto + the Bedrock
 * emulator), deploys the example Organization with the real `cdktf deploy`, runs the real enablement
 * script as the pipeline role, prints the report, and stops everything it started.
 */
const WORK = join(PROJECT, ".sandbox", "demo");

const say = (line: string) => process.stderr.write(`[demo] ${line}\n`);

async function main(): Promise<number> {
  const checks = await checkPrerequisites("demo");
  for (const line of renderCompact(checks, "demo")) say(line);
  if (!ready(checks, "demo")) return 1;
  // As the CLI does: an argument, else $BEDROCK_ACCESS_CONFIG (the README tells users to export it), else the example.
  const configFile = process.argv[2] ?? process.env[CONFIG_FILE_ENV] ?? join(PROJECT, "bedrock-access.yaml");
  rmSync(WORK, { recursive: true, force: true });
  say(`starting the sandbox (moto + Bedrock emulator) for ${configFile}`);
  const sandbox = await startSandbox({ configFile, workDir: WORK, log: say });
  // Ctrl-C or a CI cancel stops cdktf (and the terraform it runs) or the enablement, then the sandbox.
  const interrupted = new AbortController();
  const stop = () => {
    interrupted.abort();
    void sandbox.stop();
  };
  process.once("SIGINT", stop).once("SIGTERM", stop);
  try {
    return await run(sandbox, interrupted.signal);
  } finally {
    await sandbox.stop();
    say("sandbox stopped");
  }
}

/** The deploy's deadline: minutes for the example, far below "hangs until the CI job's timeout". */
const DEPLOY_TIMEOUT_MS = 30 * 60_000;

async function run(sandbox: Sandbox, signal: AbortSignal): Promise<number> {
  say(`moto ${sandbox.moto.endpoint}, Bedrock emulator ${sandbox.emulator.url}`);
  say(
    `Organization seeded: management ${sandbox.organization.managementAccountId}, members ${sandbox.organization.memberAccountIds.join(", ")}`,
  );
  say(await refreshSandboxCatalogLock(sandbox, PROJECT, signal));
  say("cdktf deploy '*' (management + one stack per runtime account) ...");
  const outputsFile = join(WORK, "outputs.json");
  const deploy = await runCdktf(deployArgs(join(WORK, "cdktf.out"), outputsFile), {
    cwd: PROJECT,
    env: { ...cleanEnv(), ...sandbox.env },
    signal,
    timeoutMs: DEPLOY_TIMEOUT_MS,
  });
  if (deploy.stopped) throw new Error(`cdktf deploy stopped (${deploy.stopped})`);
  if (deploy.exitCode !== 0) {
    process.stderr.write(deploy.output.slice(-5000));
    throw new Error(`cdktf deploy failed with exit code ${deploy.exitCode}`);
  }
  printDeployed(sandbox, outputsFile);

  say("npm run enable (as the pipeline role): use-case form, first use of each model profile, verification ...");
  const reportFile = join(WORK, "enable-report.json");
  const enable = await runEnable(
    [
      "--config",
      sandbox.configFile,
      "--outputs",
      outputsFile,
      "--report",
      reportFile,
      "--markdown",
      join(WORK, "enable-summary.md"),
      "--poll-interval",
      "1",
    ],
    { cwd: PROJECT, env: { ...cleanEnv(), ...(await sandbox.pipelineEnv()) }, echo: process.stderr, signal },
  );
  process.stdout.write(`\nEnablement:\n${enable.stdout}`);
  say(`JSON report: ${reportFile}`);
  return enable.exitCode;
}

function printDeployed(sandbox: Sandbox, outputsFile: string): void {
  const stacks = readStackOutputs([outputsFile]);
  const header = ["account", "id", "regions", "first-use role", "runtime roles", "profiles"];
  const rows = sandbox.config.accounts.map((account) => {
    const stack = stacks.get(runtimeStackName(account.name));
    if (!stack) throw new Error(`${outputsFile}: no outputs for ${runtimeStackName(account.name)}`);
    const out = parseRuntimeOutputs(stack);
    return [
      account.name,
      out.account_id,
      out.regions.join(","),
      out.first_use_role_arn,
      String(out.runtime_roles.length),
      String(out.model_profiles.length),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  process.stdout.write(`Deployed accounts:\n${[line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")}\n`);
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    say(`failed: ${errorMessage(err)}`);
    process.exitCode = 1;
  });
