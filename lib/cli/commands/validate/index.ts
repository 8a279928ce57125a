import { lazyCommand } from "../../command";
import { validateFlags } from "./flags";

export const validateCommand = lazyCommand({
  name: "validate",
  summary: "Check the config (and its catalog lock) before synth",
  description:
    "Load and validate the access config and its catalog lock: every problem with its field path (exit 2), warnings (legacy models, no lock) printed once; exit 0 when synth will accept it. cdktf synth runs the same checks but wraps the exit code and output.",
  flags: validateFlags,
  load: (): typeof import("./run") => require("./run"),
});
