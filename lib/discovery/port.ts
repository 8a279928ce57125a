/**
 * The only way `discover` talks to AWS Organizations: read-only calls, every page read. `SdkOrganizations`
 * (sdk-adapter.ts) implements it; tests use a fake Organization.
 */

/** A root or an OU. */
export interface OrganizationNode {
  readonly id: string;
  readonly name: string;
}

/** An account as ListAccountsForParent lists it. */
export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  /** `State`; undefined when AWS did not send it. */
  readonly state?: string;
  /** The retiring `Status`, read only when `State` is missing. */
  readonly status?: string;
}

export interface OrganizationParent {
  readonly id: string;
  readonly type: "ROOT" | "ORGANIZATIONAL_UNIT";
}

export interface OrganizationsPort {
  /** DescribeOrganization: the Organization's id and its management account. */
  describeOrganization(): Promise<{ readonly id: string; readonly managementAccountId: string }>;
  /** ListRoots. */
  listRoots(): Promise<OrganizationNode[]>;
  /** DescribeOrganizationalUnit: the name of an OU the config names. */
  describeOrganizationalUnit(ouId: string): Promise<OrganizationNode>;
  /** ListParents: the root or OU an OU is directly in. */
  listParents(childId: string): Promise<OrganizationParent[]>;
  /** ListOrganizationalUnitsForParent: the OUs directly in a root or OU. */
  listOrganizationalUnits(parentId: string): Promise<OrganizationNode[]>;
  /** ListAccountsForParent: the accounts directly in a root or OU (not those of the OUs below). */
  listAccounts(parentId: string): Promise<OrganizationAccount[]>;
  /** ListTagsForResource of an account. */
  listTags(accountId: string): Promise<Record<string, string>>;
}

export type OrganizationsOperation = keyof OrganizationsPort;

/** A failed Organizations call, reduced to what discover tells the user. */
export class OrganizationsCallError extends Error {
  constructor(
    readonly operation: OrganizationsOperation,
    /** The service's error code (AccessDeniedException, OrganizationalUnitNotFoundException, ...) or the client error's name. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "OrganizationsCallError";
  }
}
