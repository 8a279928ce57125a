import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** The layer rules of .dependency-cruiser.cjs, run on the project and on small trees with one wrong import each. */
const PROJECT = resolve(__dirname, "..", "..");
const RULES = join(PROJECT, ".dependency-cruiser.cjs");
const DEPCRUISE = join(PROJECT, "node_modules", ".bin", "depcruise");

/** depcruise as its own process, asynchronously, so the cases run side by side. */
function cruise(cwd: string, paths: readonly string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(DEPCRUISE, [...paths, "--config", RULES], { cwd });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => resolvePromise({ status, output }));
  });
}

/** A scratch project with the real tsconfig and package.json, and these files. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "layers-"));
  copyFileSync(join(PROJECT, "tsconfig.json"), join(dir, "tsconfig.json"));
  copyFileSync(join(PROJECT, "package.json"), join(dir, "package.json"));
  symlinkSync(join(PROJECT, "node_modules"), join(dir, "node_modules"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("dependency rules", () => {
  it("finds no wrong import in the project", async () => {
    const { status, output } = await cruise(PROJECT, ["lib", "stacks", "scripts", "bin", "main.ts", "sandbox"]);

    expect(output).toMatch(/no dependency violations found/);
    expect(status).toBe(0);
  });

  it.concurrent.each([
    [
      "the domain importing the config",
      {
        "lib/config/schema.ts": "export const x = 1;\n",
        "lib/domain/names.ts": 'import { x } from "../config/schema";\nexport const y = x;\n',
      },
      "domain-imports-only-below",
    ],
    [
      "a contract importing an application",
      {
        "lib/enablement/targets.ts": "export const t = 1;\n",
        "lib/contracts/report.ts": 'import { t } from "../enablement/targets";\nexport const r = t;\n',
      },
      "contracts-imports-only-below",
    ],
    [
      "status building on enable",
      {
        "lib/enablement/enable/run-enable.ts": "export const e = 1;\n",
        "lib/enablement/status/run-status.ts": 'import { e } from "../enable/run-enable";\nexport const s = e;\n',
      },
      "enable-and-status-are-siblings",
    ],
    [
      "the plan review importing the enablement",
      {
        "lib/enablement/targets.ts": "export const t = 1;\n",
        "lib/plan-review/summarize.ts": 'import { t } from "../enablement/targets";\nexport const s = t;\n',
      },
      "applications-are-independent",
    ],
    [
      "the preflight importing the enablement",
      {
        "lib/enablement/targets.ts": "export const t = 1;\n",
        "lib/preflight/targets.ts": 'import { t } from "../enablement/targets";\nexport const p = t;\n',
      },
      "applications-are-independent",
    ],
    [
      "the preflight gate importing the CLI",
      {
        "lib/cli/io.ts": "export const io = 1;\n",
        "lib/preflight-gate/run.ts": 'import { io } from "../cli/io";\nexport const r = io;\n',
      },
      "compositions-imports-only-below",
    ],
    [
      "an application importing the preflight gate",
      {
        "lib/preflight-gate/run.ts": "export const r = 1;\n",
        "lib/enablement/targets.ts": 'import { r } from "../preflight-gate/run";\nexport const t = r;\n',
      },
      "applications-imports-only-below",
    ],
    [
      "code in a lib folder that is not a layer",
      {
        "lib/core/errors.ts": "export const e = 1;\n",
        "lib/util/strings.ts": 'import { e } from "../core/errors";\nexport const s = e;\n',
      },
      "lib-files-belong-to-a-layer",
    ],
    [
      "the SCP evaluator reaching into the policy model's private folder",
      {
        "lib/domain/iam/private/read-mark.ts": "export const READ = 1;\n",
        "lib/domain/iam/statement.ts": 'import { READ } from "./private/read-mark";\nexport const s = READ;\n',
        "lib/domain/iam/evaluation/parse-scp.ts": 'import { READ } from "../private/read-mark";\nexport const p = READ;\n',
      },
      "private-folders-stay-private",
    ],
    [
      "the CLI importing the stacks' outputs writer",
      {
        "lib/contracts/stack-outputs/write.ts": "export const w = 1;\n",
        "lib/cli/io.ts": 'import { w } from "../contracts/stack-outputs/write";\nexport const i = w;\n',
      },
      "outputs-writer-only-in-stacks",
    ],
    [
      "the emulator importing the project's catalog",
      {
        "lib/domain/catalog/regions.ts": "export const REGIONS = [];\n",
        "sandbox/bedrock-emulator/catalog.ts": 'import { REGIONS } from "../../lib/domain/catalog/regions";\nexport const c = REGIONS;\n',
      },
      "emulator-is-self-contained",
    ],
    [
      "the CLI importing the sandbox",
      {
        "sandbox/moto.ts": "export const m = 1;\n",
        "lib/cli/io.ts": 'import { m } from "../../sandbox/moto";\nexport const i = m;\n',
      },
      "product-never-imports-sandbox-or-tests",
    ],
    [
      "run-time code importing a dev-only package",
      { "lib/enablement/evaluate.ts": 'import { runSimulation } from "@cloud-copilot/iam-simulate";\nexport const f = runSimulation;\n' },
      "no-dev-dependencies-at-run-time",
    ],
    [
      "two folders importing each other",
      {
        "lib/plan-review/a/one.ts": 'import { two } from "../b/two";\nexport const one = two;\n',
        "lib/plan-review/b/two.ts": 'import { three } from "../a/three";\nexport const two = three;\n',
        "lib/plan-review/a/three.ts": "export const three = 3;\n",
      },
      "no-circular-folders",
    ],
  ])("fails on %s", async (_what, files, rule) => {
    const dir = tree(files);
    dirs.push(dir);

    const { status, output } = await cruise(
      dir,
      ["lib", "sandbox"].filter((top) => Object.keys(files).some((f) => f.startsWith(`${top}/`))),
    );

    expect(output).toContain(`error ${rule}`);
    expect(status).not.toBe(0);
  });
});
