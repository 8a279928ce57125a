import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { runCommand, type ProcessResult } from "../../lib/core/process";
import { errorMessage } from "../../lib/core/errors";
import { isRecord, valueAt } from "../../lib/core/validation";
import { describeProviderSource, pinnedAwsProvider, providerSourceLine } from "../terraform-cli-config";
import type { Facts, ProviderFact } from "./facts";
import { PROJECT } from "../project";

const PROBE_TIMEOUT_MS = 20_000;

/** Runs a probe command; undefined when it is not on PATH. */
async function probe(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ProcessResult | undefined> {
  try {
    return await runCommand(command, args, { cwd: PROJECT, env, timeoutMs: PROBE_TIMEOUT_MS });
  } catch {
    return undefined;
  }
}

async function terraform(): Promise<Facts["terraform"]> {
  // CHECKPOINT_DISABLE: no call home for an upgrade notice.
  const run = await probe("terraform", ["version", "-json"], { ...process.env, CHECKPOINT_DISABLE: "1" });
  if (!run) return undefined;
  const version = /"terraform_version":\s*"([^"]+)"/.exec(run.stdout)?.[1] ?? /Terraform v(\S+)/.exec(run.output)?.[1];
  return { version: version ?? "unknown" };
}

/** What sandbox/moto/serve.py imports, as the sandbox starts it. */
const MOTO_PROBE = [
  "import sys",
  "print(sys.version.split()[0], flush=True)",
  "import moto, moto.server, moto.organizations.models, moto.organizations.utils",
  "print(moto.__version__)",
].join("\n");

/** @internal its tests run a stand-in interpreter */
export async function probePython(interpreter: string): Promise<Facts["python"]> {
  const run = await probe(interpreter, ["-c", MOTO_PROBE]);
  if (!run) return undefined;
  const [version, moto] = run.stdout.trim().split("\n");
  if (!version) return undefined;
  if (run.exitCode === 0 && moto) return { version, moto };
  return { version, motoError: run.stderr.trim().split("\n").at(-1) };
}

/** The aws CLI with no profile or config of the machine's own, as the tests run it. */
const AWS_CLI_ENV = { ...process.env, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" };

async function awsCli(): Promise<Facts["awsCli"]> {
  const run = await probe("aws", ["--version"], AWS_CLI_ENV);
  if (!run) return undefined;
  const version = /aws-cli\/(\S+)/.exec(run.output)?.[1] ?? "unknown";
  // Prints the request's skeleton offline, or exits 2 when the CLI does not know the command.
  const skeleton = await probe("aws", ["bedrock", "put-use-case-for-model-access", "--generate-cli-skeleton"], AWS_CLI_ENV);
  return { version, knowsUseCaseForm: skeleton?.exitCode === 0 };
}

/**
 * package.json's packages whose installed version is not package-lock.json's: `npm ci` not run since the last pull.
 * @internal its tests build a project folder
 */
export function staleModules(project: string): string[] {
  const read = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));
  const manifest = read(join(project, "package.json"));
  const lock = read(join(project, "package-lock.json"));
  const names = ["dependencies", "devDependencies"].flatMap((field) => {
    const deps = valueAt(manifest, [field]);
    return isRecord(deps) ? Object.keys(deps) : [];
  });
  return names.filter((name) => {
    const installed = join(project, "node_modules", name, "package.json");
    return (
      !existsSync(installed) || valueAt(read(installed), ["version"]) !== valueAt(lock, ["packages", `node_modules/${name}`, "version"])
    );
  });
}

function provider(project: string): ProviderFact {
  try {
    const source = describeProviderSource();
    if (source.kind === "mirror" || source.cached) return { ok: true, line: providerSourceLine(source), downloads: false };
    const { source: name, version } = pinnedAwsProvider();
    const cache = relative(project, source.cacheDir).startsWith("..") ? source.cacheDir : relative(project, source.cacheDir);
    return { ok: true, line: `${name} ${version} not downloaded yet: the first sandbox run downloads it into ${cache}`, downloads: true };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

/** Looks at this machine: every probe at once (about half a second). */
export async function probeMachine(pythonInterpreter: string, project: string = PROJECT): Promise<Facts> {
  const [tf, py, aws] = await Promise.all([terraform(), probePython(pythonInterpreter), awsCli()]);
  return {
    nodeVersion: process.versions.node,
    staleModules: staleModules(project),
    ...(tf && { terraform: tf }),
    ...(py && { python: py }),
    ...(aws && { awsCli: aws }),
    provider: provider(project),
  };
}
