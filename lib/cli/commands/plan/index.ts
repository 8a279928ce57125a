import { lazyCommand } from "../../command";
import { planFlags } from "./flags";

export const planCommand = lazyCommand({
  name: "plan",
  summary: "Plan every stack into <plans>/<stack>.json",
  description: "Plan every stack (cdktf synth, terraform init/plan -out/show -json) and write <plans>/<stack>.json.",
  flags: planFlags,
  load: (): typeof import("./run") => require("./run"),
});
