import { z } from "zod";
import { configFlag, flag, onOff, optionalText } from "../../flags";
import { count, seconds } from "../../options";
import { shardFlag } from "../../shard-flag";

/** A deadline for each cdktf and terraform process `plan` starts: far above a plan, far below a CI job's limit. */
const PROCESS_TIMEOUT_S = 1800;

export const planFlags = z.object({
  config: configFlag,
  output: flag({ flags: "--output <dir>", help: "cdktf synth output directory", default: "cdktf.out", parse: z.string() }),
  plans: flag({
    flags: "--plans <dir>",
    help: "where <stack>.json plans are written (its *.json files are replaced)",
    default: "plans",
    parse: z.string(),
  }),
  stack: flag({ flags: "--stack <name...>", help: "plan only these stacks", parse: z.array(z.string()).optional() }),
  base: flag({
    flags: "--base <dir>",
    help: "a cdktf synth output of the base commit: plan only the stacks whose configuration changed and the new ones, and a destroy plan of each removed one",
    parse: optionalText,
  }),
  shard: shardFlag("only the stacks of shard i of n, as bedrock-access stacks --shard i/n assigns them"),
  detectDrift: flag({
    flags: "--detect-drift",
    help: "terraform plan -detailed-exitcode: exit 1 naming the stacks whose plan has changes (drift: changes made outside Terraform)",
    parse: onOff(),
  }),
  synth: flag({ flags: "--no-synth", help: "use the stacks already in --output", parse: z.boolean() }),
  parallel: flag({ flags: "--parallel <n>", help: "stacks planned at once", default: 2, parse: count(64) }),
  deployRole: flag({
    flags: "--deploy-role",
    help: "with the deploy role (terraformRoleName), taking the state lock: only for code already on main (e.g. a drift check), never for a pull request's code",
    parse: z.boolean().optional(),
  }),
  lockTimeout: flag({
    flags: "--lock-timeout <duration>",
    help: "with --deploy-role or the cloud backend: wait this long for a state lock (terraform plan -lock-timeout)",
    parse: optionalText,
  }),
  processTimeout: flag({
    flags: "--process-timeout <seconds>",
    help: "stop a cdktf or terraform process still running after this long (SIGTERM, then SIGKILL 3 s later); the stack fails",
    default: PROCESS_TIMEOUT_S,
    parse: seconds(1),
  }),
});
