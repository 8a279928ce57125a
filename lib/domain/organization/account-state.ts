/**
 * An account's lifecycle state, as AWS Organizations reports it in the `Account` of ListAccountsForParent.
 *
 * Sources: the `Account` shape of botocore's organizations 2016-11-28 model and of @aws-sdk/client-organizations
 * (models_0.d.ts, enums.d.ts): `State` is one of PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED;
 * the older `Status` (ACTIVE, SUSPENDED, PENDING_CLOSURE) "will be retired on September 9, 2026", and AWS asks
 * callers to read `State` instead. What each state means: Organizations User Guide, "Monitor the state of your AWS
 * accounts" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_account_state.html).
 */
/** The state to act on: `State` when AWS sends it, else the retiring `Status`, else "UNKNOWN" (neither was sent). */
export function accountState(account: { readonly state?: string; readonly status?: string }): string {
  return account.state ?? account.status ?? "UNKNOWN";
}

/**
 * Only ACTIVE accounts get a stack. SUSPENDED, PENDING_CLOSURE and CLOSED accounts are on their way out and
 * cannot be deployed into; a PENDING_ACTIVATION account is not ready yet and joins on a later discover.
 */
export const isActiveState = (state: string): boolean => state === "ACTIVE";
