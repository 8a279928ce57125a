import { lazyCommand } from "../../command";
import { planFlags } from "./flags";

export const planCommand = lazyCommand({
  name: "plan",
  summary: "Plan the stacks (every one, or those changed since --base) into <plans>/<stack>.json",
  description: [
    "Plan every stack (cdktf synth, terraform init/plan -out/show -json) and write <plans>/<stack>.json, and <plans>/plan-selection.meta saying what was planned (plan-summary reads it).",
    "--base <dir> (a cdktf synth output of the base commit, synthesized in this same directory: the local backend's state path is absolute) plans only the stacks whose synthesized configuration differs from it (as data: key order and cdktf's metadata are ignored) and the new ones; a stack only the base has gets a destroy plan (terraform plan -destroy, in the base's stack directory). A change every stack shares (a provider version, the backend) plans every stack.",
    "--shard i/n plans only shard i of n, as bedrock-access stacks --shard i/n assigns them.",
    "--detect-drift (with --deploy-role, on main's code) runs terraform plan -detailed-exitcode: a stack whose plan has changes drifted (changed outside Terraform); exit 1 naming them.",
  ].join("\n\n"),
  flags: planFlags,
  load: (): typeof import("./run") => require("./run"),
});
