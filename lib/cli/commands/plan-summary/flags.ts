import { z } from "zod";
import { configFlag, flag, jsonFlag, onOff, optionalText } from "../../flags";

export const planSummaryFlags = z.object({
  config: configFlag,
  firstUseRole: flag({
    flags: "--first-use-role <name>",
    help: "the only role that may hold Marketplace permissions (default: <namePrefix>first-use)",
    parse: optionalText,
  }),
  markdown: flag({ flags: "--markdown <file>", help: "write the Markdown summary to this file", parse: optionalText }),
  commentFile: flag({
    flags: "--comment-file <file>",
    help: "write the PR comment body (with an update marker, within GitHub's size limit)",
    parse: optionalText,
  }),
  text: flag({ flags: "--text", help: "print plain text for logs instead of Markdown", parse: onOff() }),
  failOnWarnings: flag({
    flags: "--fail-on-warnings",
    help: "exit 1 when the summary has warnings or the review is partial (after writing everything)",
    parse: onOff(),
  }),
  json: jsonFlag,
});
