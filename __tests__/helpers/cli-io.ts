import type { CatalogAws } from "../../lib/catalog-sync/aws";
import type { OrganizationsPort } from "../../lib/discovery/port";
import type { CliIo } from "../../lib/cli/io";
import type { PreflightAws } from "../../lib/preflight/aws/port";
import { FakeOrganization } from "../preflight/fake-organization";

/** A CliIo that records what a command prints; AWS calls fail unless a fake is given. */
export interface TestIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
}

export function testIo(
  fakes: { catalog?: CatalogAws; discovery?: OrganizationsPort; env?: Record<string, string>; organization?: PreflightAws } = {},
): TestIo {
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
    // An Organization without SCPs, unless the test gives one.
    createPreflightAws: () => fakes.organization ?? new FakeOrganization(),
    onInterrupt: () => () => undefined,
    createCatalogAws: () => {
      if (!fakes.catalog) throw new Error("no catalog call expected");
      return fakes.catalog;
    },
    createOrganizations: () => {
      if (!fakes.discovery) throw new Error("no Organizations call expected");
      return fakes.discovery;
    },
    out,
    err,
  };
}
