import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCaptured, recordCaptureDay, writeCaptured } from "./doc-examples/captured";
import { PROJECT } from "./project";
import { DOC_EXAMPLES, docExample } from "./doc-examples/examples";
import { renderDoc, renderedBody } from "./doc-examples/render";

/**
 * `npm run docs:examples`: the command outputs the docs show, from real runs. Runs `npm run demo` (stdout and stderr
 * as they came), the offline CLI examples, and the sandbox suites that produce the others with UPDATE_DOC_EXAMPLES=1
 * (several minutes), each writing docs/examples/<name>.txt; then renders every marked block of the docs from those.
 * `--render` only renders; `--no-sandbox` skips the sandbox suites.
 */
const say = (line: string) => process.stderr.write(`[docs:examples] ${line}\n`);

function captureDemo(): boolean {
  say("npm run demo ...");
  const dir = mkdtempSync(join(tmpdir(), "docs-examples-"));
  const file = join(dir, "demo.txt");
  const fd = openSync(file, "w");
  try {
    // One file for both streams keeps their order, as a terminal shows it.
    const run = spawnSync("npm", ["run", "--silent", "demo"], { cwd: PROJECT, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    if (run.status !== 0) {
      say(`npm run demo failed (exit ${run.status ?? run.signal}):\n${readFileSync(file, "utf8").slice(-3000)}`);
      return false;
    }
    writeCaptured("demo", readFileSync(file, "utf8"));
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function captureCli(): boolean {
  let ok = true;
  for (const example of DOC_EXAMPLES) {
    if (example.source.kind !== "cli") continue;
    say(`bedrock-access ${example.source.args.join(" ")}`);
    const run = spawnSync(join(PROJECT, "node_modules", ".bin", "tsx"), ["scripts/bedrock-access.ts", ...example.source.args], {
      cwd: PROJECT,
      encoding: "utf8",
    });
    if (run.status !== 0) {
      say(`failed (exit ${run.status ?? run.signal}): ${run.stderr}`);
      ok = false;
    } else {
      writeCaptured(example.name, run.stdout);
      recordCaptureDay(example.name, new Date().toISOString().slice(0, 10));
    }
  }
  return ok;
}

function captureSandboxSuites(): boolean {
  const suites = [...new Set(DOC_EXAMPLES.flatMap((e) => (e.source.kind === "sandbox-test" ? [e.source.test] : [])))];
  say(`sandbox suites with UPDATE_DOC_EXAMPLES=1 (several minutes): ${suites.join(", ")}`);
  const run = spawnSync(join(PROJECT, "node_modules", ".bin", "jest"), ["--selectProjects", "sandbox", "--runInBand", "--", ...suites], {
    cwd: PROJECT,
    stdio: "inherit",
    env: { ...process.env, UPDATE_DOC_EXAMPLES: "1", GOGC: "400" },
  });
  return run.status === 0;
}

function renderDocs(): void {
  for (const doc of new Set(DOC_EXAMPLES.map((e) => e.doc))) {
    const file = join(PROJECT, doc);
    const before = readFileSync(file, "utf8");
    const after = renderDoc(before, (name) => renderedBody(docExample(name), readCaptured(name)));
    if (after !== before) {
      writeFileSync(file, after);
      say(`${doc}: rendered again`);
    }
  }
}

function main(args: readonly string[]): number {
  const runs = args.includes("--render") ? [] : [captureDemo, captureCli, ...(args.includes("--no-sandbox") ? [] : [captureSandboxSuites])];
  const failed = runs.filter((capture) => !capture());
  renderDocs();
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
