/**
 * The shapes of AWS Organizations identifiers and tags. Source: botocore's organizations 2016-11-28 model
 * (shapes RootId, OrganizationalUnitId, OrganizationId, TagKey, TagValue), the same patterns the API
 * reference gives for ParentId ("r-" then 4 to 32 lowercase letters or digits; "ou-", the root's 4 to 32,
 * a dash, then 8 to 32 more).
 */
const ROOT_ID = "r-[0-9a-z]{4,32}";
const OU_ID = "ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}";
/** A root or an OU: what accounts and OUs are directly in. */
export const PARENT_ID = new RegExp(`^(${ROOT_ID}|${OU_ID})$`);
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/**
 * Tag keys: 1 to 128 characters; values: 0 to 256 (TagKey, TagValue). Their character patterns are left to AWS: a
 * selection only compares tags, and a JSON Schema pattern with \p{…} classes misleads editors that read it without
 * the u flag.
 */
export const TAG_KEY_MAX_LENGTH = 128;
export const TAG_VALUE_MAX_LENGTH = 256;
