import { z } from "zod";
import { PROFILE_KINDS, type ProfileKind } from "../domain/catalog/catalog";
import { AGREEMENT_STATUSES } from "../enablement/aws/port";
import { FAILURE_KINDS, type EnablementFailure } from "../enablement/aws/errors";
import { USE_CASE_FIELDS } from "../domain/use-case-form";

/**
 * The JSON report (`--report`), one definition for the writer, the renderers and whoever reads it.
 * `version` changes only when a field is removed or changes meaning; new optional fields keep it.
 */
export const REPORT_VERSION = 1;

export const EXIT_CODES = { ok: 0, failed: 1, badInput: 2 } as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export const STRATEGIES = ["invoke", "agreement"] as const;
export type Strategy = (typeof STRATEGIES)[number];

const failureSchema = z.object({
  kind: z.enum(FAILURE_KINDS).describe("Which known failure it is; each has its own fix."),
  message: z.string().describe("What happened, where, and how to fix it."),
  code: z.string().optional().describe("The AWS error code behind it."),
});

export const USE_CASE_STATUSES = [
  "submitted",
  "updated",
  "unchanged",
  "differs",
  "not-submitted",
  "would-submit",
  "would-update",
  "failed",
] as const;

const useCaseSchema = z.object({
  accountId: z.string(),
  roleArn: z.string(),
  region: z.string(),
  status: z
    .enum(USE_CASE_STATUSES)
    .describe("differs: submitted with other values and left alone (--update-use-case overwrites); not-submitted: status only."),
  differences: z.array(z.object({ field: z.enum(USE_CASE_FIELDS), submitted: z.string(), configured: z.string() })),
  error: failureSchema.optional(),
});

export const PROFILE_STATUSES = ["enabled", "already-enabled", "would-enable", "pending", "not-enabled", "failed"] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

export const FIRST_USE_ACTIONS = ["invoked", "agreement-created", "none", "would-invoke", "would-create-agreement"] as const;
export type FirstUseAction = (typeof FIRST_USE_ACTIONS)[number];

export const PROOF_STATUSES = ["passed", "failed", "skipped", "planned"] as const;

const proofSchema = z.object({
  status: z.enum(PROOF_STATUSES),
  roleArn: z.string().optional().describe("The runtime role invoked with."),
  latencyMs: z.number().optional(),
  note: z.string().optional().describe("Why it was skipped."),
});

const profileSchema = z.object({
  region: z.string(),
  modelId: z.string(),
  kind: z.enum(PROFILE_KINDS as [ProfileKind, ...ProfileKind[]]),
  invocationId: z.string(),
  status: z
    .enum(PROFILE_STATUSES)
    .describe("enabled: by this run; already-enabled: agreement was AVAILABLE; pending: agreement not AVAILABLE within the wait."),
  action: z.enum(FIRST_USE_ACTIONS).describe("What the first-use step did (or, in a dry run, would do)."),
  agreement: z.enum([...AGREEMENT_STATUSES, "UNKNOWN"]).describe("agreementAvailability.status as last seen."),
  latencyMs: z.number().optional().describe("Of the first-use invocation."),
  answer: z.string().optional().describe("The model's reply to the first-use prompt."),
  proof: proofSchema.describe("The invocation with a runtime role, proving ordinary roles work."),
  availability: z
    .object({ authorized: z.boolean(), entitled: z.boolean(), regionAvailable: z.boolean() })
    .optional()
    .describe("The other GetFoundationModelAvailability fields (status only)."),
  error: failureSchema.optional(),
});

const accountSchema = z.object({
  name: z.string(),
  accountId: z.string(),
  firstUseRoleArn: z.string(),
  profiles: z.array(profileSchema),
  error: failureSchema.optional().describe("A failure of the whole account (the first-use role could not be assumed)."),
});

export const reportSchema = z.object({
  version: z.literal(REPORT_VERSION),
  command: z.enum(["enable", "status"]),
  dryRun: z.boolean(),
  strategy: z.enum(STRATEGIES),
  runId: z.string().describe("Also in the STS session names, to find the run in CloudTrail."),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  useCase: useCaseSchema,
  accounts: z.array(accountSchema),
  summary: z.object({
    accounts: z.number(),
    profiles: z.number(),
    byStatus: z.record(z.enum(PROFILE_STATUSES), z.number()),
  }),
  exitCode: z.union([z.literal(EXIT_CODES.ok), z.literal(EXIT_CODES.failed)]),
});

export type Report = z.infer<typeof reportSchema>;
export type UseCaseReport = Report["useCase"];
export type UseCaseStatus = UseCaseReport["status"];
export type AccountReport = Report["accounts"][number];
export type ProfileReport = AccountReport["profiles"][number];
export type ProofReport = ProfileReport["proof"];
export type FailureReport = NonNullable<ProfileReport["error"]>;

/** Counts profiles by status. */
export function summarize(accounts: readonly AccountReport[]): Report["summary"] {
  const byStatus = Object.fromEntries(PROFILE_STATUSES.map((s) => [s, 0])) as Record<ProfileStatus, number>;
  for (const profile of accounts.flatMap((a) => a.profiles)) byStatus[profile.status] += 1;
  return { accounts: accounts.length, profiles: accounts.reduce((n, a) => n + a.profiles.length, 0), byStatus };
}

/**
 * 0 when every profile is enabled (a dry run: when every read worked), 1 otherwise. A form that differs
 * from the config is a warning, not a failure: the accounts have a form in effect.
 */
export function exitCodeOf(report: Pick<Report, "command" | "dryRun" | "useCase" | "accounts">): Report["exitCode"] {
  const profiles = report.accounts.flatMap((a) => a.profiles);
  const ok: readonly ProfileStatus[] =
    report.command === "enable" && report.dryRun ? ["would-enable", "already-enabled"] : ["enabled", "already-enabled"];
  const failed =
    report.useCase.status === "failed" ||
    report.accounts.some((a) => a.error) ||
    profiles.some((p) => !ok.includes(p.status) || p.proof.status === "failed");
  return failed ? EXIT_CODES.failed : EXIT_CODES.ok;
}

export function failureReport(failure: EnablementFailure): FailureReport {
  return { kind: failure.kind, message: failure.message, ...(failure.code && { code: failure.code }) };
}
