import { join } from "node:path";
import { loadConfigFile, parseConfig } from "../../lib/config/load";
import { configWarnings } from "../../lib/config/warnings";
import { rawStackConfig } from "../helpers/fixtures";

/** Valid configs that trust more than they may mean to: said once at validate and synth, never refused. */
describe("warnings about who is trusted", () => {
  const MANAGEMENT = "111111111111";
  it("names an account root or an IAM user among the principals, once per field, and a GitHub repository with no pins", () => {
    const raw = rawStackConfig();
    (raw.managementAccount as Record<string, unknown>).pipelinePrincipals = [`arn:aws:iam::${MANAGEMENT}:root`];
    raw.accounts[0].trustedPrincipals = [`arn:aws:iam::${MANAGEMENT}:user/ci-bot`];
    raw.accounts[0].githubOidc = {
      repositories: [{ repository: "example-org/app" }, { repository: "example-org/pinned", refs: ["refs/heads/main"] }],
    };
    const warnings = configWarnings(parseConfig(raw));
    expect(warnings).toContainEqual(
      expect.stringMatching(/^managementAccount\.pipelinePrincipals: arn:aws:iam::111111111111:root is an account root: /),
    );
    expect(warnings).toContainEqual(
      expect.stringMatching(/^account ci: trustedPrincipals: arn:aws:iam::111111111111:user\/ci-bot is an IAM user/),
    );
    expect(warnings).toContainEqual(
      expect.stringMatching(/^githubOidc: example-org\/app pins no refs, environments or pullRequests \(accounts ci\)/),
    );
    expect(warnings.join("\n")).not.toContain("example-org/pinned");
  });

  it("has nothing to say about the example config's principals and repositories", () => {
    const warnings = configWarnings(loadConfigFile(join(__dirname, "..", "..", "bedrock-access.yaml"), {}));
    expect(warnings.filter((w) => /root|IAM user|pins no refs/.test(w))).toEqual([]);
  });
});
