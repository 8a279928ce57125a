import Table from "cli-table3";
import { lifecycleState, offeredKinds, sourceRegionsOf } from "../../../domain/catalog/catalog";
import { accessOf } from "../../../domain/catalog/profile-access";
import { CLAUDE_MODELS, type ClaudeModel } from "../../../domain/catalog/models";
import type { CommandRun } from "../../command";
import type { catalogListFlags } from "./flags";

/** active; legacy (end of life D), refused unless alreadyInUse; past end of life D, always refused. */
function lifecycle(model: ClaudeModel, today: string): string {
  const { lifecycle: l } = model;
  const state = lifecycleState(l, today);
  if (state === "active" || l.status === "active") return state;
  if (state === "end-of-life") return `past end of life (${l.endOfLife ?? "?"}): refused`;
  return `legacy${l.endOfLife ? ` (end of life ${l.endOfLife})` : ""}: refused unless alreadyInUse`;
}

/** `geography (N sources)` per profile the model has; `in-region (regions)`; `messages (N regions[, as its bedrock-mantle id])`. */
function profilesCell(model: ClaudeModel): string {
  return offeredKinds(model)
    .map((kind) => {
      const regions = sourceRegionsOf(model, kind);
      if (kind === "in-region") return `in-region (${regions.join(", ")})`;
      const id = model.messages?.id;
      if (accessOf(kind).protocol === "messages-api")
        return id && id !== model.id ? `messages (${regions.length}, as ${id})` : `messages (${regions.length})`;
      return `${kind} (${regions.length})`;
    })
    .join(", ");
}

/** `bedrock-access catalog list`: the built-in catalog, as a table or JSON. */
export const run: CommandRun<typeof catalogListFlags> = ({ flags: parsed }, io) => {
  if (parsed.json) {
    io.stdout(`${JSON.stringify(CLAUDE_MODELS, null, 2)}\n`);
    return Promise.resolve(0);
  }
  const table = new Table({
    head: ["Model", "Id", "Lifecycle", "Profiles (source regions)"],
    style: { head: [], border: [], compact: true },
  });
  const today = new Date(io.clock.now()).toISOString().slice(0, 10);
  for (const model of CLAUDE_MODELS) table.push([model.name, model.id, lifecycle(model, today), profilesCell(model)]);
  io.stdout(`${table.toString()}\n`);
  return Promise.resolve(0);
};
