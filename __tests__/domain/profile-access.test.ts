import { PROFILE_KINDS } from "../../lib/domain/catalog/catalog";
import { GEOGRAPHIES } from "../../lib/domain/catalog/models";
import { accessOf } from "../../lib/domain/catalog/profile-access";

describe("how a profile is reached (accessOf)", () => {
  it("calls the Messages API profile on bedrock-mantle, off the control plane, and names it as such", () => {
    const access = accessOf("messages");
    expect(access).toMatchObject({
      endpoint: "bedrock-mantle",
      protocol: "messages-api",
      onControlPlane: false,
      needsAgreement: false,
      checksRouting: false,
      byDefault: false,
    });
    expect(access.label("anthropic.claude-haiku-4-5")).toBe("anthropic.claude-haiku-4-5 (Messages API)");
  });

  it("calls every other kind with Converse on bedrock-runtime, where the agreement can be read, named by its invocation id", () => {
    for (const kind of PROFILE_KINDS.filter((k) => k !== "messages")) {
      expect(accessOf(kind)).toMatchObject({
        endpoint: "bedrock-runtime",
        protocol: "converse",
        onControlPlane: true,
        needsAgreement: true,
      });
      expect(accessOf(kind).label(`${kind}.anthropic.claude-sonnet-4-6`)).toBe(`${kind}.anthropic.claude-sonnet-4-6`);
    }
  });

  it("checks the routing of geography profiles only: not in-region, not global (the region-less ARN covers every destination)", () => {
    expect(PROFILE_KINDS.filter((kind) => accessOf(kind).checksRouting)).toEqual(["us", "eu", "apac", "jp", "au", "in"]);
  });

  it("gives a config that names no profiles the geography and global profiles, never in-region or the Messages API", () => {
    expect(PROFILE_KINDS.filter((kind) => accessOf(kind).byDefault)).toEqual([...GEOGRAPHIES]);
  });
});
