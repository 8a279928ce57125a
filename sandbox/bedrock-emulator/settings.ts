import { z } from "zod";

/**
 * Choices where AWS's documentation is silent, set at start-up (`startBedrockEmulator`, main.ts flags) and through
 * the admin endpoint (GET/POST /__emulator/settings); POST /__emulator/reset restores the start-up values.
 */
const emulatorSettingsSchema = z.strictObject({
  /**
   * Whether a bedrock-mantle Messages API call passes the Marketplace agreement gate of bedrock-runtime's invocations
   * ("first-call": the same agreement per account and product, created by the first call of a caller allowed
   * aws-marketplace:ViewSubscriptions and Subscribe) or has none ("none"). AWS does not say.
   */
  mantleAgreement: z.enum(["first-call", "none"]),
});

export type EmulatorSettings = z.infer<typeof emulatorSettingsSchema>;
export type MantleAgreementMode = EmulatorSettings["mantleAgreement"];

/** The stricter assumption wherever the sources are silent. */
export const DEFAULT_SETTINGS: EmulatorSettings = { mantleAgreement: "first-call" };

/** Validates a partial settings object; the error names each bad field and what was expected. */
export function parseSettingsPatch(input: unknown): Partial<EmulatorSettings> {
  const parsed = emulatorSettingsSchema.partial().safeParse(input);
  if (!parsed.success) throw new Error(`invalid emulator settings: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export class Settings {
  private current: EmulatorSettings;

  constructor(private readonly initial: EmulatorSettings) {
    this.current = initial;
  }

  get values(): EmulatorSettings {
    return this.current;
  }

  update(patch: Partial<EmulatorSettings>): void {
    this.current = { ...this.current, ...patch };
  }

  /** Back to the start-up values. */
  reset(): void {
    this.current = this.initial;
  }
}
