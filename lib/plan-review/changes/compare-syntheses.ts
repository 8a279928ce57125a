import { readFileSync } from "node:fs";
import { join } from "node:path";
import { errorMessage, InputError } from "../../core/errors";
import { isRecord } from "../../core/validation";
import { readSynthesizedStacks, type SynthesizedStack } from "../cdktf-manifest";

/** How the stacks of one synthesis (head) differ from those of another (base), by name, each list sorted. */
export interface SynthesisChanges {
  /** In both, with a different Terraform configuration. */
  readonly changed: readonly string[];
  /** Only in head. */
  readonly added: readonly string[];
  /** Only in base: head no longer has them. */
  readonly removed: readonly string[];
  readonly unchanged: readonly string[];
}

/**
 * Compares two `cdktf synth` outputs stack by stack, as data: object key order and cdktf's `//` metadata (construct
 * paths, unique ids, the cdktf version, the outputs map) change nothing Terraform does, so they are left out; every
 * other value counts, the provider, backend and required versions included.
 */
export function compareSyntheses(baseDir: string, headDir: string): SynthesisChanges {
  const base = configurations(baseDir);
  const head = configurations(headDir);
  const changes = { changed: [] as string[], added: [] as string[], removed: [] as string[], unchanged: [] as string[] };
  for (const [name, configuration] of head) {
    const before = base.get(name);
    if (before === undefined) changes.added.push(name);
    else (before === configuration ? changes.unchanged : changes.changed).push(name);
  }
  changes.removed.push(...[...base.keys()].filter((name) => !head.has(name)));
  return changes;
}

/**
 * The local backend writes an absolute state path (`<project>/terraform.<stack>.tfstate`): a base synthesized in
 * another directory than the head differs in every stack. A warning naming the cause when some of `changed` differ in
 * nothing else (a different state file is a real change, so they stay changed); undefined otherwise.
 */
export function movedLocalStateWarning(baseDir: string, headDir: string, changed: readonly string[]): string | undefined {
  const base = new Map(readSynthesizedStacks(baseDir).map((stack) => [stack.name, stack]));
  const head = new Map(readSynthesizedStacks(headDir).map((stack) => [stack.name, stack]));
  const withoutStatePath = (stack: SynthesizedStack | undefined): string | undefined => {
    if (!stack) return undefined;
    const configuration = canonical(readConfiguration(stack));
    const terraform = isRecord(configuration) ? configuration.terraform : undefined;
    const backend = isRecord(terraform) ? terraform.backend : undefined;
    if (isRecord(backend) && isRecord(backend.local)) delete backend.local.path;
    return JSON.stringify(configuration);
  };
  const moved = changed.filter((name) => withoutStatePath(base.get(name)) === withoutStatePath(head.get(name)));
  if (moved.length === 0) return undefined;
  return (
    `${moved.length} of the ${changed.length} changed stacks differ only in the local backend's state path, which is absolute: ` +
    `synthesize the base in the same directory as the head (git checkout <base>; cdktf synth --output base.out; git checkout <head>)`
  );
}

/** Each stack's configuration in canonical form, by stack name. */
function configurations(outputDir: string): Map<string, string> {
  return new Map(readSynthesizedStacks(outputDir).map((stack) => [stack.name, canonicalJson(readConfiguration(stack))]));
}

function readConfiguration(stack: SynthesizedStack): unknown {
  const file = join(stack.directory, "cdk.tf.json");
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(`${file}: cannot read the stack's configuration`, [
      `${errorMessage(err)}; expected the cdk.tf.json of cdktf synth`,
    ]);
  }
}

/** JSON with object keys sorted and every `//` key (cdktf's metadata and comments) dropped, at any depth. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value)
    .filter(([key]) => key !== "//")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, v]) => [key, canonical(v)]));
}
