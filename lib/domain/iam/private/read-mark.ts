/**
 * Marks statements and documents read from JSON: they follow IAM's grammar only, not the rules this project's own grants
 * must meet (Sid spelling, named resources, unique Sids), which `new PolicyStatement` / `new PolicyDocument` enforce.
 */
export const READ = Symbol("read from JSON");
