import { Command } from "commander";
import { z } from "zod";
import { addFlags, flag, onOff, parseFlags } from "../../lib/cli/flags";
import { count } from "../../lib/cli/options";

/** A flag is declared once: commander's option, its default, its check and its type come from one table. */
const table = z.object({
  concurrency: flag({ flags: "--concurrency <n>", help: "calls at once", default: 64, parse: count(64) }),
  dryRun: flag({ flags: "--dry-run", help: "read only", parse: onOff() }),
});

function parse(...argv: string[]) {
  const command = addFlags(new Command("x").exitOverride(), table);
  command.parse(argv, { from: "user" });
  return parseFlags(table, command.opts());
}

describe("flag tables", () => {
  it("give commander the flags with their defaults, and the values checked and typed", () => {
    const parsed = parse();
    expect(parsed).toEqual({ concurrency: 64, dryRun: false });
    expect(parse("--concurrency", "8", "--dry-run")).toEqual({ concurrency: 8, dryRun: true });
    // @ts-expect-error a flag the table does not declare does not compile
    expect(parsed.concurrncy).toBeUndefined();
  });

  it("name the flag as typed, with the value given, when a value is bad", () => {
    expect(() => parse("--concurrency", "65")).toThrow(/--concurrency: expected 1\.\.64 \(got "65"\)/);
  });

  it("refuse a key that is not the flag's own name", () => {
    const misspelt = z.object({ concurency: flag({ flags: "--concurrency <n>", help: "calls at once", parse: count(64) }) });

    expect(() => addFlags(new Command("x"), misspelt)).toThrow(
      "flag concurency: declared as --concurrency <n>, which commander names concurrency",
    );
  });

  it("refuse a field not declared with flag()", () => {
    expect(() => addFlags(new Command("x"), z.object({ json: z.boolean() }))).toThrow("flag json: not declared with flag()");
  });
});
