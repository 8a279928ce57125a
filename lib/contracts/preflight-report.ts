import { z } from "zod";
import { EXIT_CODES } from "../core/exit-codes";
import { PROFILE_KINDS } from "../domain/catalog/catalog";

/**
 * What `bedrock-access preflight --report` writes, and the `preflight` section of enable's report: the checks per
 * account × region × profile and the findings. `version` changes only when a field is removed or changes meaning.
 */
export const PREFLIGHT_REPORT_VERSION = 1;

/** scp: the SCPs in effect allow what enable and the roles do; opt-in-region: the account has enabled the source
 *  Region; model-offered: Bedrock lists the model there; assume-role: the pipeline can assume the role. */
const PREFLIGHT_CHECKS = ["scp", "opt-in-region", "model-offered", "assume-role"] as const;
export type PreflightCheck = (typeof PREFLIGHT_CHECKS)[number];

/** blocking: enable would fail (exit 1); warning: could not be checked, or may fail (exit 0). */
const FINDING_SEVERITIES = ["blocking", "warning"] as const;

/** One check's outcome for one profile. */
const CHECK_OUTCOMES = ["passed", "blocked", "warning", "skipped"] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

const levelSchema = z.object({ kind: z.enum(["root", "ou", "account"]), id: z.string() });

const policyRefSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    sid: z.string().optional().describe("The statement's Sid, when it has one."),
    statementIndex: z.number().int().min(0),
    level: levelSchema.describe("Where the policy is attached: the root, an OU or the account."),
  })
  .describe("The SCP statement that denies.");

const findingSchema = z.object({
  check: z.enum(PREFLIGHT_CHECKS),
  severity: z.enum(FINDING_SEVERITIES),
  accountName: z.string(),
  accountId: z.string(),
  region: z.string().optional().describe("The source Region."),
  invocationId: z.string().optional().describe("The profile (or model id, in-region); absent for account-wide findings."),
  actions: z.array(z.string()).optional().describe("The denied actions."),
  resource: z.string().optional().describe("The denied resource."),
  requestedRegion: z.string().optional().describe('aws:RequestedRegion of the denied request ("unspecified" for the global ARN).'),
  principals: z.array(z.string()).optional().describe("The roles (or pipeline principals) denied."),
  policy: policyRefSchema.optional(),
  levelsWithoutAllow: z.array(levelSchema).optional().describe("Implicit deny: the levels where no SCP allows the request."),
  message: z.string().describe("What is wrong."),
  fix: z.string().describe("How to fix it."),
});
export type Finding = z.infer<typeof findingSchema>;

const checksSchema = z.object({
  scp: z.enum(CHECK_OUTCOMES),
  optInRegion: z.enum(CHECK_OUTCOMES),
  modelOffered: z.enum(CHECK_OUTCOMES),
  assumeRole: z.enum(CHECK_OUTCOMES),
});
export type ProfileChecks = z.infer<typeof checksSchema>;

const preflightProfileSchema = z.object({
  accountName: z.string(),
  accountId: z.string(),
  region: z.string(),
  modelId: z.string(),
  kind: z.enum(PROFILE_KINDS),
  invocationId: z.string(),
  checks: checksSchema,
});
export type PreflightProfile = z.infer<typeof preflightProfileSchema>;

const optInFormSchema = z.object({
  accountName: z.string(),
  accountId: z.string(),
  region: z.string(),
  state: z
    .enum(["submitted", "not-submitted", "unreadable"])
    .describe("not-submitted: enable submits it, through the account's first-use role, before the first use there."),
});
export type OptInFormState = z.infer<typeof optInFormSchema>;

/** The result of a preflight run; also enable's `preflight` section. */
const preflightResultSchema = z.object({
  scps: z
    .enum(["enabled", "not-enabled", "unknown"])
    .describe("Whether the SERVICE_CONTROL_POLICY type is enabled on the Organization root (not-enabled: SCPs apply nowhere)."),
  profiles: z.array(preflightProfileSchema),
  findings: z.array(findingSchema),
  useCaseForms: z
    .array(optInFormSchema)
    .optional()
    .describe("Each account's own use-case form in the opt-in Regions it calls bedrock-runtime from (read as its first-use role)."),
  summary: z.object({
    accounts: z.number(),
    profiles: z.number(),
    blockedProfiles: z.number(),
    blocking: z.number(),
    warnings: z.number(),
  }),
});
export type PreflightResult = z.infer<typeof preflightResultSchema>;

/** enable's `preflight` section: the verdict, the findings and the counts (the per-profile rows are enable's own). */
export const preflightSectionSchema = preflightResultSchema.omit({ profiles: true }).extend({
  status: z
    .enum(["passed", "warnings", "blocked"])
    .describe(
      "blocked: a blocking finding stopped enable before any AWS write; warnings: nothing blocked, but some checks could not be made or decided (see findings); passed: every check made, nothing found.",
    ),
});
export type PreflightSection = z.infer<typeof preflightSectionSchema>;

/** The report preflight writes (`--report`, `--json`). */
export const preflightReportSchema = preflightResultSchema.extend({
  version: z.literal(PREFLIGHT_REPORT_VERSION),
  command: z.literal("preflight"),
  runId: z.string().describe("Also in the STS session names, to find the run in CloudTrail."),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  exitCode: z.union([z.literal(EXIT_CODES.ok), z.literal(EXIT_CODES.failed)]),
});
export type PreflightReport = z.infer<typeof preflightReportSchema>;
