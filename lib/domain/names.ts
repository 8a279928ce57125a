/** Names of what the stacks create, after `iam.namePrefix`; the stacks, the plan summary and the tests share them. */
export const DEFAULT_NAME_PREFIX = "bedrock-";

export const RESOURCE_NAMES = {
  useCaseSubmitterRole: "ftu-submitter",
  firstUseRole: "first-use",
  runtimeRole: "runtime",
  invokePolicy: "invoke",
  /** Read-only role in every account: what Terraform's refresh of our resources needs, for pull-request plans. */
  planReaderRole: "plan-reader",
} as const;

/** The only role that may hold Marketplace permissions. */
export const firstUseRoleName = (namePrefix: string = DEFAULT_NAME_PREFIX): string => `${namePrefix}${RESOURCE_NAMES.firstUseRole}`;
