import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pinnedAwsProvider } from "../../sandbox/terraform-cli-config";

/** The provider version a mirror must hold is the one the bindings pin: the set-up docs name no other. */
const PROJECT = resolve(__dirname, "..", "..");
const SET_UP_DOCS = ["README.md", "docs/sandbox.md"];
const { version } = pinnedAwsProvider();

/** Every `hashicorp/aws` version a text names, in its usual spellings (`hashicorp/aws` 5.100.0, `aws_5.100.0_`, `"version": "5.100.0"`). */
function providerVersions(text: string): string[] {
  const patterns = [
    /hashicorp\/aws`? (\d+\.\d+\.\d+)/g,
    /terraform-provider-aws_v?(\d+\.\d+\.\d+)/g,
    /aws\/(\d+\.\d+\.\d+)\//g,
    /"version": "(\d+\.\d+\.\d+)"/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]));
}

describe("the AWS provider version in the set-up docs", () => {
  it.each(SET_UP_DOCS)("%s names the version @cdktf/provider-aws pins, and no other", (doc) => {
    const named = providerVersions(readFileSync(join(PROJECT, doc), "utf8"));

    expect(named.length).toBeGreaterThan(0);
    expect([...new Set(named)]).toEqual([version]);
  });

  it("finds a version that differs (the check can fail)", () => {
    expect(providerVersions("`hashicorp/aws` 5.99.0 and terraform-provider-aws_5.100.0_linux_amd64.zip")).toEqual(["5.99.0", "5.100.0"]);
  });
});
