import { iamPolicyArn, iamRoleArn } from "./arn";

/**
 * The names and ARNs of the IAM roles and policies this project creates: the stacks create them by these, and
 * preflight, the plan review and the config checks find them by the same functions.
 */
export const DEFAULT_NAME_PREFIX = "bedrock-";

/** Names after `iam.namePrefix`. */
export const RESOURCE_NAMES = {
  useCaseSubmitterRole: "ftu-submitter",
  firstUseRole: "first-use",
  runtimeRole: "runtime",
  invokePolicy: "invoke",
  /** Read-only role in every account: what Terraform's refresh of our resources needs, for pull-request plans. */
  planReaderRole: "plan-reader",
} as const;

/** Where the config's `iam` block puts our roles and policies. */
export interface IamPlacement {
  /** Prepended to every role and policy name. */
  readonly namePrefix: string;
  /** IAM path of every role and policy (`/` or `/a/b/`). */
  readonly rolePath: string;
}

/** The full names (prefix included) of what we create, in any account. */
export interface OwnNames<T> {
  /** Management account: submits the Anthropic use-case form. */
  readonly useCaseSubmitterRole: T;
  /** The only role that may hold Marketplace permissions. */
  readonly firstUseRole: T;
  /** Created when the account trusts principals (`trustedPrincipals`). */
  readonly runtimeRole: T;
  /** Created when `managementAccount.planPrincipals` is set. */
  readonly planReaderRole: T;
  /** The account's `githubOidc.roleName`. */
  githubOidcRole(roleName: string): T;
  /** The invoke policy (index 0) and its continuations (`invoke-2`, ...) when IAM's size limit splits it. */
  invokePolicy(index: number): T;
}

export function ownNames(namePrefix: string): OwnNames<string> {
  const name = (suffix: string) => `${namePrefix}${suffix}`;
  return {
    useCaseSubmitterRole: name(RESOURCE_NAMES.useCaseSubmitterRole),
    firstUseRole: name(RESOURCE_NAMES.firstUseRole),
    runtimeRole: name(RESOURCE_NAMES.runtimeRole),
    planReaderRole: name(RESOURCE_NAMES.planReaderRole),
    githubOidcRole: name,
    invokePolicy: (index) => name(index === 0 ? RESOURCE_NAMES.invokePolicy : `${RESOURCE_NAMES.invokePolicy}-${index + 1}`),
  };
}

/** A role or managed policy of ours in one account. */
export interface OwnResource {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
}

/** What we create in `accountId`, as the stacks name it and place it. */
export function ownResources(accountId: string, placement: IamPlacement): OwnNames<OwnResource> {
  const names = ownNames(placement.namePrefix);
  const path = placement.rolePath;
  const role = (name: string): OwnResource => ({ name, path, arn: iamRoleArn(accountId, name, path) });
  return {
    useCaseSubmitterRole: role(names.useCaseSubmitterRole),
    firstUseRole: role(names.firstUseRole),
    runtimeRole: role(names.runtimeRole),
    planReaderRole: role(names.planReaderRole),
    githubOidcRole: (roleName) => role(names.githubOidcRole(roleName)),
    invokePolicy: (index) => {
      const name = names.invokePolicy(index);
      return { name, path, arn: iamPolicyArn(accountId, name, path) };
    },
  };
}

/** The first-use role's name, for the plan review (which looks at names, in no particular account). */
export const firstUseRoleName = (namePrefix: string = DEFAULT_NAME_PREFIX): string => ownNames(namePrefix).firstUseRole;
