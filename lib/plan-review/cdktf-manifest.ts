import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { errorMessage, InputError } from "../core/errors";

const manifestSchema = z.object({
  stacks: z.record(z.string(), z.object({ name: z.string(), workingDirectory: z.string() })),
});

export interface SynthesizedStack {
  readonly name: string;
  /** Absolute directory holding the stack's cdk.tf.json: where terraform runs. */
  readonly directory: string;
}

/** The stacks `cdktf synth` wrote, from `<outputDir>/manifest.json`. */
export function readSynthesizedStacks(outputDir: string): SynthesizedStack[] {
  const file = join(outputDir, "manifest.json");
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(`${file}: cannot read the cdktf manifest`, [`cannot read it (${errorMessage(err)}); run cdktf synth first`]);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    throw new InputError(`${file}: cannot read the cdktf manifest`, [
      `expected a cdktf manifest with stacks.<name>.workingDirectory (${parsed.error.issues[0]?.message})`,
    ]);
  return Object.values(parsed.data.stacks)
    .map((s) => ({ name: s.name, directory: join(outputDir, s.workingDirectory) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
