import { decodeForm, diffForm, encodeForm, formData } from "../../lib/domain/use-case-form";
import { enablementConfig } from "../helpers/fixtures";

const form = formData(enablementConfig().useCaseForm);

describe("use-case form encoding", () => {
  it("sends the config's form without region, intendedUsers as its code", () => {
    expect(form).toEqual({
      companyName: "Example Corp",
      companyWebsite: "https://example.com",
      intendedUsers: "0",
      industryOption: "Technology",
      otherIndustryOption: "",
      useCases: "Code review in CI.",
    });
  });

  it("encodes the form as the JSON bytes themselves, not base64 (the SDK base64-encodes on the wire)", () => {
    const text = Buffer.from(encodeForm(form)).toString("utf8");

    expect(text).toBe(
      '{"companyName":"Example Corp","companyWebsite":"https://example.com","intendedUsers":"0","industryOption":"Technology","otherIndustryOption":"","useCases":"Code review in CI."}',
    );
  });

  it("reads back raw JSON and base64-wrapped JSON alike", () => {
    const raw = encodeForm(form);
    const wrapped = new TextEncoder().encode(Buffer.from(raw).toString("base64"));

    expect(decodeForm(raw)).toEqual(form);
    expect(decodeForm(wrapped)).toEqual(form);
  });

  it("says what it got when the stored form is neither", () => {
    expect(() => decodeForm(new TextEncoder().encode("<xml/>"))).toThrow(/neither JSON nor base64-encoded JSON \(starts with "<xml\/>"\)/);
  });

  it("compares field by field, treating a missing field as empty and numbers as their text", () => {
    const submitted = { ...form, companyName: "Old Corp", intendedUsers: 0, otherIndustryOption: undefined, extra: "ignored" };

    expect(diffForm(submitted, form)).toEqual([{ field: "companyName", submitted: "Old Corp", configured: "Example Corp" }]);
  });
});
