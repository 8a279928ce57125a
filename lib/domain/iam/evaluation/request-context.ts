/**
 * The request context the condition keys are read from, with key names folded to one case.
 *
 * Source: IAM User Guide, "IAM JSON policy elements: Condition"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html): "Condition key
 * names are not case-sensitive." A `string[]` value is a multivalued key, whatever its length; `undefined` means
 * the key is absent from the request.
 */

export type ContextValue = string | readonly string[];

export type RequestContextInput = Readonly<Record<string, ContextValue | undefined>>;

export type RequestContext = ReadonlyMap<string, ContextValue>;

/** The context keyed by lower-cased key name; throws when two keys differ only by case. */
export function normalizeContext(input: RequestContextInput): RequestContext {
  const context = new Map<string, ContextValue>();
  const spelled = new Map<string, string>();
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const folded = key.toLowerCase();
    const other = spelled.get(folded);
    if (other !== undefined) throw new Error(`request context: keys "${other}" and "${key}" are the same key (key names ignore case)`);
    spelled.set(folded, key);
    context.set(folded, value);
  }
  return context;
}
