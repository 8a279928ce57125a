import { z } from "zod";
import { parseProfileId } from "./catalog";
import { seededRandom, type Random } from "./prng";
import { ServiceError } from "./protocol/errors";

/**
 * Injected faults and the agreement timing, adjustable at start-up and through the admin endpoint.
 * Rates draw from a seeded PRNG, so a seed and a sequence of calls replay the same faults.
 */
const faultConfigSchema = z.strictObject({
  /** Added before every data and control operation. */
  latencyMs: z.number().int().min(0).max(60_000),
  /** Fraction of operations answered with ThrottlingException (429). */
  throttleRate: z.number().min(0).max(1),
  /** Fraction of operations answered with `serverErrorCode`. */
  serverErrorRate: z.number().min(0).max(1),
  serverErrorCode: z.enum(["ServiceUnavailableException", "InternalServerException"]),
  /** Operations the rates apply to; empty for all. */
  operations: z.array(z.string().min(1)),
  /** Models not served in a region: invocations there fail and availability reports NOT_AVAILABLE. */
  unavailableModels: z.array(z.strictObject({ modelId: z.string().min(1), region: z.string().min(1) })),
  /**
   * Regions AWS added to a system-defined profile's destinations after the catalog was written, by profile id
   * (`{"us.anthropic.claude-sonnet-4-6": ["ca-central-1"]}`): GetInferenceProfile lists them and invocations
   * through the profile need bedrock:InvokeModel on their foundation-model ARNs too.
   */
  extraDestinations: z
    .record(
      z.string(),
      z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: "expected an AWS Region code such as ca-central-1" })),
    )
    .superRefine((byProfile, ctx) => {
      for (const id of Object.keys(byProfile)) {
        if (!parseProfileId(id))
          ctx.addIssue({ code: "custom", path: [id], message: `expected the id of a system-defined inference profile (got ${id})` });
      }
    }),
  /** Accounts where an SCP explicitly denies aws-marketplace:* (agreements cannot be created there). */
  scpDenyMarketplaceAccounts: z.array(z.string().regex(/^\d{12}$/, { error: "expected a 12-digit account id" })),
  /** How long a new agreement stays PENDING before it is AVAILABLE (0: available at once). */
  agreementPendingMs: z.number().int().min(0),
  /**
   * While an agreement is PENDING, answer invocations (other than the one that created it) with the
   * MPAgreementBeingCreated AccessDeniedException. Off by default: they succeed.
   */
  rejectWhilePending: z.boolean(),
});

export type FaultConfig = z.infer<typeof faultConfigSchema>;

export const DEFAULT_FAULTS: FaultConfig = {
  latencyMs: 0,
  throttleRate: 0,
  serverErrorRate: 0,
  serverErrorCode: "ServiceUnavailableException",
  operations: [],
  unavailableModels: [],
  extraDestinations: {},
  scpDenyMarketplaceAccounts: [],
  agreementPendingMs: 2000,
  rejectWhilePending: false,
};

/** Validates a partial fault config; the error names each bad field and what was expected. */
export function parseFaultPatch(input: unknown): Partial<FaultConfig> {
  const parsed = faultConfigSchema.partial().safeParse(input);
  if (!parsed.success) throw new Error(`invalid fault config: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const SERVER_ERROR_MESSAGES = {
  ServiceUnavailableException: "Bedrock is unable to process your request.",
  InternalServerException: "The system encountered an unexpected error during processing. Try your request again.",
} as const;

export class FaultInjector {
  private random: Random;

  constructor(
    private current: FaultConfig,
    private seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  get config(): FaultConfig {
    return this.current;
  }

  get currentSeed(): number {
    return this.seed;
  }

  /** Applies a patch (merge) or a whole config over the defaults (replace); a seed restarts the PRNG. */
  update(patch: Partial<FaultConfig>, mode: "merge" | "replace", seed?: number): void {
    this.current = { ...(mode === "merge" ? this.current : DEFAULT_FAULTS), ...patch };
    if (seed !== undefined) this.reseed(seed);
  }

  reset(config: FaultConfig, seed: number): void {
    this.current = config;
    this.reseed(seed);
  }

  /** Latency first, then throttling, then server errors, each drawn once per operation it applies to. */
  async beforeOperation(operation: string): Promise<void> {
    const c = this.current;
    if (c.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, c.latencyMs));
    if (c.operations.length > 0 && !c.operations.includes(operation)) return;
    if (c.throttleRate > 0 && this.random() < c.throttleRate) {
      throw new ServiceError("ThrottlingException", "Too many requests, please wait before trying again.");
    }
    if (c.serverErrorRate > 0 && this.random() < c.serverErrorRate) {
      throw new ServiceError(c.serverErrorCode, SERVER_ERROR_MESSAGES[c.serverErrorCode]);
    }
  }

  isUnavailable(modelId: string, region: string): boolean {
    return this.current.unavailableModels.some((u) => u.modelId === modelId && u.region === region);
  }

  /** Regions injected into a profile's destinations (`extraDestinations`). */
  extraDestinations(profileId: string): readonly string[] {
    return this.current.extraDestinations[profileId] ?? [];
  }

  scpDenies(account: string, action: string): boolean {
    return action.startsWith("aws-marketplace:") && this.current.scpDenyMarketplaceAccounts.includes(account);
  }

  private reseed(seed: number): void {
    this.seed = seed;
    this.random = seededRandom(seed);
  }
}
