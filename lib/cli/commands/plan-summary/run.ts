import { existsSync } from "node:fs";
import { z } from "zod";
import { configPath, loadConfig } from "../../../config/load";
import { externalPrincipalOf } from "../../../config/principal-checks";
import type { Logger } from "../../../core/logger";
import { firstUseRoleName } from "../../../domain/names";
import type { SummaryOptions } from "../../../plan-review/model";
import { publishSummary } from "../../../plan-review/render/publish";
import { readPlanRun } from "../../../plan-review/selection/read-plan-run";
import { summarizePlans } from "../../../plan-review/summarize";
import type { CommandRun } from "../../command";
import type { FlagValues } from "../../flags";
import type { CliIo } from "../../io";
import { ioLogger } from "../../io";
import { printJson, resultSink } from "../../json-output";
import type { planSummaryFlags } from "./flags";

/**
 * What the review checks against, from the config: the first-use role (`--first-use-role` overrides it),
 * the configured accounts, the external principals allowed on purpose, and who may assume the first-use role.
 * Without a config only the first-use role is known, and trusts are not checked against the Organization.
 */
function reviewOptions(options: FlagValues<typeof planSummaryFlags>, io: CliIo, log: Logger): SummaryOptions {
  const file = configPath(options.config, io.env);
  if (!options.config && !existsSync(file)) {
    log.warn(`no config at ${file}: assuming iam.namePrefix "bedrock-" and not checking trusts against the Organization (pass --config)`);
    return { firstUseRoleName: options.firstUseRole ?? firstUseRoleName() };
  }
  const { config } = loadConfig(file, io.env);
  return {
    firstUseRoleName: options.firstUseRole ?? firstUseRoleName(config.iam.namePrefix),
    organizationAccounts: [config.managementAccount.id, ...config.accounts.map((a) => a.id)],
    externalPrincipals: config.externalPrincipals.map(externalPrincipalOf),
    firstUseTrustedPrincipals: config.managementAccount.pipelinePrincipals,
  };
}

/**
 * `bedrock-access plan-summary`: exit 1 with --fail-on-warnings when the plans have warnings or the review is partial
 * (a shard's plans or a selected stack's plan missing). With --json the PlanSummary is stdout's one document.
 */
export const run: CommandRun<typeof planSummaryFlags> = ({ flags: parsed, args }, io) => {
  const paths = z.array(z.string()).parse(args[0]);
  const log = ioLogger(io);
  const { plans, selection } = readPlanRun(paths);
  const summary = summarizePlans(plans, reviewOptions(parsed, io, log), selection);
  publishSummary(
    summary,
    {
      markdownFile: parsed.markdown,
      commentFile: parsed.commentFile,
      stepSummaryFile: io.env.GITHUB_STEP_SUMMARY || undefined,
      text: parsed.text,
    },
    resultSink(io, parsed.json),
  );
  const missing = selection ? [...selection.missingShards.map((shard) => `shard ${shard}`), ...selection.missingPlans] : [];
  if (missing.length > 0) log.warn(`the review is partial: no plans of ${missing.join(", ")}`);
  if (summary.findings.length > 0) log.warn(`${summary.findings.length} warning(s) in the plan`);
  if (parsed.json) printJson(io, summary);
  return Promise.resolve(parsed.failOnWarnings && summary.findings.length + missing.length > 0 ? 1 : 0);
};
