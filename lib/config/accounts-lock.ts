import { z } from "zod";
import { readLockFile } from "./lock-file";
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
  return readLockFile(file, lockSchema, { name: "accounts lock", writtenBy: "bedrock-access discover" });
}
