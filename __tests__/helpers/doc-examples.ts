import { captureOrCompare } from "../../sandbox/doc-examples/captured";

/**
 * A run's output that a doc shows (sandbox/doc-examples/examples.ts): fails naming the example and the first line that
 * drifted from docs/examples/<name>.txt; with UPDATE_DOC_EXAMPLES=1 writes that file instead.
 */
export function expectDocExample(name: string, output: string): void {
  const difference = captureOrCompare(name, output);
  if (difference) throw new Error(difference);
}
