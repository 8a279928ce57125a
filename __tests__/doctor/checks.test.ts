import { evaluate, type Check, type Requirements } from "../../sandbox/doctor/checks";
import type { Facts } from "../../sandbox/doctor/facts";
import { checkLine, ready, renderCompact, renderJson, renderTable } from "../../sandbox/doctor/report";
import { AWS_CLI_VERSIONS, nodeVersions, TERRAFORM_VERSIONS } from "../../sandbox/doctor/requirements";
import { MOTO_PYTHON, MOTO_VERSIONS } from "../../sandbox/moto";

const REQUIRED: Requirements = {
  node: "^22.13.0 || ^24.0.0",
  terraform: TERRAFORM_VERSIONS,
  python: MOTO_PYTHON,
  moto: MOTO_VERSIONS,
  awsCli: AWS_CLI_VERSIONS,
};

/** A machine with everything, in supported versions. */
const WELL: Facts = {
  nodeVersion: "22.13.1",
  staleModules: [],
  terraform: { version: "1.11.4" },
  python: { version: "3.11.7", moto: "5.2.1" },
  awsCli: { version: "1.45.11", knowsUseCaseForm: true },
  provider: { ok: true, line: "hashicorp/aws 5.100.0 from the mirror at /opt/tf-plugins", downloads: false },
};

const machine = (changes: Partial<Facts>, drop: readonly (keyof Facts)[] = []): Facts => {
  const facts: Record<string, unknown> = { ...WELL, ...changes };
  for (const key of drop) delete facts[key];
  return facts as unknown as Facts;
};

const check = (checks: readonly Check[], name: string): Check => {
  const found = checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check named ${name}`);
  return found;
};

describe("the doctor's checks", () => {
  it("passes a machine with every tool in a supported version, for every command", () => {
    const checks = evaluate(WELL, REQUIRED, "test");

    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ["Node.js", true],
      ["node_modules", true],
      ["Terraform", true],
      ["moto", true],
      ["AWS provider", true],
      ["aws CLI", true],
    ]);
    expect([ready(checks, "demo"), ready(checks, "test"), ready(checks, "unit")]).toEqual([true, true, true]);
  });

  it("warns of Node.js below engines without stopping any command, and names a command that runs the target on a supported Node.js", () => {
    const checks = evaluate(machine({ nodeVersion: "20.20.2" }), REQUIRED, "test");
    const node = check(checks, "Node.js");

    expect([node.ok, node.advisory]).toEqual([false, true]);
    expect(node.found).toContain("EBADENGINE");
    expect(node.fix).toContain("npx --yes --package node@22 -- npm test");
    expect(checkLine(node, "test")).toMatch(/^warn Node\.js 20\.20\.2 /);
    expect([ready(checks, "demo"), ready(checks, "test"), ready(checks, "unit")]).toEqual([true, true, true]);
  });

  it("accepts Node.js 24 and rejects 23, as engines says", () => {
    expect(check(evaluate(machine({ nodeVersion: "24.0.0" }), REQUIRED, "demo"), "Node.js").ok).toBe(true);
    expect(check(evaluate(machine({ nodeVersion: "23.11.0" }), REQUIRED, "demo"), "Node.js").ok).toBe(false);
  });

  it("says npm ci when installed packages differ from the lock", () => {
    const modules = check(evaluate(machine({ staleModules: ["semver", "tsx", "zod", "yaml"] }), REQUIRED, "unit"), "node_modules");

    expect([modules.ok, modules.fix, modules.found]).toEqual([false, "npm ci", "differs from package-lock.json (semver, tsx, zod, ...)"]);
  });

  it("fails a missing Terraform for the demo and npm test, not the unit tests, with where to get it", () => {
    const checks = evaluate(machine({}, ["terraform"]), REQUIRED, "demo");
    const terraform = check(checks, "Terraform");

    expect(terraform.found).toBe("not found on PATH");
    expect(terraform.fix).toBe("install Terraform 1.10.0 or later: https://developer.hashicorp.com/terraform/install");
    expect([ready(checks, "demo"), ready(checks, "test"), ready(checks, "unit")]).toEqual([false, false, true]);
  });

  it("fails a Terraform older than 1.10 and passes 1.10.0", () => {
    expect(check(evaluate(machine({ terraform: { version: "1.9.8" } }), REQUIRED, "demo"), "Terraform").ok).toBe(false);
    expect(check(evaluate(machine({ terraform: { version: "1.10.0" } }), REQUIRED, "demo"), "Terraform").ok).toBe(true);
  });

  it("names Python and the pip command when python3 is missing", () => {
    const moto = check(evaluate(machine({}, ["python"]), REQUIRED, "demo"), "moto");

    expect(moto.ok).toBe(false);
    expect(moto.found).toBe("python3 not found on PATH");
    expect(moto.fix).toBe(
      'install Python 3 (https://www.python.org/downloads/), then: python3 -m pip install --upgrade "moto[server]==5.*"',
    );
  });

  it("shows Python's import error when moto is missing, and asks for moto 5 when another major is installed", () => {
    const missing = check(
      evaluate(machine({ python: { version: "3.12.1", motoError: "ModuleNotFoundError: No module named 'moto'" } }), REQUIRED, "demo"),
      "moto",
    );
    const old = check(evaluate(machine({ python: { version: "3.12.1", moto: "4.2.14" } }), REQUIRED, "demo"), "moto");

    expect(missing.found).toBe("not importable by python3 (Python 3.12.1) (ModuleNotFoundError: No module named 'moto')");
    expect(missing.fix).toBe('python3 -m pip install --upgrade "moto[server]==5.*"');
    expect([old.ok, old.fix]).toEqual([false, missing.fix]);
  });

  it("reports a missing aws CLI as needed by npm test only: the demo still runs", () => {
    const checks = evaluate(machine({}, ["awsCli"]), REQUIRED, "demo");
    const aws = check(checks, "aws CLI");

    expect(aws.fix).toBe('python3 -m pip install --upgrade "awscli==1.*"');
    expect(aws.found).toContain("__tests__/sandbox/bedrock-emulator-cli.test.ts");
    expect([ready(checks, "demo"), ready(checks, "test"), ready(checks, "unit")]).toEqual([true, false, true]);
    expect(checkLine(aws, "demo")).toMatch(/^note aws CLI .*\(needed by npm test\)$/);
    expect(checkLine(aws, "test")).toMatch(/^FAIL aws CLI /);
  });

  it("fails aws CLI v2, which reads --form-data as base64, and a v1 that predates the use-case form command", () => {
    const v2 = check(evaluate(machine({ awsCli: { version: "2.22.0", knowsUseCaseForm: true } }), REQUIRED, "test"), "aws CLI");
    const old = check(evaluate(machine({ awsCli: { version: "1.32.0", knowsUseCaseForm: false } }), REQUIRED, "test"), "aws CLI");

    expect([v2.ok, v2.found]).toEqual([false, expect.stringContaining("which v2 reads as base64")]);
    expect([old.ok, old.found]).toEqual([false, "1.32.0 predates `aws bedrock put-use-case-for-model-access`"]);
  });

  it("passes a provider still to download, saying it needs the registry once, and fails a mirror without it", () => {
    const download = { ok: true, line: "downloading hashicorp/aws 5.100.0 ...", downloads: true } as const;
    const downloading = check(evaluate(machine({ provider: download }), REQUIRED, "demo"), "AWS provider");
    const broken = check(
      evaluate(machine({ provider: { ok: false, error: "TF_PROVIDER_MIRROR=/x does not hold it" } }), REQUIRED, "demo"),
      "AWS provider",
    );

    expect([downloading.ok, downloading.found]).toEqual([
      true,
      expect.stringContaining("(internet needed once; an air-gapped machine sets TF_PROVIDER_MIRROR"),
    ]);
    expect([broken.ok, broken.found]).toEqual([false, "TF_PROVIDER_MIRROR=/x does not hold it"]);
  });
});

describe("the doctor's output", () => {
  it("prints one line per check and a verdict naming the command", () => {
    const table = renderTable(evaluate(machine({}, ["terraform"]), REQUIRED, "demo"), "demo")
      .trimEnd()
      .split("\n");

    expect(table).toHaveLength(7);
    expect(table).toContain(
      "FAIL Terraform not found on PATH → install Terraform 1.10.0 or later: https://developer.hashicorp.com/terraform/install (needed by npm run demo, npm test)",
    );
    expect(table.at(-1)).toBe("npm run demo needs what the FAIL lines say");
  });

  it("gives the demo one line when all is well, leaving out what only npm test needs", () => {
    const lines = renderCompact(evaluate(machine({}, ["awsCli"]), REQUIRED, "demo"), "demo");

    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      "prerequisites ok (npm run doctor shows details): Node.js 22.13.1, node_modules, Terraform 1.11.4, moto 5.2.1, AWS provider",
    );
    expect(lines[0]).not.toContain("aws CLI");
  });

  it("gives the demo only its failing and warning checks otherwise", () => {
    const lines = renderCompact(evaluate(machine({ nodeVersion: "20.20.2" }, ["terraform", "awsCli"]), REQUIRED, "demo"), "demo");

    expect(lines.map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual(["warn Node.js", "FAIL Terraform", "(npm run"]);
  });

  it("gives the demo its one line and then the warning when only Node.js is below engines", () => {
    const lines = renderCompact(evaluate(machine({ nodeVersion: "20.20.2" }, ["awsCli"]), REQUIRED, "demo"), "demo");

    expect(lines.map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual(["prerequisites ok", "warn Node.js"]);
    expect(lines[0]).not.toContain("Node.js");
    expect(lines[1]).toContain("npx --yes --package node@22 -- npm run demo");
  });

  it("writes the same checks as JSON for machines", () => {
    const checks = evaluate(machine({}, ["awsCli"]), REQUIRED, "test");
    const json = JSON.parse(renderJson(checks, "test")) as { target: string; ready: boolean; checks: Check[] };

    expect([json.target, json.ready, json.checks]).toEqual(["npm test", false, checks]);
  });
});

describe("the doctor's requirements", () => {
  it("takes Node.js from package.json engines", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const manifest = require("../../package.json") as { engines: { node: string } };

    expect(nodeVersions()).toBe(manifest.engines.node);
  });
});
