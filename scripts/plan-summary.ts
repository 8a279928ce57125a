import { existsSync } from "node:fs";
import { Command } from "commander";
import { ConfigError, configPath, loadConfigFile } from "../lib/config/load";
import { firstUseRoleName } from "../lib/domain/names";
import { createLogger } from "../lib/plan-review/log";
import { PlanInputError } from "../lib/plan-review/plan-json";
import { publishSummary } from "../lib/plan-review/render/publish";
import { readStackPlans } from "../lib/plan-review/read-plans";
import { summarizePlans } from "../lib/plan-review/summarize";

const log = createLogger();

interface Options {
  config?: string;
  firstUseRole?: string;
  markdown?: string;
  commentFile?: string;
  text?: boolean;
  failOnWarnings?: boolean;
}

/** The role allowed to hold Marketplace permissions: from --first-use-role, else the config's iam.namePrefix. */
function firstUseRole(options: Options): string {
  if (options.firstUseRole) return options.firstUseRole;
  const file = configPath(options.config);
  if (!options.config && !existsSync(file)) {
    log.warn(`no config at ${file}: assuming iam.namePrefix "bedrock-" (pass --config or --first-use-role)`);
    return firstUseRoleName();
  }
  return firstUseRoleName(loadConfigFile(file).iam.namePrefix);
}

async function main(): Promise<void> {
  const program = new Command("plan-summary")
    .description("Summarize the plan JSON files of `npm run plan` as a pull-request comment (Markdown) and for logs (text).")
    .argument("[plans...]", "plan JSON files or directories of <stack>.json", ["plans"])
    .option("--config <file>", "access config, for iam.namePrefix (default: $BEDROCK_ACCESS_CONFIG or bedrock-access.yaml)")
    .option("--first-use-role <name>", "the only role that may hold Marketplace permissions (default: <namePrefix>first-use)")
    .option("--markdown <file>", "write the Markdown summary to this file")
    .option("--comment-file <file>", "write the PR comment body (with an update marker, within GitHub's size limit)")
    .option("--text", "print plain text for logs instead of Markdown")
    .option("--fail-on-warnings", "exit 1 when the summary has warnings (after writing everything)")
    .parse();
  const options = program.opts<Options>();
  const paths = program.processedArgs[0] as string[];

  const summary = summarizePlans(readStackPlans(paths), { firstUseRoleName: firstUseRole(options) });
  publishSummary(
    summary,
    {
      markdownFile: options.markdown,
      commentFile: options.commentFile,
      stepSummaryFile: process.env.GITHUB_STEP_SUMMARY || undefined,
      text: options.text,
    },
    process.stdout
  );
  if (summary.findings.length > 0) {
    log.warn(`${summary.findings.length} warning(s) in the plan`);
    if (options.failOnWarnings) process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  const known = err instanceof PlanInputError || err instanceof ConfigError;
  log.error(known ? (err as Error).message : (err as Error).stack ?? String(err));
  process.exitCode = known ? 2 : 1;
});
