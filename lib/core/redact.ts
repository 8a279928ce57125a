/** Long-term (AKIA) and temporary (ASIA) access key ids: 4-letter prefix and 16 more characters. */
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{12}([A-Z0-9]{4})\b/g;

/** `ASIA…WXYZ`: enough to tell sessions apart in a log, not enough to use. */
export function maskAccessKeyId(accessKeyId: string): string {
  return accessKeyId.length > 8 ? `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}` : "…";
}

/**
 * Masks every access key id in text bound for a log, table or report. Secrets and session tokens never
 * reach such text (the SDK implementation keeps them); this is the second line of defence for key ids,
 * which do appear in AWS error messages.
 */
export function maskSecrets(text: string): string {
  return text.replace(ACCESS_KEY_ID, (_match, prefix: string, last: string) => `${prefix}…${last}`);
}
