import { existsSync } from "node:fs";
import { z } from "zod";
import { configPath, loadConfigFile } from "../../../config/load";
import type { Logger } from "../../../core/logger";
import { firstUseRoleName } from "../../../domain/names";
import { readStackPlans } from "../../../plan-review/read-plans";
import { publishSummary } from "../../../plan-review/render/publish";
import { summarizePlans } from "../../../plan-review/summarize";
import type { CliCommand } from "../../command";
import type { CliIo } from "../../io";
import { ioLogger } from "../../io";
import { CONFIG_OPTION, parseOptions } from "../../options";

const summarySchema = z.object({
  config: z.string().optional(),
  firstUseRole: z.string().optional(),
  markdown: z.string().optional(),
  commentFile: z.string().optional(),
  text: z.boolean().default(false),
  failOnWarnings: z.boolean().default(false),
});
type SummaryOptions = z.output<typeof summarySchema>;

/** The role allowed to hold Marketplace permissions: from --first-use-role, else the config's iam.namePrefix. */
function firstUseRole(options: SummaryOptions, io: CliIo, log: Logger): string {
  if (options.firstUseRole) return options.firstUseRole;
  const file = configPath(options.config, io.env);
  if (!options.config && !existsSync(file)) {
    log.warn(`no config at ${file}: assuming iam.namePrefix "bedrock-" (pass --config or --first-use-role)`);
    return firstUseRoleName();
  }
  return firstUseRoleName(loadConfigFile(file).iam.namePrefix);
}

/** `bedrock-access plan-summary`: exit 1 with --fail-on-warnings when the plans have warnings. */
export const planSummaryCommand: CliCommand = {
  name: "plan-summary",
  summary: "Review plan JSON: PR comment, job summary, log text",
  description: "Summarize the plan JSON files of `plan` as a pull-request comment (Markdown) and for logs (text).",
  define: (command) =>
    command
      .argument("[plans...]", "plan JSON files or directories of <stack>.json", ["plans"])
      .option(...CONFIG_OPTION)
      .option("--first-use-role <name>", "the only role that may hold Marketplace permissions (default: <namePrefix>first-use)")
      .option("--markdown <file>", "write the Markdown summary to this file")
      .option("--comment-file <file>", "write the PR comment body (with an update marker, within GitHub's size limit)")
      .option("--text", "print plain text for logs instead of Markdown")
      .option("--fail-on-warnings", "exit 1 when the summary has warnings (after writing everything)"),
  run: ({ options, args }, io) => {
    const parsed = parseOptions(summarySchema, options);
    const paths = z.array(z.string()).parse(args[0]);
    const log = ioLogger(io);
    const summary = summarizePlans(readStackPlans(paths), { firstUseRoleName: firstUseRole(parsed, io, log) });
    publishSummary(
      summary,
      {
        markdownFile: parsed.markdown,
        commentFile: parsed.commentFile,
        stepSummaryFile: io.env.GITHUB_STEP_SUMMARY || undefined,
        text: parsed.text,
      },
      io.stdout,
    );
    if (summary.findings.length === 0) return Promise.resolve(0);
    log.warn(`${summary.findings.length} warning(s) in the plan`);
    return Promise.resolve(parsed.failOnWarnings ? 1 : 0);
  },
};
