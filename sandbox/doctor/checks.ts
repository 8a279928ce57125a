import { minVersion, satisfies } from "semver";
import type { Facts } from "./facts";
import { AWS_CLI_SUITES, TARGET_COMMANDS, type Target } from "./requirements";

/** The versions each tool must have, each read from the one place the code keeps it. */
export interface Requirements {
  readonly node: string;
  readonly terraform: string;
  readonly python: string;
  readonly moto: string;
  readonly awsCli: string;
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  /** What was found, and what is needed. */
  readonly found: string;
  /** The version found, when the tool has one: what a one-line summary shows. */
  readonly version?: string;
  /** What to install or run, when not ok. */
  readonly fix?: string;
  /** Not ok, but the commands still run: a warning, not a stop (a Node.js below engines runs, untested). */
  readonly advisory?: boolean;
  readonly neededBy: readonly Target[];
}

const EVERYWHERE: readonly Target[] = ["demo", "test", "unit"];
const SANDBOX: readonly Target[] = ["demo", "test"];

const lowest = (range: string): string => minVersion(range)?.version ?? range;
const fits = (version: string, range: string): boolean => satisfies(version, range, { loose: true });

/** Every prerequisite of the demo and the tests, judged from what the probes found; `target` names the command to fix. */
export function evaluate(facts: Facts, required: Requirements, target: Target): Check[] {
  return [
    nodeCheck(facts, required, target),
    modulesCheck(facts),
    terraformCheck(facts, required),
    motoCheck(facts, required),
    providerCheck(facts),
    awsCliCheck(facts, required),
  ];
}

function nodeCheck(facts: Facts, required: Requirements, target: Target): Check {
  const found = `${facts.nodeVersion} (needs ${required.node}, package.json engines)`;
  if (fits(facts.nodeVersion, required.node)) return { name: "Node.js", ok: true, found, version: facts.nodeVersion, neededBy: EVERYWHERE };
  const major = minVersion(required.node)?.major ?? "";
  return {
    name: "Node.js",
    ok: false,
    found: `${found}; npm ci's EBADENGINE warnings say the same`,
    fix: `it may run, but the project is tested on ${required.node} only: install Node.js (https://nodejs.org/en/download), or run on the npm registry's Node.js ${major} without installing it: npx --yes --package node@${major} -- ${TARGET_COMMANDS[target]}`,
    advisory: true,
    neededBy: EVERYWHERE,
  };
}

function modulesCheck(facts: Facts): Check {
  const name = "node_modules";
  if (facts.staleModules.length === 0) return { name, ok: true, found: "matches package-lock.json", neededBy: EVERYWHERE };
  const shown = facts.staleModules.slice(0, 3).join(", ") + (facts.staleModules.length > 3 ? ", ..." : "");
  return { name, ok: false, found: `differs from package-lock.json (${shown})`, fix: "npm ci", neededBy: EVERYWHERE };
}

function terraformCheck(facts: Facts, required: Requirements): Check {
  const name = "Terraform";
  const fix = `install Terraform ${lowest(required.terraform)} or later: https://developer.hashicorp.com/terraform/install`;
  if (!facts.terraform) return { name, ok: false, found: "not found on PATH", fix, neededBy: SANDBOX };
  const found = `${facts.terraform.version} (needs ${required.terraform})`;
  const ok = fits(facts.terraform.version, required.terraform);
  return { name, ok, found, version: facts.terraform.version, ...(!ok && { fix }), neededBy: SANDBOX };
}

function motoCheck(facts: Facts, required: Requirements): Check {
  const name = "moto";
  const major = minVersion(required.moto)?.major;
  const install = `${required.python} -m pip install --upgrade "moto[server]==${major}.*"`;
  const python = facts.python;
  if (!python) {
    const fix = `install Python 3 (https://www.python.org/downloads/), then: ${install}`;
    return { name, ok: false, found: `${required.python} not found on PATH`, fix, neededBy: SANDBOX };
  }
  if (!python.moto) {
    const why = python.motoError ? ` (${python.motoError})` : "";
    return {
      name,
      ok: false,
      found: `not importable by ${required.python} (Python ${python.version})${why}`,
      fix: install,
      neededBy: SANDBOX,
    };
  }
  const found = `${python.moto} on Python ${python.version} (needs ${required.moto})`;
  const ok = fits(python.moto, required.moto);
  return { name, ok, found, version: python.moto, ...(!ok && { fix: install }), neededBy: SANDBOX };
}

function providerCheck(facts: Facts): Check {
  const name = "AWS provider";
  const provider = facts.provider;
  // The error names what to set (sandbox/terraform-cli-config.ts).
  if (!provider.ok) return { name, ok: false, found: provider.error, neededBy: SANDBOX };
  const found = provider.downloads
    ? `${provider.line} (internet needed once; an air-gapped machine sets TF_PROVIDER_MIRROR, docs/sandbox.md)`
    : provider.line;
  return { name, ok: true, found, neededBy: SANDBOX };
}

function awsCliCheck(facts: Facts, required: Requirements): Check {
  const name = "aws CLI";
  const neededBy: readonly Target[] = ["test"];
  const install = `${required.python} -m pip install --upgrade "awscli==${minVersion(required.awsCli)?.major}.*"`;
  const suites = `run by ${AWS_CLI_SUITES.join(" and ")}`;
  const cli = facts.awsCli;
  if (!cli) return { name, ok: false, found: `not found on PATH (${suites})`, fix: install, neededBy };
  if (!fits(cli.version, required.awsCli)) {
    const found = `${cli.version} (needs ${required.awsCli}: ${AWS_CLI_SUITES[0]} passes --form-data as text, which v2 reads as base64)`;
    return { name, ok: false, found, fix: `${install}, first on PATH`, neededBy };
  }
  if (!cli.knowsUseCaseForm) {
    const found = `${cli.version} predates \`aws bedrock put-use-case-for-model-access\``;
    return { name, ok: false, found, fix: install, neededBy };
  }
  return { name, ok: true, found: `${cli.version} (needs ${required.awsCli})`, version: cli.version, neededBy };
}
