/**
 * The first-use role is `<iam.namePrefix>first-use` (stacks/runtime-account-stack.ts names it); it
 * alone may hold the Marketplace permissions.
 */
export const FIRST_USE_ROLE_SUFFIX = "first-use";
export const DEFAULT_NAME_PREFIX = "bedrock-";

export const firstUseRoleName = (namePrefix: string = DEFAULT_NAME_PREFIX): string => `${namePrefix}${FIRST_USE_ROLE_SUFFIX}`;
