import { distance } from "fastest-levenshtein";

/** The `count` candidates closest to `value` by edit distance (ties keep the candidates' order): for "did you mean". */
export function nearest(value: string, candidates: readonly string[], count: number): string[] {
  return candidates
    .map((candidate, index) => ({ candidate, index, d: distance(value, candidate) }))
    .sort((a, b) => a.d - b.d || a.index - b.index)
    .slice(0, count)
    .map((c) => c.candidate);
}
