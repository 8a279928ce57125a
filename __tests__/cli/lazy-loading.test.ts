import { execFileSync } from "node:child_process";

/**
 * `bedrock-access --help` and the commands that call no AWS service load no AWS SDK client and no command's code
 * beyond their own: each command's entry (name, summary, flags) is eager, its run module loads when it runs, and the
 * process's io requires the SDK adapters on the first client a command creates. Run as the package's command runs
 * (node on tsx's CommonJS hooks), in a process of its own: jest's module registry holds whatever other tests loaded.
 */
const PROBE = `
require("tsx/cjs");
const { runCli } = require("./lib/cli/run-cli.ts");
const { processIo } = require("./lib/cli/io.ts");
runCli(process.argv.slice(1), processIo()).then((exitCode) => {
  const loaded = Object.keys(require.cache).map((file) => file.slice(process.cwd().length + 1));
  process.stdout.write("\\n" + JSON.stringify({ exitCode, loaded }));
});
`;

function loadedBy(...argv: string[]): { exitCode: number; sdk: string[]; commands: string[] } {
  const out = execFileSync(process.execPath, ["-e", PROBE, "--", ...argv], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const { exitCode, loaded } = JSON.parse(out.slice(out.lastIndexOf("\n") + 1)) as { exitCode: number; loaded: string[] };
  return {
    exitCode,
    sdk: loaded.filter((file) => file.includes("node_modules/@aws-sdk/")),
    // A command's run module: commands/<name>/run.ts, or catalog's list.ts, refresh.ts, check.ts.
    commands: loaded.filter((file) => /^lib\/cli\/commands\/(\S+\/run|catalog\/(list|refresh|check))\.ts$/.test(file)),
  };
}

describe("start-up", () => {
  it("--help loads no AWS SDK client and no command's run module", () => {
    expect(loadedBy("--help")).toEqual({ exitCode: 0, sdk: [], commands: [] });
  });

  it("<command> --help loads no AWS SDK client and no command's run module", () => {
    expect(loadedBy("enable", "--help")).toEqual({ exitCode: 0, sdk: [], commands: [] });
  });

  it("validate loads its own code only, and no AWS SDK client", () => {
    expect(loadedBy("validate", "--config", "bedrock-access.yaml")).toEqual({
      exitCode: 0,
      sdk: [],
      commands: ["lib/cli/commands/validate/run.ts"],
    });
  });

  it("a command that calls AWS loads no AWS SDK client when its input is bad: it stops before creating one", () => {
    const { exitCode, sdk } = loadedBy("catalog", "check", "--config", "bedrock-access.yaml", "--outputs", "/nonexistent");
    expect([exitCode, sdk]).toEqual([2, []]);
  });
});
