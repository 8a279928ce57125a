import { lazyCommand } from "../../command";
import { planSummaryFlags } from "./flags";

export const planSummaryCommand = lazyCommand({
  name: "plan-summary",
  summary: "Review plan JSON: PR comment, job summary, log text",
  description: "Summarize the plan JSON files of `plan` as a pull-request comment (Markdown) and for logs (text).",
  flags: planSummaryFlags,
  arguments: [{ name: "[plans...]", help: "plan JSON files or directories of <stack>.json", default: ["plans"] }],
  load: (): typeof import("./run") => require("./run"),
});
