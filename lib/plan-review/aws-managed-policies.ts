import { PolicyDocument } from "../domain/iam/policy";
import type { PolicyState } from "./policy-document";

/**
 * The documents of AWS-managed policies the review judges like any other document, recorded from the AWS
 * Managed Policy Reference (the statements that matter here; each page was read on 2026-11-27). An
 * AWS-managed policy not listed here cannot be verified, and the review says so.
 */
const DOCUMENTS: Readonly<Record<string, { readonly source: string; readonly statements: readonly Record<string, unknown>[] }>> = {
  AdministratorAccess: {
    source: "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html",
    statements: [{ Effect: "Allow", Action: "*", Resource: "*" }],
  },
  PowerUserAccess: {
    source: "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html (v12)",
    statements: [{ Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" }],
  },
  AWSMarketplaceFullAccess: {
    source:
      "AWS Marketplace Seller Guide, AWS managed policies for AWS Marketplace sellers: https://docs.aws.amazon.com/marketplace/latest/userguide/security-iam-awsmanpol.html (the statement that matters; the others grant EC2, SSM, SNS, CloudFormation)",
    statements: [{ Effect: "Allow", Action: ["aws-marketplace:*"], Resource: "*" }],
  },
  AWSMarketplaceManageSubscriptions: {
    source: "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSMarketplaceManageSubscriptions.html (v5)",
    statements: [
      {
        Effect: "Allow",
        Action: ["aws-marketplace:ViewSubscriptions", "aws-marketplace:Subscribe", "aws-marketplace:Unsubscribe"],
        Resource: "*",
      },
    ],
  },
};

const AWS_MANAGED_PREFIX = /^arn:aws[\w-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/** The recorded document of an AWS-managed policy ARN; `undefined` for other ARNs; `unknown` for AWS-managed ones not recorded. */
export function awsManagedDocument(arn: string): PolicyState | undefined {
  const name = AWS_MANAGED_PREFIX.exec(arn)?.[1];
  if (!name) return undefined;
  const recorded = DOCUMENTS[name];
  if (!recorded) return { state: "unknown" };
  return { state: "known", statements: PolicyDocument.fromJson({ Version: "2012-10-17", Statement: recorded.statements }).statements };
}
