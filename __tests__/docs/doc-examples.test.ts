import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../lib/cli/run-cli";
import { captureDay, capturedFile, firstDifference, readCaptured } from "../../sandbox/doc-examples/captured";
import { PROJECT } from "../../sandbox/project";
import { DOC_EXAMPLES, docExample, type DocExample } from "../../sandbox/doc-examples/examples";
import { capturedText, comparable } from "../../sandbox/doc-examples/normalise";
import { abridged, markedBlocks, renderedBody, withoutMarkedBlocks } from "../../sandbox/doc-examples/render";
import { testIo } from "../helpers/cli-io";

/**
 * The command outputs in the docs are rendered from captured real runs (docs/examples/, `npm run docs:examples`):
 * every marked block is what its capture renders to, no output block is left unmarked, and the offline CLI examples
 * still print what was captured. The sandbox suites compare their own runs (__tests__/helpers/doc-examples.ts).
 */
const DOCS = [
  "README.md",
  ...readdirSync(join(PROJECT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const read = (doc: string) => readFileSync(join(PROJECT, doc), "utf8");

/** The first differing line of two texts, for a failure message that points at it. */
function firstDifferentLine(expected: string, actual: string): string {
  const [e, a] = [expected.split("\n"), actual.split("\n")];
  const at = e.findIndex((line, i) => line !== a[i]);
  const line = at >= 0 ? at : e.length;
  return `line ${line + 1} of the block:\n  rendered: ${e[line] ?? "(no line)"}\n  in the doc: ${a[line] ?? "(no line)"}`;
}

describe("the output blocks of the docs", () => {
  it.each(DOC_EXAMPLES.map((e) => [e.name, e] as const))("%s is marked once, in its doc, as its capture renders it", (name, example) => {
    const blocks = DOCS.flatMap((doc) => markedBlocks(read(doc)).map((b) => ({ ...b, doc })));
    const marked = blocks.filter((b) => b.name === name);
    expect(marked.map((b) => b.doc)).toEqual([example.doc]);
    const rendered = renderedBody(example, readCaptured(name));
    const body = marked[0].body;
    if (body !== rendered)
      throw new Error(
        `${example.doc}:${marked[0].line}: the block "${name}" is not what docs/examples/${name}.txt renders to (npm run docs:examples -- --render): ${firstDifferentLine(rendered, body)}`,
      );
  });

  it("marks only the examples sandbox/doc-examples/examples.ts declares", () => {
    const names = DOCS.flatMap((doc) => markedBlocks(read(doc)).map((b) => b.name));
    expect(names.filter((n) => !DOC_EXAMPLES.some((e) => e.name === n))).toEqual([]);
  });

  // What this project's commands print starts like this; a block showing one must come from a capture.
  const OUTPUT_START =
    /^(\[demo\]|\[blocking\]|\[warning\]|enable: |status: |Preflight: |Use-case form|Already enabled|Bedrock access plan:|Deployed accounts:|[┌│])/;
  it.each(DOCS)("%s shows no command output outside the marked blocks", (doc) => {
    const text = withoutMarkedBlocks(read(doc));
    const fenced = [...text.matchAll(/^```(\w*)\n([^\n]*)/gm)].map((m) => m[2]);
    const unmarked = fenced.filter((first) => OUTPUT_START.test(first));
    const comments = text.split("\n").filter((line) => /^#{2,6} Bedrock access: plan$/.test(line));
    expect([...unmarked, ...comments]).toEqual([]);
  });
});

describe("the offline CLI examples", () => {
  const cliExamples = DOC_EXAMPLES.flatMap((e) => (e.source.kind === "cli" ? [[e.name, e.source.args] as const] : []));
  it.each(cliExamples)("%s prints what docs/examples holds", async (name, args) => {
    // On the capture's day: a model's lifecycle column changes when a date in the catalog passes, and the doc with it
    // when the example is captured again; a test's outcome never depends on the calendar.
    const day = Date.parse(`${captureDay(name)}T12:00:00Z`);
    const io = { ...testIo(), clock: { now: () => day, sleep: () => Promise.resolve() } };
    expect(await runCli([...args], io)).toBe(0);
    expect(firstDifference(docExample(name), readCaptured(name), capturedText(io.out.join(""), PROJECT))).toBeUndefined();
  });
});

describe("rendering and comparing a captured output", () => {
  const example: DocExample = {
    name: "sample",
    doc: "docs/sample.md",
    source: { kind: "demo" },
    keep: [{ from: /^start/, to: /^form/ }, { from: /^table/, lines: 1 }, { from: /^summary/ }],
    show: { fence: "text" },
  };
  const captured = [
    "noise",
    "start run 20261205T042739Z-4dee",
    "form: done",
    "a: 12 ms",
    "b: 3 ms",
    "table │ x │",
    "row",
    "summary: 2 enabled.",
    "done",
  ].join("\n");

  it("keeps the declared runs of lines and marks each gap with …", () => {
    expect(abridged(example, captured)).toEqual([
      "…",
      "start run 20261205T042739Z-4dee",
      "form: done",
      "…",
      "table │ x │",
      "…",
      "summary: 2 enabled.",
      "done",
    ]);
    expect(renderedBody(example, captured).split("\n")).toEqual(["```text", ...abridged(example, captured), "```"]);
  });

  it("names the rule that no longer matches", () => {
    expect(() => abridged(example, captured.replace("table", "grid"))).toThrow(/doc example "sample": no line matching \/\^table\//);
  });

  it("ignores run ids, latencies, ports and table padding, not what the run did", () => {
    expect(comparable("run 20261205T042739Z-4dee at 127.0.0.1:4566: 12 ms │ a   │")).toBe(
      comparable("run 20261204T000000Z-0aa1 at 127.0.0.1:39999: 7 ms │ a │"),
    );
    expect(
      firstDifference(example, captured, captured.replace("start run 20261205T042739Z-4dee", "start run 20261101T000000Z-ffff")),
    ).toBeUndefined();
    expect(firstDifference(example, captured, captured.replace("2 enabled", "1 enabled"))).toBe(
      [
        'doc example "sample" (docs/sample.md) differs from this run at line 7 of what the doc shows:',
        "  captured (docs/examples/sample.txt): summary: 2 enabled.",
        "  this run: summary: 1 enabled.",
        "Regenerate with `npm run docs:examples` when the change is intended.",
      ].join("\n"),
    );
  });

  it("shows Markdown in the page with its headings one level deeper", () => {
    const comment: DocExample = { ...example, keep: undefined, show: "markdown-one-level-deeper" };
    expect(renderedBody(comment, "### Bedrock access: plan\n\n#### stack\n```diff\n+ x\n```\n")).toBe(
      "\n#### Bedrock access: plan\n\n##### stack\n```diff\n+ x\n```\n",
    );
  });

  it("replaces the project folder and temporary folders by …, so that captures do not depend on the machine", () => {
    expect(
      capturedText(`config ${PROJECT}/bedrock-access.yaml   \nreport ${join(tmpdir(), "bedrock-example-x1", "report.json")}\n\n`, PROJECT),
    ).toBe("config …/bedrock-access.yaml\nreport …/report.json\n");
  });

  it("has a capture for every example", () => {
    expect(DOC_EXAMPLES.map((e) => capturedFile(e.name)).filter((f) => !readFileSync(f, "utf8").trim())).toEqual([]);
  });
});
