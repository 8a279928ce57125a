import type { CatalogAws } from "../../lib/catalog-sync/aws";
import type { CliIo } from "../../lib/cli/io";

/** A CliIo that records what a command prints; AWS calls fail unless a fake is given. */
export interface TestIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
}

export function testIo(fakes: { catalog?: CatalogAws; env?: Record<string, string> } = {}): TestIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => out.push(text),
    stderr: { write: (text) => err.push(text), isTTY: false },
    env: fakes.env ?? {},
    clock: { now: () => 0, sleep: () => Promise.resolve() },
    random: () => 0,
    createAws: () => {
      throw new Error("no AWS call expected");
    },
    onInterrupt: () => () => undefined,
    createCatalogAws: () => {
      if (!fakes.catalog) throw new Error("no catalog call expected");
      return fakes.catalog;
    },
    out,
    err,
  };
}
