import { Command } from "commander";
import { z } from "zod";
import { formatPath } from "../../config/load";
import { InputError } from "../../core/errors";
import type { LogLevel } from "../../core/logger";
import type { PlanFilters } from "../../enablement/targets";
import { STRATEGIES } from "../../contracts/report";
import { DEFAULT_RETRY, type RetryPolicy } from "../../enablement/aws/retry";
import { DEFAULT_ENABLE_OPTIONS, type EnableOptions } from "../../enablement/enable/options";

const count = (max: number) =>
  z.coerce
    .number({ error: "expected a number" })
    .int({ error: "expected a whole number" })
    .min(1, { error: `expected 1..${max}` })
    .max(max, { error: `expected 1..${max}` });
const seconds = (min: number) =>
  z.coerce
    .number({ error: "expected a number of seconds" })
    .min(min, { error: `expected at least ${min} seconds` })
    .max(86_400, { error: "expected at most 86400 seconds" });
/** `--accounts a,b --accounts c` → [a, b, c]. */
const list = z
  .array(z.string())
  .optional()
  .transform((values) =>
    values
      ?.flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter(Boolean)
  );

const commonSchema = z.object({
  config: z.string().optional(),
  outputs: z.array(z.string()).min(1, { error: "expected at least one file or directory" }),
  accounts: list,
  models: list,
  regions: list,
  concurrency: count(64),
  accountConcurrency: count(16),
  retries: z.coerce
    .number({ error: "expected a number" })
    .int({ error: "expected a whole number" })
    .min(0, { error: "expected 0..10" })
    .max(10, { error: "expected 0..10" }),
  report: z.string().optional(),
  markdown: z.string().optional(),
  verbose: z.boolean().default(false),
  quiet: z.boolean().default(false),
});

const enableSchema = commonSchema.extend({
  strategy: z.enum(STRATEGIES, { error: `expected one of ${STRATEGIES.join(", ")}` }),
  dryRun: z.boolean().default(false),
  updateUseCase: z.boolean().default(false),
  forceInvoke: z.boolean().default(false),
  waitTimeout: seconds(0),
  pollInterval: seconds(1),
});

/** Flags both commands share, as the program parsed them. */
export interface CommonCli {
  readonly configFile?: string;
  readonly outputs: readonly string[];
  readonly filters: PlanFilters;
  readonly logLevel: LogLevel;
  readonly retry: RetryPolicy;
  readonly reportFile?: string;
  readonly markdownFile?: string;
}

export interface EnableCli extends CommonCli {
  readonly options: EnableOptions;
}

export interface StatusCli extends CommonCli {
  readonly options: Pick<EnableOptions, "concurrency" | "accountConcurrency">;
}

function commonProgram(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .option("-c, --config <file>", "the access config (default: $BEDROCK_ACCESS_CONFIG, else bedrock-access.yaml)")
    .option(
      "-o, --outputs <paths...>",
      "stack outputs: the file of cdktf deploy --outputs-file, or <stack>.json files of terraform output -json (files or directories)",
      ["outputs.json"]
    )
    .option("--accounts <names...>", "only these accounts (names or ids; comma-separated or repeated)")
    .option("--models <ids...>", "only these base model ids")
    .option("--regions <regions...>", "only these regions")
    .option("--concurrency <n>", "accounts processed at once", String(DEFAULT_ENABLE_OPTIONS.concurrency))
    .option(
      "--account-concurrency <n>",
      "AWS calls in flight per account (Bedrock quotas are per account)",
      String(DEFAULT_ENABLE_OPTIONS.accountConcurrency)
    )
    .option("--retries <n>", "our retries of throttled or failing steps, on top of the SDK's", String(DEFAULT_RETRY.attempts - 1))
    .option("--report <file>", "write the JSON report here")
    .option("--markdown <file>", "write a Markdown summary here (also appended to $GITHUB_STEP_SUMMARY when set)")
    .option("-v, --verbose", "debug logs")
    .option("-q, --quiet", "warnings and errors only")
    .exitOverride();
}

export function enableProgram(): Command {
  return commonProgram("enable", "Submit the Anthropic use-case form, create each model's agreement in every account, and verify it.")
    .option(
      "--strategy <strategy>",
      "invoke: the first Converse creates the agreement; agreement: CreateFoundationModelAgreement",
      DEFAULT_ENABLE_OPTIONS.strategy
    )
    .option("--dry-run", "print the plan; read only (no form submitted, no model invoked)")
    .option("--update-use-case", "overwrite a submitted use-case form that differs from the config")
    .option("--force-invoke", "invoke even where the agreement is already AVAILABLE")
    .option(
      "--wait-timeout <seconds>",
      "how long to wait for an agreement to become AVAILABLE",
      String(DEFAULT_ENABLE_OPTIONS.waitTimeoutMs / 1000)
    )
    .option("--poll-interval <seconds>", "how often to re-check while waiting", String(DEFAULT_ENABLE_OPTIONS.pollIntervalMs / 1000));
}

export function statusProgram(): Command {
  return commonProgram("status", "Show the use-case form and every profile's agreement, per account; changes nothing.");
}

function validate<T extends z.ZodType>(schema: T, opts: Record<string, unknown>): z.output<T> {
  const result = schema.safeParse(opts);
  if (result.success) return result.data;
  throw new InputError(
    "invalid flags",
    result.error.issues.map((issue) => {
      const key = formatPath(issue.path);
      const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      return `${flag}: ${issue.message} (got ${JSON.stringify(opts[String(issue.path[0])])})`;
    })
  );
}

function common(parsed: z.output<typeof commonSchema>): CommonCli {
  if (parsed.verbose && parsed.quiet) throw new InputError("invalid flags", ["--verbose and --quiet: expected at most one of them"]);
  return {
    ...(parsed.config && { configFile: parsed.config }),
    outputs: parsed.outputs,
    filters: {
      ...(parsed.accounts && { accounts: parsed.accounts }),
      ...(parsed.models && { models: parsed.models }),
      ...(parsed.regions && { regions: parsed.regions }),
    },
    logLevel: parsed.verbose ? "debug" : parsed.quiet ? "warn" : "info",
    retry: { ...DEFAULT_RETRY, attempts: parsed.retries + 1 },
    ...(parsed.report && { reportFile: parsed.report }),
    ...(parsed.markdown && { markdownFile: parsed.markdown }),
  };
}

/** Parses and validates `enable`'s flags; throws InputError naming the flag, the value and what was expected. */
export function parseEnableArgs(argv: readonly string[], program: Command = enableProgram()): EnableCli {
  program.parse([...argv], { from: "user" });
  const parsed = validate(enableSchema, program.opts());
  return {
    ...common(parsed),
    options: {
      strategy: parsed.strategy,
      dryRun: parsed.dryRun,
      updateUseCase: parsed.updateUseCase,
      forceInvoke: parsed.forceInvoke,
      concurrency: parsed.concurrency,
      accountConcurrency: parsed.accountConcurrency,
      waitTimeoutMs: parsed.waitTimeout * 1000,
      pollIntervalMs: parsed.pollInterval * 1000,
    },
  };
}

export function parseStatusArgs(argv: readonly string[], program: Command = statusProgram()): StatusCli {
  program.parse([...argv], { from: "user" });
  const parsed = validate(commonSchema, program.opts());
  return { ...common(parsed), options: { concurrency: parsed.concurrency, accountConcurrency: parsed.accountConcurrency } };
}
