export type FindingKind =
  /** Marketplace permissions reaching any principal (role, user, group) other than the first-use role. */
  | "marketplace-outside-first-use"
  /** Administrator rights (`*` on `*`, AdministratorAccess and the like) reaching a role, user or group. */
  | "admin-rights"
  | "wildcard-action"
  /** `Resource: "*"`, or a wildcard in an ARN's partition, service, region or account (`arn:aws:bedrock:*`). */
  | "wildcard-resource"
  | "wildcard-principal"
  /** A trust to a principal in an account that is not configured (and not in `externalPrincipals`). */
  | "principal-outside-organization"
  /** `Allow` with `NotPrincipal`: everyone but the listed principals. */
  | "not-principal"
  /** A GitHub OIDC trust without a `sub` condition: any repository on GitHub. */
  | "oidc-subject-missing"
  /** A GitHub OIDC `sub` with `*` or `?` in the owner or repository. */
  | "wildcard-oidc-subject"
  /** The first-use role trusting a principal other than the pipeline principals. */
  | "first-use-trust-widened"
  /** Something the review cannot evaluate: a document known only after apply, unparseable, sensitive, an unknown attachment target. */
  | "cannot-verify";

/** Something a reviewer must look at: raised only for what the plan adds, not for what already exists. */
export interface Finding {
  readonly kind: FindingKind;
  readonly stack: string;
  /** The resource to look at (the one holding the document, or the attachment). */
  readonly address: string;
  readonly message: string;
}

export const quote = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(", ");
