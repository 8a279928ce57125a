import type { z } from "zod";

/** What every data file of the emulator's catalog must hold: each model once, and only sources the file declares. */
export function checkModelsAndSources(
  file: {
    readonly sources: Readonly<Record<string, unknown>>;
    readonly models: readonly { readonly modelId: string; readonly sources: readonly string[] }[];
  },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  file.models.forEach((m, i) => {
    if (seen.has(m.modelId)) ctx.addIssue({ code: "custom", path: ["models", i, "modelId"], message: `${m.modelId} is listed twice` });
    seen.add(m.modelId);
    m.sources.forEach((s, j) => {
      if (!(s in file.sources)) ctx.addIssue({ code: "custom", path: ["models", i, "sources", j], message: `unknown source ${s}` });
    });
  });
}
