import { z } from "zod";
import { enumValues } from "../core/validation";
import { BEDROCK_REGIONS } from "../domain/catalog/regions";

/** The field types the config's sections share: account ids, IAM names and ARNs, regions. */
const ACCOUNT_ID = /^\d{12}$/;
const IAM_NAME = /^[\w+=,.@-]+$/;
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|(role|user)\/[\w+=,.@/-]+)$/;

export const DEFAULT_TERRAFORM_ROLE_NAME = "OrganizationAccountAccessRole";

export const accountId = z
  .string({ error: "expected a quoted string of 12 digits (YAML reads bare numbers and drops leading zeros)" })
  .regex(ACCOUNT_ID, { error: "expected 12 digits" });

export const roleName = z
  .string()
  .min(1)
  .max(64, { error: "expected at most 64 characters (IAM role name limit)" })
  .regex(IAM_NAME, { error: "expected an IAM role name (letters, digits and +=,.@_-)" });

export const principalArn = z
  .string()
  .regex(PRINCIPAL_ARN, { error: "expected an IAM role, user or account-root ARN (arn:aws:iam::123456789012:role/NAME)" });

export const region = z.enum(enumValues(BEDROCK_REGIONS, "BEDROCK_REGIONS"), {
  error: `expected a region where Bedrock serves Anthropic models: ${BEDROCK_REGIONS.join(", ")}`,
});

export const nonEmpty = z.string().trim().min(1, { error: "expected a non-empty string" });

/** An IAM role's MaxSessionDuration: 3600 to 43200 seconds (botocore's iam model, roleMaxSessionDurationType). */
export const sessionDurationSeconds = z
  .number()
  .int()
  .min(3600, { error: "expected 3600..43200 seconds" })
  .max(43200, { error: "expected 3600..43200 seconds" })
  .default(3600);
