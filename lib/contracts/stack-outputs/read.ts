import { basename } from "node:path";
import type { z } from "zod";
import { InputError } from "../../core/errors";
import { readJsonFiles } from "../../core/json-files";
import { isRecord, parseWith } from "../../core/validation";
import { managementOutputsSchema, runtimeOutputsSchema, type ManagementOutputs, type RuntimeOutputs } from "./schema";

/** One stack's outputs as read, before validation. */
export interface StackOutputs {
  readonly stack: string;
  /** The file it came from, for error messages. */
  readonly source: string;
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** `terraform output -json`: every entry is `{ value, type, sensitive }`. */
function isTerraformOutputJson(json: Record<string, unknown>): boolean {
  const entries = Object.values(json);
  return entries.length > 0 && entries.every((entry) => isRecord(entry) && "value" in entry && ("type" in entry || "sensitive" in entry));
}

/**
 * Reads stack outputs from files and directories (every `*.json` in it). Each file is either what
 * `cdktf deploy --outputs-file` writes (`{ "<stack>": { "<output>": value } }`) or one stack's
 * `terraform output -json`, named `<stack>.json` (management.json, runtime-ci-prod.json).
 */
export function readStackOutputs(paths: readonly string[]): Map<string, StackOutputs> {
  const stacks = new Map<string, StackOutputs>();
  const options = {
    expected: "expected the file written by cdktf deploy --outputs-file",
    emptyDirectory: "expected <stack>.json files (terraform output -json per stack), found none",
    notJson: (message: string) => `expected JSON (${message})`,
  };
  const problems = readJsonFiles(paths, options, ({ file, json }, problems) => {
    for (const stack of stacksOf(file, json, problems)) {
      const seen = stacks.get(stack.stack);
      if (seen) problems.push(`${file}: stack ${stack.stack} is also in ${seen.source}; expected each stack once`);
      else stacks.set(stack.stack, stack);
    }
  });
  if (problems.length > 0) throw new InputError("stack outputs: cannot read them", problems);
  return stacks;
}

function stacksOf(file: string, json: unknown, problems: string[]): StackOutputs[] {
  if (!isRecord(json)) {
    problems.push(`${file}: expected a JSON object of stacks or of outputs (got ${Array.isArray(json) ? "an array" : typeof json})`);
    return [];
  }
  if (isTerraformOutputJson(json)) {
    const outputs = Object.fromEntries(Object.entries(json).map(([name, entry]) => [name, isRecord(entry) ? entry.value : undefined]));
    return [{ stack: basename(file, ".json"), source: file, outputs }];
  }
  return Object.entries(json).flatMap(([stack, outputs]) => {
    if (isRecord(outputs)) return [{ stack, source: file, outputs }];
    problems.push(
      `${file}: "${stack}": expected an object of outputs (cdktf --outputs-file) or a {value, type} entry (terraform output -json)`,
    );
    return [];
  });
}

function validate<T extends z.ZodType>(schema: T, stack: StackOutputs): z.output<T> {
  return parseWith(schema, stack.outputs, {
    title: `${stack.source}: outputs of stack ${stack.stack} do not match the outputs contract (lib/contracts/stack-outputs)`,
    prefix: `${stack.stack}.`,
  });
}

export const parseManagementOutputs = (stack: StackOutputs): ManagementOutputs => validate(managementOutputsSchema, stack);
export const parseRuntimeOutputs = (stack: StackOutputs): RuntimeOutputs => validate(runtimeOutputsSchema, stack);
