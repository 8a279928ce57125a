import { z } from "zod";
import { configFlag, flag, onOff, optionalText } from "../../flags";
import { count } from "../../options";
import { MAX_SHARDS } from "../../../contracts/stack-shards";
import { shardFlag } from "../../shard-flag";

/** `--memory 7` or `6.5`: GiB, in decimal digits. */
const gibibytes = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, { error: "expected GiB of memory in decimal digits (e.g. 7 or 6.5)" })
  .transform(Number)
  .pipe(z.number().min(0.5, { error: "expected 0.5..4096 GiB" }).max(4096, { error: "expected 0.5..4096 GiB" }));

export const stacksFlags = z.object({
  config: configFlag,
  shard: shardFlag("only shard i of n (1-based; n at most 256, GitHub's matrix limit)"),
  matrix: flag({
    flags: "--matrix <n>",
    help: 'print a GitHub Actions matrix of n shards, {"shard":["1/n",...]}, leaving out empty shards (with --base: the shards holding a changed, new or removed stack)',
    parse: count(MAX_SHARDS).optional(),
  }),
  base: flag({
    flags: "--base <dir>",
    help: "a cdktf synth output of the base commit: print the stacks of --output whose configuration differs from it, then the new ones (the stacks only --base has on stderr)",
    parse: optionalText,
  }),
  output: flag({
    flags: "--output <dir>",
    help: "with --base: the cdktf synth output of the head (default: cdktf.out)",
    parse: optionalText,
  }),
  json: flag({
    flags: "--json",
    help: 'print a JSON array instead of one name per line; with --base {"changed":[...],"added":[...],"removed":[...],"unchanged":[...]}',
    parse: onOff(),
  }),
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
