/**
 * `agreementAvailability.status` of GetFoundationModelAvailability (botocore data/bedrock/2023-04-20/service-2.json,
 * shape AgreementStatus): where a model's AWS Marketplace agreement stands for the caller's account.
 */
export const AGREEMENT_STATUSES = ["AVAILABLE", "PENDING", "NOT_AVAILABLE", "ERROR"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
