import { z } from "zod";
import { configFlag, flag, onOff } from "../../flags";
import { count } from "../../options";
import { MAX_SHARDS } from "./shards";

/** `--shard 2/4` → { index: 2, count: 4 }. */
const shard = z
  .string()
  .trim()
  .regex(/^\d+\/\d+$/, { error: `expected i/n in decimal digits, shard i of n shards (e.g. 2/4)` })
  .transform((value) => {
    const [index, shards] = value.split("/").map(Number);
    return { index, count: shards };
  })
  .refine(({ count: shards }) => shards >= 1 && shards <= MAX_SHARDS, { error: `expected n from 1 to ${MAX_SHARDS}`, abort: true })
  .refine(({ index, count: shards }) => index >= 1 && index <= shards, { error: "expected i from 1 to n" });

/** `--memory 7` or `6.5`: GiB, in decimal digits. */
const gibibytes = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, { error: "expected GiB of memory in decimal digits (e.g. 7 or 6.5)" })
  .transform(Number)
  .pipe(z.number().min(0.5, { error: "expected 0.5..4096 GiB" }).max(4096, { error: "expected 0.5..4096 GiB" }));

export const stacksFlags = z.object({
  config: configFlag,
  shard: flag({
    flags: "--shard <i/n>",
    help: "only shard i of n (1-based; n at most 256, GitHub's matrix limit)",
    parse: shard.optional(),
  }),
  matrix: flag({
    flags: "--matrix <n>",
    help: 'print a GitHub Actions matrix of n shards, {"shard":["1/n",...]}, leaving out empty shards',
    parse: count(MAX_SHARDS).optional(),
  }),
  json: flag({ flags: "--json", help: "print a JSON array instead of one name per line", parse: onOff() }),
  parallelism: flag({
    flags: "--parallelism",
    help: "print the cdktf deploy --parallelism this machine's memory allows, and nothing else",
    parse: onOff(),
  }),
  memory: flag({
    flags: "--memory <GiB>",
    help: "with --parallelism: size it for a machine with this much memory instead (e.g. 7)",
    parse: gibibytes.optional(),
  }),
});
