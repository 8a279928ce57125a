import { readFileSync } from "node:fs";
import { CLAUDE_MODELS, type ClaudeModel } from "../../lib/domain/catalog/models";
import { inlineCode, parseMarkdown, tableCells, type MarkdownDoc } from "../helpers/markdown";

const MODELS_DOC = "docs/models.md";
const doc = parseMarkdown(MODELS_DOC, readFileSync(MODELS_DOC, "utf8"));

/** The table rows of a section (its heading's text, as written), each with its cells. */
function rowsOf(markdown: MarkdownDoc, section: string): { line: number; cells: string[] }[] {
  return markdown.blocks
    .filter((block) => block.section.at(-1) === section && block.text.trimStart().startsWith("|") && !/^[-|:\s]+$/.test(block.text))
    .map((block) => ({ line: block.line, cells: tableCells(block.text) }));
}

const REGION = /\b[a-z]{2}(?:-gov)?-[a-z]+-\d\b/g;
/** bedrock-mantle's Regions a cell lists, GovCloud left out (another partition, which the catalog leaves out too). */
const regionsIn = (cell: string): string[] => (cell.match(REGION) ?? []).filter((region) => !region.includes("-gov-"));

const geographies = (model: ClaudeModel): string[] =>
  Object.keys(model.profiles)
    .filter((geography) => geography !== "global")
    .sort();

/**
 * Where §2a (bedrock-runtime, one row per model: its geographic profiles, as AWS lists them), §2b (bedrock-mantle: the
 * In-Region Regions) and §5 (the Claude 5 models: each profile's number of source Regions) differ from the catalog.
 */
function tableDrift(markdown: MarkdownDoc): string[] {
  const drift: string[] = [];
  const byId = new Map(CLAUDE_MODELS.map((model) => [model.id, model]));
  const byMessagesId = new Map(CLAUDE_MODELS.flatMap((model) => (model.messages ? [[model.messages.id, model] as const] : [])));
  for (const { line, cells } of rowsOf(markdown, "2a. bedrock-runtime (InvokeModel / Converse)")) {
    const model = byId.get(inlineCode(cells[1] ?? "")[0] ?? "");
    if (!model) continue;
    // `us.` `eu.` `au.` (AWS); Anthropic adds `jp.`: AWS's list, before what another source adds.
    const listed = inlineCode((cells[2] ?? "").split(";")[0]).map((span) => span.replace(/\.$/, ""));
    if (listed.sort().join(" ") !== geographies(model).join(" "))
      drift.push(`${MODELS_DOC}:${line}: ${model.name} profiles ${listed.join(" ")}, the catalog ${geographies(model).join(" ")}`);
  }
  for (const { line, cells } of rowsOf(markdown, "2b. bedrock-mantle (Messages API) and the access gates")) {
    const model = byMessagesId.get(inlineCode(cells[1] ?? "")[0] ?? "");
    if (!model?.messages) continue;
    // The Regions the row gives, before any note on older copies (after a colon).
    const listed = regionsIn((cells[2] ?? "").split(/[:;]/)[0]);
    if (listed.join(" ") !== model.messages.regions.join(" "))
      drift.push(
        `${MODELS_DOC}:${line}: ${model.name} on bedrock-mantle in ${listed.join(" ")}, the catalog ${model.messages.regions.join(" ")}`,
      );
  }
  for (const { line, cells } of rowsOf(markdown, "5. The Claude 5 generation and what changed")) {
    const model = byId.get(inlineCode(cells[0] ?? "")[0] ?? "");
    if (!model) continue;
    const listed = [...(cells[1] ?? "").matchAll(/`(\w+)\.` \((\d+)\)/g)].map((match) => `${match[1]} ${match[2]}`).sort();
    const catalog = Object.entries(model.profiles)
      .map(([geography, routing]) => `${geography} ${routing.sourceRegions.length}`)
      .sort();
    if (listed.join(", ") !== catalog.join(", "))
      drift.push(`${MODELS_DOC}:${line}: ${model.name} source Regions ${listed.join(", ")}, the catalog ${catalog.join(", ")}`);
    const mantle = regionsIn((cells[3] ?? "").split(":")[0]);
    if (mantle.join(" ") !== (model.messages?.regions ?? []).join(" "))
      drift.push(
        `${MODELS_DOC}:${line}: ${model.name} on bedrock-mantle in ${mantle.join(" ") || "none"}, the catalog ${model.messages?.regions.join(" ") ?? "none"}`,
      );
  }
  return drift;
}

describe("docs/models.md's model tables", () => {
  it("give each catalog model's profiles, source Region counts and bedrock-mantle Regions as the catalog has them", () => {
    expect(tableDrift(doc)).toEqual([]);
  });

  it("read every catalog model (the check reads the tables it means to)", () => {
    const named = new Set(rowsOf(doc, "2a. bedrock-runtime (InvokeModel / Converse)").flatMap(({ cells }) => inlineCode(cells[1] ?? "")));
    expect(CLAUDE_MODELS.filter((model) => model.lifecycle.status === "active" && !named.has(model.id)).map((model) => model.name)).toEqual(
      [],
    );
  });

  it("catch a profile, a count or a Region that differs (the check can fail)", () => {
    const text = readFileSync(MODELS_DOC, "utf8")
      .replace(
        "| Claude Sonnet 5.5 | `anthropic.claude-sonnet-5-5` | `us.` `eu.` |",
        "| Claude Sonnet 5.5 | `anthropic.claude-sonnet-5-5` | `us.` `eu.` `jp.` |",
      )
      .replace(
        "| Opus 5.5, `anthropic.claude-opus-5-5` | `us.` (6), `eu.` (8)",
        "| Opus 5.5, `anthropic.claude-opus-5-5` | `us.` (6), `eu.` (9)",
      )
      .replace(
        "| Opus 5.5 | `anthropic.claude-opus-5-5` | us-east-1, ap-southeast-4",
        "| Opus 5.5 | `anthropic.claude-opus-5-5` | us-east-1",
      );
    expect(tableDrift(parseMarkdown(MODELS_DOC, text)).map((problem) => problem.replace(/:\d+:/, ":n:"))).toEqual([
      "docs/models.md:n: Claude Sonnet 5.5 profiles eu jp us, the catalog eu us",
      "docs/models.md:n: Claude Opus 5.5 on bedrock-mantle in us-east-1, the catalog us-east-1 ap-southeast-4",
      "docs/models.md:n: Claude Opus 5.5 source Regions au 2, eu 9, global 33, jp 2, us 6, the catalog au 2, eu 8, global 33, jp 2, us 6",
    ]);
  });
});
