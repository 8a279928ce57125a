import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { errorMessage, InputError } from "../core/errors";
import { parseWith } from "../core/validation";
import { ACCOUNTS_LOCK_VERSION, type AccountsLock } from "../domain/organization/accounts-lock";
import { ORGANIZATION_ID, PARENT_ID } from "../domain/organization/ids";
import { flagDuplicates } from "./account-checks";
import { accountNameSchema } from "./account-schema";
import { accountId } from "./fields";

const criteriaSchema = z.strictObject({
  organizationalUnits: z.array(z.strictObject({ id: z.string().regex(PARENT_ID), nested: z.boolean() })).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

const lockSchema = z
  .strictObject({
    version: z.literal(ACCOUNTS_LOCK_VERSION),
    organizationId: z.string().regex(ORGANIZATION_ID, { error: "expected an Organization id (o-…)" }),
    selections: z.record(z.string(), criteriaSchema),
    accounts: z.array(
      z.strictObject({
        id: accountId,
        name: accountNameSchema,
        accountName: z.string(),
        ouId: z.string().regex(PARENT_ID, { error: "expected an OU or root id" }),
        ouPath: z.string().min(1),
        selection: z.string(),
      }),
    ),
  })
  .superRefine((lock, ctx) => {
    const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    flagDuplicates(
      lock.accounts.map((a) => a.id),
      (i) => add(["accounts", i, "id"], "duplicate account id"),
    );
    flagDuplicates(
      lock.accounts.map((a) => a.name),
      (i) => add(["accounts", i, "name"], "duplicate stack name: two accounts would share one stack"),
    );
    lock.accounts.forEach((account, i) => {
      if (!Object.hasOwn(lock.selections, account.selection)) {
        add(["accounts", i, "selection"], `expected one of the lock's selections: ${Object.keys(lock.selections).join(", ")}`);
      }
    });
  });

/** The accounts lock, when it exists; one that cannot be read or is malformed is bad input (exit 2). */
export function readAccountsLock(file: string): AccountsLock | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(`${file}: invalid accounts lock`, [`expected the JSON written by bedrock-access discover (${errorMessage(err)})`]);
  }
  return parseWith(lockSchema, json, { title: `${file}: invalid accounts lock` });
}
