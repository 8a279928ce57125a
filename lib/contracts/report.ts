import { z } from "zod";
import { PROFILE_KINDS } from "../domain/catalog/catalog";
import { EXIT_CODES } from "../core/exit-codes";
import { AGREEMENT_STATUSES } from "../domain/agreement";
import { USE_CASE_FIELDS } from "../domain/use-case-form";
import { preflightSectionSchema } from "./preflight-report";

/**
 * The JSON report (`--report`), one definition for the writer, the renderers and whoever reads it.
 * `version` changes only when a field is removed or changes meaning; new optional fields keep it.
 */
export const REPORT_VERSION = 1;

export const STRATEGIES = ["invoke", "agreement"] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The failures people hit, each with its own fix (lib/enablement/aws/errors.ts classifies them). */
const FAILURE_KINDS = [
  "assume-role-denied",
  "credentials",
  "marketplace-denied",
  "use-case-form-missing",
  "agreement-being-created",
  "agreement-failed",
  "agreement-timeout",
  "no-agreement-offer",
  "invoke-denied",
  "access-denied",
  "model-not-offered",
  "catalog-drift",
  "preflight-blocked",
  "quota",
  "transient",
  "endpoint-down",
  "interrupted",
  "unexpected",
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

const failureSchema = z.object({
  kind: z.enum(FAILURE_KINDS).describe("Which known failure it is; each has its own fix."),
  message: z.string().describe("What happened, where, and how to fix it."),
  code: z.string().optional().describe("The AWS error code behind it."),
});

/** The services enablement calls, each one endpoint per Region. */
export const ENDPOINT_SERVICES = ["sts", "bedrock", "bedrock-runtime", "bedrock-mantle"] as const;

const endpointDownSchema = z.object({
  service: z.enum(ENDPOINT_SERVICES),
  region: z.string(),
  url: z.string().optional().describe("Where the calls went (the SDK's endpoint, or AWS_ENDPOINT_URL_*)."),
  failures: z.number().describe("Attempts in a row that timed out or could not connect before it was given up."),
  lastError: z.string().describe("The last of those failures."),
});
export type EndpointDownReport = z.infer<typeof endpointDownSchema>;

const USE_CASE_STATUSES = [
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

const FIRST_USE_ACTIONS = ["invoked", "agreement-created", "none", "would-invoke", "would-create-agreement"] as const;
export type FirstUseAction = (typeof FIRST_USE_ACTIONS)[number];

const PROOF_STATUSES = ["passed", "failed", "skipped", "planned"] as const;

const proofSchema = z.object({
  status: z.enum(PROOF_STATUSES),
  roleArn: z.string().optional().describe("The runtime role invoked with."),
  latencyMs: z.number().optional().describe("Of the Converse call."),
  streamLatencyMs: z.number().optional().describe("Of the ConverseStream call (bedrock:InvokeModelWithResponseStream)."),
  note: z.string().optional().describe("Why it was skipped."),
});

const profileSchema = z.object({
  region: z.string(),
  modelId: z.string(),
  kind: z.enum(PROFILE_KINDS),
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
  useCaseForms: z
    .array(useCaseSchema)
    .optional()
    .describe("The account's own use-case form in each opt-in Region it calls bedrock-runtime from (AWS: opt-in Regions need their own)."),
  error: failureSchema.optional().describe("A failure of the whole account (the first-use role could not be assumed)."),
});

export const reportSchema = z.object({
  version: z.literal(REPORT_VERSION),
  command: z.enum(["enable", "status"]),
  dryRun: z.boolean(),
  strategy: z.enum(STRATEGIES),
  runId: z.string().describe("Also in the STS session names, to find the run in CloudTrail."),
  interrupted: z
    .enum(["SIGINT", "SIGTERM", "max-duration"])
    .optional()
    .describe(
      "The run was stopped by this signal or by --max-duration: new work stopped, calls in flight were abandoned; every profile as last known (a first use sent and not answered: error code InterruptedInFlight).",
    ),
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
  endpointsDown: z
    .array(endpointDownSchema)
    .optional()
    .describe("Endpoints that stopped answering during the run: after them, the run's calls to each failed at once (endpoint-down)."),
  preflight: preflightSectionSchema
    .optional()
    .describe("enable only, unless --no-preflight: the preflight's findings; blocked: enable stopped before any AWS write."),
});

export type Report = z.infer<typeof reportSchema>;
export type UseCaseReport = Report["useCase"];
export type UseCaseStatus = UseCaseReport["status"];
export type AccountReport = Report["accounts"][number];
export type ProfileReport = AccountReport["profiles"][number];
export type ProofReport = ProfileReport["proof"];
export type FailureReport = NonNullable<ProfileReport["error"]>;
