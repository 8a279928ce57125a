import { z } from "zod";
import { MAX_SHARDS } from "../contracts/stack-shards";
import { flag } from "./flags";

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

/** `--shard i/n`, the same flag for `stacks` and `plan`: both assign stacks to shards with lib/contracts/stack-shards.ts. */
export const shardFlag = (help: string) => flag({ flags: "--shard <i/n>", help, parse: shard.optional() });
