import { z } from "zod";
import { DEFAULT_ACCOUNTS_LOCK_FILE } from "../domain/organization/accounts-lock";
import { PARENT_ID, TAG_KEY_MAX_LENGTH, TAG_VALUE_MAX_LENGTH } from "../domain/organization/ids";
import { accountOverrideSchema, accountSettingsSchema } from "./account-schema";
import { accountId } from "./fields";

/**
 * `organization`: runtime accounts selected from the Organization instead of listed. `bedrock-access discover`
 * resolves the selections into the accounts lock; synth reads the lock (docs/config.md, "Accounts from the Organization").
 */
const organizationalUnitSchema = z.strictObject({
  id: z.string().regex(PARENT_ID, {
    error: "expected an OU id (ou-<root part>-<8 to 32 letters or digits>) or the root id (r-<4 to 32 letters or digits>)",
  }),
  nested: z.boolean().default(false).describe("Also take the accounts of every OU below this one (default: only the OU's own accounts)."),
});

const tagKey = z
  .string()
  .min(1, { error: "expected a tag key of 1 to 128 characters" })
  .max(TAG_KEY_MAX_LENGTH, { error: "expected a tag key of 1 to 128 characters" });

const tagValue = z
  .string({ error: "expected a quoted string (the tag's value, compared exactly)" })
  .max(TAG_VALUE_MAX_LENGTH, { error: "expected a tag value of at most 256 characters" });

const invalidKey = (expected: string) => (issue: { code?: string }) => (issue.code === "invalid_key" ? expected : undefined);

const SELECTION_NAME = /^[a-z][a-z0-9-]{0,39}$/;

const selectionSchema = z
  .strictObject({
    name: z
      .string()
      .regex(SELECTION_NAME, { error: "expected lowercase letters, digits and dashes, starting with a letter, at most 40" })
      .describe("Names the selection in the accounts lock and in discover's report."),
    organizationalUnits: z
      .array(organizationalUnitSchema)
      .min(1, { error: "expected at least one OU (omit the field to select by tags across the Organization)" })
      .optional()
      .describe("Take the accounts of these OUs (or of the root, r-…)."),
    tags: z
      .record(tagKey, tagValue, { error: invalidKey("expected a tag key of 1 to 128 characters") })
      .refine((tags) => Object.keys(tags).length > 0, { error: "expected at least one tag (omit the field to select by OU only)" })
      .optional()
      .describe("Take only accounts that have every one of these tags, with exactly this value."),
    defaults: accountSettingsSchema.describe("Settings of every account this selection takes: the fields of accounts[] but name and id."),
    overrides: z
      .record(accountId, accountOverrideSchema, { error: invalidKey("expected a quoted 12-digit account id as the key") })
      .default({})
      .describe("Per account id: fields that replace the defaults for that account (each field whole; lists are not merged)."),
  })
  .superRefine((selection, ctx) => {
    if (!selection.organizationalUnits && !selection.tags) {
      ctx.addIssue({
        code: "custom",
        path: ["organizationalUnits"],
        message: "expected organizationalUnits, tags or both (the whole Organization is organizationalUnits: [{ id: r-…, nested: true }])",
      });
    }
  });

export const organizationSchema = z.strictObject({
  accountsLock: z
    .string()
    .min(1)
    .default(DEFAULT_ACCOUNTS_LOCK_FILE)
    .describe("The accounts lock written by `bedrock-access discover`, relative to this file; synth reads the accounts from it."),
  selections: z.array(selectionSchema).min(1, { error: "expected at least one selection" }),
});

export type OrganizationConfig = z.output<typeof organizationSchema>;
export type AccountSelection = OrganizationConfig["selections"][number];
