import type { Finding } from "../../lib/plan-review/findings";
import type { SummaryOptions } from "../../lib/plan-review/model";
import { summarizePlans } from "../../lib/plan-review/summarize";
import type { Expected, RiskyCase } from "./corpus/builders";
import { ORDINARY_CASES } from "./corpus/ordinary-plans";
import { RISKY_CASES } from "./corpus/risky-plans";

/**
 * A corpus of hand-made plans, independent of how the review engine works inside: every risky plan must raise
 * the finding it names on the resource it names, every ordinary plan (this project's own changes) none.
 */
const OPTIONS: SummaryOptions = {
  firstUseRoleName: "bedrock-first-use",
  organizationAccounts: ["111111111111", "222222222222", "333333333333"],
  externalPrincipals: [],
  firstUseTrustedPrincipals: ["arn:aws:iam::111111111111:role/platform-pipeline"],
};

const matches = (finding: Finding, expected: Expected): boolean =>
  finding.kind === expected.kind &&
  (typeof expected.address === "string" ? [expected.address] : expected.address).includes(finding.address) &&
  (expected.mentions ?? []).every((text) => finding.message.includes(text));

const describeExpected = (e: Expected): string =>
  `${e.kind} on ${typeof e.address === "string" ? e.address : e.address.join(" or ")}${e.mentions ? ` mentioning ${e.mentions.join(", ")}` : ""}`;

describe("plan-review corpus", () => {
  it("has at least 40 risky and 15 ordinary cases, each named once", () => {
    expect(RISKY_CASES.length).toBeGreaterThanOrEqual(40);
    expect(ORDINARY_CASES.length).toBeGreaterThanOrEqual(15);
    const names = [...RISKY_CASES, ...ORDINARY_CASES].map((c) => c.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it.each(RISKY_CASES)("warns: $name", ({ plan, expected }: RiskyCase) => {
    const { findings } = summarizePlans([plan], OPTIONS);
    const missing = expected.filter((e) => !findings.some((f) => matches(f, e))).map(describeExpected);
    // On failure the diff shows what is missing and every finding the engine raised.
    expect({ missing, findings }).toEqual({ missing: [], findings });
  });

  it.each(ORDINARY_CASES)("stays silent: $name", ({ plan }) => {
    const summary = summarizePlans([plan], OPTIONS);
    expect(summary.findings).toEqual([]);
    // The case is what it says: a plan with changes (or, for the no-change cases, none), read without error.
    expect(summary.stacks).toHaveLength(1);
  });
});
