/**
 * Date values for the Date condition operators.
 *
 * Source: IAM User Guide, "IAM JSON policy elements: Condition operators", Date condition operators
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html): "You must
 * specify date/time values with one of the W3C implementations of the ISO 8601 date formats
 * (http://www.w3.org/TR/NOTE-datetime) or in epoch (UNIX) time", and "Wildcards are not permitted".
 * A string of digits alone is read as epoch seconds (so the W3C year-only form `1997` is not accepted: the two
 * readings collide, and AWS does not say which wins); W3C times must carry a time zone designator, as that note
 * requires.
 */

const W3C_DATETIME = /^\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?$/;

/** Milliseconds since the epoch, or undefined when `text` is neither form. */
export function parseIamDate(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!W3C_DATETIME.test(text)) return undefined;
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? undefined : millis;
}
