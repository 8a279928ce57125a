/**
 * The command outputs the docs show, each captured from a real run into docs/examples/<name>.txt and rendered into
 * the doc between `<!-- output: <name> · regenerate: npm run docs:examples -->` and `<!-- /output -->`.
 */

/** Where the captured output comes from. */
type ExampleSource =
  /** `npm run docs:examples` runs `npm run demo` and captures stdout and stderr as they came. */
  | { readonly kind: "demo" }
  /** A sandbox suite run writes it with UPDATE_DOC_EXAMPLES=1 and otherwise compares its live output with it. */
  | { readonly kind: "sandbox-test"; readonly test: string }
  /** An offline run of the CLI's stdout: `npm run docs:examples` captures it, the unit doc test runs it again and compares. */
  | { readonly kind: "cli"; readonly args: readonly string[] };

/**
 * A run of lines the doc keeps: from the first line matching `from` (after the previous run) through the first line
 * matching `to`, or `lines` lines, or to the end. The doc shows "…" where lines were left out.
 */
export interface KeptLines {
  readonly from: RegExp;
  readonly to?: RegExp;
  readonly lines?: number;
}

export interface DocExample {
  readonly name: string;
  /** The doc that shows it, relative to the project. */
  readonly doc: string;
  readonly source: ExampleSource;
  /** The lines the doc shows; every line when absent. */
  readonly keep?: readonly KeptLines[];
  /** In a fenced block of this language, or as Markdown in the page with its headings one level deeper. */
  readonly show: { readonly fence: string } | "markdown-one-level-deeper";
}

const EXAMPLE_ORGANIZATION = "__tests__/e2e/example-organization.test.ts";

export const DOC_EXAMPLES: readonly DocExample[] = [
  {
    name: "demo",
    doc: "docs/sandbox.md",
    source: { kind: "demo" },
    keep: [
      { from: /^\[demo\] /, to: /use-case form: / },
      { from: /^\[ci-prod /, lines: 1 },
      { from: /^Enablement:$/, lines: 4 },
      { from: / profiles in \d+ accounts?: / },
    ],
    show: { fence: "text" },
  },
  {
    name: "enable-first-run",
    doc: "docs/enablement.md",
    source: { kind: "sandbox-test", test: EXAMPLE_ORGANIZATION },
    show: { fence: "text" },
  },
  {
    name: "enable-rerun",
    doc: "docs/enablement.md",
    source: { kind: "sandbox-test", test: EXAMPLE_ORGANIZATION },
    // The per-profile lines come in the order the calls finish: left out, so that two runs compare equal.
    keep: [{ from: /^enable: /, to: /use-case form: / }, { from: /^Already enabled: /, lines: 1 }, { from: /^Use-case form: / }],
    show: { fence: "text" },
  },
  {
    name: "preflight-region-deny",
    doc: "docs/preflight.md",
    source: { kind: "sandbox-test", test: EXAMPLE_ORGANIZATION },
    keep: [{ from: /^Findings:$/, lines: 1 }, { from: /\[blocking\] .*"us-west-2"/, lines: 1 }, { from: /^Preflight: / }],
    show: { fence: "text" },
  },
  {
    name: "plan-comment-add-model",
    doc: "docs/ci.md",
    source: { kind: "sandbox-test", test: EXAMPLE_ORGANIZATION },
    show: "markdown-one-level-deeper",
  },
  {
    name: "plan-comment-widen-oidc",
    doc: "docs/ci.md",
    source: { kind: "sandbox-test", test: EXAMPLE_ORGANIZATION },
    show: "markdown-one-level-deeper",
  },
  {
    name: "plan-text-widen-oidc",
    doc: "docs/ci.md",
    source: { kind: "sandbox-test", test: EXAMPLE_ORGANIZATION },
    show: { fence: "text" },
  },
  { name: "catalog-list", doc: "docs/catalog.md", source: { kind: "cli", args: ["catalog", "list"] }, show: { fence: "text" } },
  {
    name: "validate-json",
    doc: "docs/json-output.md",
    source: { kind: "cli", args: ["validate", "--config", "bedrock-access.yaml", "--json"] },
    show: { fence: "json" },
  },
];

export function docExample(name: string): DocExample {
  const example = DOC_EXAMPLES.find((e) => e.name === name);
  if (!example) throw new Error(`no doc example "${name}" (have ${DOC_EXAMPLES.map((e) => e.name).join(", ")})`);
  return example;
}
