import { accessConfigJsonSchema } from "../../../config/json-schema";
import { writeFileAtomically } from "../../../core/output-files";
import type { CommandRun } from "../../command";
import type { FlagTable } from "../../flags";
import { ioLogger } from "../../io";

export const run: CommandRun<FlagTable> = ({ args }, io) => {
  const target = String(args[0]);
  writeFileAtomically(target, `${JSON.stringify(accessConfigJsonSchema(), null, 2)}\n`);
  ioLogger(io).info(`wrote ${target}`);
  return Promise.resolve(0);
};
