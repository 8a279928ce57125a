/**
 * Credential shapes, and what is left of each once masked: at most a short public prefix (the format's own
 * marker) or, for access key ids, the prefix and last four characters. Every pattern also matches inside
 * JSON text: the parts kept are copied as they are, and a masked value never holds a quote or a backslash,
 * so masking a JSON document leaves it valid JSON.
 */

/** A key's closing quote, or a value's opening one, possibly escaped (JSON inside a JSON string). */
const QUOTE = String.raw`(?:\\*["'])?`;
/**
 * Between a key and its value: `=` (environment, INI, query strings), `:` (JSON, YAML, headers) or `>` (XML; `\u003e`
 * in Terraform's JSON), with spaces or tabs around it but never a line break: an empty `KEY=` line keeps the next.
 */
const SEPARATOR = String.raw`${QUOTE}[ \t]*(?:[:=]|>|\\u003e)[ \t]*${QUOTE}`;
/** A keyed value: base64, base64url or URL-encoded, 16 characters or more (shorter ones are no credentials of these kinds). */
const KEYED_VALUE = "[A-Za-z0-9/+=%_-]{16,}";

interface Shape {
  readonly pattern: RegExp;
  /** The replacement, given the pattern's capture groups that matched. */
  readonly mask: (match: string, ...groups: string[]) => string;
}

/** `key=value` in any of the forms above: the key and separator are kept, the value goes. */
const keyed = (keys: string): Shape => ({
  pattern: new RegExp(`((?:${keys})${SEPARATOR})${KEYED_VALUE}`, "gi"),
  mask: (_match, key: string) => `${key}…`,
});

/** A token recognized by its own prefix: the prefix is kept. */
const prefixed = (pattern: RegExp): Shape => ({ pattern, mask: (_match, prefix: string) => `${prefix}…` });

/** In this order: keyed values first (they may hold any of the shapes after them), then shapes found anywhere. */
const SHAPES: readonly Shape[] = [
  // AWS secret access keys (40 characters of base64) as the value of aws_secret_access_key (credentials file),
  // AWS_SECRET_ACCESS_KEY (environment), "SecretAccessKey" (STS responses, JSON), secretAccessKey (SDK objects).
  keyed(String.raw`secret[_-]?access[_-]?key`),
  // AWS session tokens as the value of aws_session_token / AWS_SESSION_TOKEN, "SessionToken" (STS responses),
  // and X-Amz-Security-Token (presigned URL query parameter and request header) and AWS_SECURITY_TOKEN.
  keyed(String.raw`session[_-]?token|security[_-]?token`),
  // Presigned URLs and Signature Version 4 Authorization headers: X-Amz-Signature=<hex>, Signature=<hex or base64>.
  keyed("signature"),
  // HTTP bearer tokens (RFC 6750): Authorization: Bearer <token>.
  { pattern: /(bearer[ \t]+)[A-Za-z0-9._~+/-]{16,}=*/gi, mask: (_match, scheme: string) => `${scheme}…` },
  // AWS session tokens without their key: base64 that starts with IQoJb3JpZ2lu or FwoGZXIvYXdzE, as STS tokens do.
  prefixed(/(IQoJ)b3JpZ2lu[A-Za-z0-9/+=%]{20,}|(FwoG)ZXIvYXdzE[A-Za-z0-9/+=%]{20,}/g),
  // JSON Web Tokens (RFC 7519; e.g. GitHub Actions and HCP Terraform OIDC tokens): three base64url segments, the first `eyJ` (`{"`).
  prefixed(/(eyJ)[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g),
  // GitHub tokens: ghp_ (classic personal), gho_ (OAuth), ghu_ (user-to-server), ghs_ (server-to-server, e.g.
  // GITHUB_TOKEN), ghr_ (refresh), github_pat_ (fine-grained personal).
  // Not inside a longer word (e.g. `xghp_…`), but after a JSON escape such as `\n` it is a token again.
  prefixed(/(?:(?<![A-Za-z0-9_])|(?<=\\[nrtbf]))(?:(gh[pousr]_)[A-Za-z0-9]{20,}|(github_pat_)[A-Za-z0-9_]{20,})/g),
  // HCP Terraform and Terraform Enterprise API tokens: <14 characters>.atlasv1.<60 or more>. The only shape whose first
  // character is replaced: it must not start inside a JSON escape (`\u003e` before it in Terraform's JSON).
  { pattern: /(?<!\\(?:u[0-9A-Fa-f]{0,3})?)[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,}/g, mask: () => "….atlasv1.…" },
  // AWS access key ids: AKIA (long-term) or ASIA (temporary) and 16 more upper-case letters or digits.
  {
    pattern: /(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{12}([A-Z0-9]{4})(?![A-Z0-9])/g,
    mask: (_match, prefix: string, last: string) => `${prefix}…${last}`,
  },
];

/** `ASIA…WXYZ`: enough to tell sessions apart in a log, not enough to use. */
export function maskAccessKeyId(accessKeyId: string): string {
  return accessKeyId.length > 8 ? `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}` : "…";
}

/**
 * Masks every credential shape in text that leaves the process: what the CLI prints (through its io) and
 * every file it writes (through `writeFileAtomically` and `appendToFile`). The SDK implementation keeps
 * secrets and session tokens out of such text in the first place; this is the second line of defence, for
 * AWS error messages, child process output, plan values and whatever else quotes a credential. Idempotent.
 */
export function maskSecrets(text: string): string {
  let masked = text;
  for (const { pattern, mask } of SHAPES) {
    // replace() passes the capture groups (undefined when their alternative did not match), then the offset and the text.
    masked = masked.replace(pattern, (match: string, ...args: unknown[]) =>
      mask(match, ...args.slice(0, -2).filter((g): g is string => g !== undefined)),
    );
  }
  return masked;
}
