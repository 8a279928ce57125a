import { readFileSync } from "node:fs";
import { accessConfigJsonSchema } from "../../lib/config/json-schema";
import { loadConfigFile, parseConfig, parseConfigText } from "../../lib/config/load";
import { configProblems, rawStackConfig, type RawConfig } from "../helpers/fixtures";

const problemsOf = configProblems;

describe("access config", () => {
  it("loads the committed example with defaults applied", () => {
    const config = loadConfigFile("bedrock-access.yaml");
    expect(config.accounts.map((a) => a.id)).toEqual(["222222222222", "333333333333"]);
    expect(config.useCaseForm.intendedUsers).toBe("0");
    expect(config.accounts[1].terraformRoleName).toBe("OrganizationAccountAccessRole");
    expect(config.backend).toEqual({ type: "local" });
  });

  it("defaults to Sonnet 4.6 and Opus 4.6 when no models are listed", () => {
    const raw = rawStackConfig();
    delete (raw as Partial<RawConfig>).models;
    expect(parseConfig(raw).models.map((m) => m.id)).toEqual(["anthropic.claude-sonnet-4-6", "anthropic.claude-opus-4-6-v1"]);
  });

  it.each([
    ["internal", "0"],
    ["external", "1"],
    ["both", "2"],
    ["1", "1"],
  ])("normalises intendedUsers %s to the form code %s", (given, code) => {
    const raw = rawStackConfig();
    (raw.useCaseForm as Record<string, unknown>).intendedUsers = given;
    expect(parseConfig(raw).useCaseForm.intendedUsers).toBe(code);
  });

  it("commits a JSON Schema that matches the zod schema", () => {
    const committed = JSON.parse(readFileSync("schema/bedrock-access.schema.json", "utf8")) as unknown;
    expect(committed).toEqual(accessConfigJsonSchema());
  });

  it("reports YAML syntax errors with the source name", () => {
    expect(() => parseConfigText("accounts: [\n", "bad.yaml")).toThrow(/bad\.yaml: invalid configuration[\s\S]*YAML/);
  });

  it("reports an unreadable file by path", () => {
    expect(() => loadConfigFile("/nonexistent/bedrock-access.yaml")).toThrow(
      /\/nonexistent\/bedrock-access\.yaml: invalid configuration\n.*cannot read/,
    );
  });

  const accounts = (raw: RawConfig) => raw.accounts;
  const cases: [string, (raw: RawConfig) => void, RegExp][] = [
    ["an account id that is not 12 digits", (r) => (accounts(r)[0].id = "12345"), /accounts\[0\]\.id: expected 12 digits \(got "12345"\)/],
    [
      "an unquoted account id (a YAML number)",
      (r) => (accounts(r)[0].id = 222222222222),
      /accounts\[0\]\.id: expected a quoted string of 12 digits .*\(got 222222222222\)/,
    ],
    [
      "a management account id that is missing",
      (r) => delete (r.managementAccount as Record<string, unknown>).id,
      /managementAccount\.id: .*\(missing\)/,
    ],
    [
      "a region Bedrock does not serve",
      (r) => (accounts(r)[0].regions = ["us-east-7"]),
      /accounts\[0\]\.regions\[0\]: expected a region where Bedrock serves Anthropic models: .*us-east-1.*\(got "us-east-7"\)/,
    ],
    [
      "a duplicated account id",
      (r) => r.accounts.push({ ...accounts(r)[0], name: "other" }),
      /accounts\[1\]\.id: duplicate account id \(got "222222222222"\)/,
    ],
    [
      "a duplicated account name",
      (r) => r.accounts.push({ ...accounts(r)[0], id: "333333333333" }),
      /accounts\[1\]\.name: duplicate account name \(got "ci"\)/,
    ],
    ["a duplicated region", (r) => (accounts(r)[0].regions = ["us-east-1", "us-east-1"]), /accounts\[0\]\.regions\[1\]: duplicate region/],
    ["a duplicated model", (r) => r.models.push({ id: "anthropic.claude-sonnet-4-6" }), /models\[2\]\.id: duplicate model id/],
    [
      "an unknown profile kind",
      (r) => (r.models[0].profiles = ["us", "mars"]),
      /models\[0\]\.profiles\[1\]: expected one of us, eu, apac, jp, au, in, global, in-region, messages \(got "mars"\)/,
    ],
    [
      "a non-Anthropic model id",
      (r) => (r.models[0].id = "amazon.nova-pro-v1:0"),
      /models\[0\]\.id: expected an Anthropic base model id .*\(got "amazon\.nova-pro-v1:0"\)/,
    ],
    [
      "profiles that no account region can call",
      (r) => (r.models = [{ id: "anthropic.claude-sonnet-4-6", profiles: ["eu"] }]),
      /accounts\[0\]\.regions: none of anthropic\.claude-sonnet-4-6's profiles \[eu\] can be called from these regions \(got \["us-east-1"\]\)/,
    ],
    [
      "an account model subset naming an unknown model",
      (r) => (accounts(r)[0].models = ["anthropic.claude-x"]),
      /accounts\[0\]\.models\[0\]: expected one of the configured models: /,
    ],
    [
      "intendedUsers outside the allowed values",
      (r) => ((r.useCaseForm as Record<string, unknown>).intendedUsers = "everyone"),
      /useCaseForm\.intendedUsers: expected one of internal, external, both, or the raw codes "0", "1", "2" \(got "everyone"\)/,
    ],
    [
      "a company website that is not a URL",
      (r) => ((r.useCaseForm as Record<string, unknown>).companyWebsite = "example"),
      /useCaseForm\.companyWebsite: expected an http\(s\) URL \(got "example"\)/,
    ],
    [
      "an empty use-case description",
      (r) => ((r.useCaseForm as Record<string, unknown>).useCases = "  "),
      /useCaseForm\.useCases: expected a non-empty string/,
    ],
    [
      "a pipeline principal that is not an IAM ARN",
      (r) => ((r.managementAccount as Record<string, unknown>).pipelinePrincipals = ["platform-pipeline"]),
      /managementAccount\.pipelinePrincipals\[0\]: expected an IAM role, user or account-root ARN/,
    ],
    [
      "no pipeline principal",
      (r) => ((r.managementAccount as Record<string, unknown>).pipelinePrincipals = []),
      /managementAccount\.pipelinePrincipals: expected at least one pipeline principal ARN \(got \[\]\)/,
    ],
    ["no runtime account", (r) => (r.accounts = []), /accounts: expected at least one runtime account/],
    [
      "an account name with capitals",
      (r) => (accounts(r)[0].name = "CI-Prod"),
      /accounts\[0\]\.name: expected lowercase letters, digits and dashes/,
    ],
    [
      "a GitHub owner wildcard without allowWildcard",
      (r) => (accounts(r)[0].githubOidc = { repositories: [{ repository: "example-org/*" }] }),
      /accounts\[0\]\.githubOidc\.repositories\[0\]\.repository: trusts every repository of the owner: .*allowWildcard: true/,
    ],
    [
      "an externalId for a pipeline principal (bedrock-access sends none)",
      (r) => {
        (r.managementAccount as Record<string, unknown>).pipelinePrincipals = ["arn:aws:iam::999999999999:role/vendor-pipeline"];
        r.externalPrincipals = [{ principal: "999999999999", externalId: "abc-123" }];
      },
      /managementAccount\.pipelinePrincipals\[0\]: arn:aws:iam::999999999999:role\/vendor-pipeline has an externalId under externalPrincipals: only roles in trustedPrincipals/,
    ],
    [
      "an externalId of one character",
      (r) => (r.externalPrincipals = [{ principal: "999999999999", externalId: "x" }]),
      /externalPrincipals\[0\]/,
    ],
    [
      "an external principal listed twice (two external ids)",
      (r) =>
        (r.externalPrincipals = [
          { principal: "999999999999", externalId: "abc-1" },
          { principal: "999999999999", externalId: "abc-2" },
        ]),
      /externalPrincipals\[1\]: listed twice/,
    ],
    [
      "an immutable repository form with an id on one side only",
      (r) => (accounts(r)[0].githubOidc = { repositories: [{ repository: "o@1/r", refs: ["refs/heads/main"] }] }),
      /accounts\[0\]\.githubOidc\.repositories\[0\]\.repository: expected OWNER\/REPO, OWNER@OWNER_ID\/REPO@REPO_ID/,
    ],
    [
      "a repositoryId that differs from the immutable form's",
      (r) => (accounts(r)[0].githubOidc = { repositories: [{ repository: "o@1/r@22", repositoryId: "23", refs: ["refs/heads/main"] }] }),
      /accounts\[0\]\.githubOidc\.repositories\[0\]\.repositoryId: differs from the id in o@1\/r@22 \(22\)/,
    ],
    [
      "a repository pinned by id in one entry and not in another",
      (r) =>
        (accounts(r)[0].githubOidc = {
          repositories: [
            { repository: "o/r", repositoryId: "22", refs: ["refs/heads/main"] },
            { repository: "o/r", environments: ["prod"] },
          ],
        }),
      /accounts\[0\]\.githubOidc\.repositories\[0\]\.repositoryId: another entry names o\/r without repositoryId/,
    ],
    [
      "a wildcard in a GitHub ref without allowWildcard",
      (r) => (accounts(r)[0].githubOidc = { repositories: [{ repository: "o/r", refs: ["refs/heads/main", "refs/heads/release-*"] }] }),
      /accounts\[0\]\.githubOidc\.repositories\[0\]\.refs\[1\]: a wildcard trusts every ref matching refs\/heads\/release-\*: .*allowWildcard: true/,
    ],
    [
      "a wildcard in a GitHub environment without allowWildcard",
      (r) => (accounts(r)[0].githubOidc = { repositories: [{ repository: "o/r", environments: ["prod?"] }] }),
      /accounts\[0\]\.githubOidc\.repositories\[0\]\.environments\[0\]: a wildcard trusts every environment matching prod\?/,
    ],
    [
      "a repository id that is not a number",
      (r) => (accounts(r)[0].githubOidc = { repositories: [{ repository: "o/r", repositoryId: "o/r", refs: ["refs/heads/main"] }] }),
      /accounts\[0\]\.githubOidc\.repositories\[0\]\.repositoryId: expected the repository's numeric id/,
    ],
    [
      "a GitHub ref that is not a full ref",
      (r) => (accounts(r)[0].githubOidc = { repositories: [{ repository: "o/r", refs: ["main"] }] }),
      /accounts\[0\]\.githubOidc\.repositories\[0\]\.refs\[0\]: expected refs\/heads\/NAME or refs\/tags\/NAME \(got "main"\)/,
    ],
    [
      "a max session duration above 12 hours",
      (r) => (r.iam = { maxSessionDurationSeconds: 86400 }),
      /iam\.maxSessionDurationSeconds: expected 3600\.\.43200 seconds \(got 86400\)/,
    ],
    [
      "a role path without slashes",
      (r) => (r.iam = { rolePath: "bedrock" }),
      /iam\.rolePath: expected an IAM path such as \/ or \/bedrock\/ \(got "bedrock"\)/,
    ],
    [
      "a boundary that is not a policy ARN",
      (r) => (r.iam = { permissionsBoundaryArn: "arn:aws:iam::222222222222:role/x" }),
      /iam\.permissionsBoundaryArn: expected an IAM managed policy ARN/,
    ],
    [
      "an unknown backend type",
      (r) => (r.backend = { type: "gcs" }),
      /backend\.type: expected type local, s3 or cloud|backend: expected type local, s3 or cloud/,
    ],
    ["an S3 backend without a bucket", (r) => (r.backend = { type: "s3", region: "us-east-1" }), /backend\.bucket: .*\(missing\)/],
    ["an empty account model subset", (r) => (accounts(r)[0].models = []), /accounts\[0\]\.models: expected at least one model id/],
    [
      "product ids on some of an account's models only",
      (r) => (r.models[0].marketplaceProductId = "prod-abc123"),
      /accounts\[0\]\.models: marketplaceProductId is set for anthropic\.claude-sonnet-4-6 but not for anthropic\.claude-opus-4-6-v1: set it on every model of the account or on none/,
    ],
    ["a misspelt key", (r) => (accounts(r)[0].runsonRoleNames = ["x"]), /accounts\[0\]: Unrecognized key: "runsonRoleNames"/],
  ];

  it.each(cases)("rejects %s, naming the field, the value and what is expected", (_name, mutate, message) => {
    expect(problemsOf(mutate)).toMatch(message);
  });

  it("rejects pipeline and trusted principals in accounts outside the configuration unless listed under externalPrincipals", () => {
    const foreign = "arn:aws:iam::999999999999:role/ci";
    const problems = problemsOf((raw) => {
      raw.managementAccount = { ...(raw.managementAccount as object), pipelinePrincipals: [foreign] };
      (raw.accounts as { trustedPrincipals: string[] }[])[0].trustedPrincipals = ["arn:aws:iam::888888888888:root"];
    });
    expect(problems).toMatch(
      /managementAccount\.pipelinePrincipals\[0\]: arn:aws:iam::999999999999:role\/ci is in an account that is neither the management account nor a runtime account: list it under externalPrincipals/,
    );
    expect(problems).toMatch(/accounts\[0\]\.trustedPrincipals\[0\]: arn:aws:iam::888888888888:root is in an account/);

    const raw = rawStackConfig();
    raw.managementAccount = { ...(raw.managementAccount as object), pipelinePrincipals: [foreign] };
    raw.externalPrincipals = [foreign];
    expect(parseConfig(raw).managementAccount.pipelinePrincipals).toEqual([foreign]);
    raw.externalPrincipals = ["999999999999"];
    expect(parseConfig(raw).externalPrincipals).toEqual(["999999999999"]);
  });

  it("lists every problem at once", () => {
    const message = problemsOf((r) => {
      accounts(r)[0].id = "1";
      accounts(r)[0].regions = ["nowhere-1"];
    });
    expect(message).toMatch(/accounts\[0\]\.id/);
    expect(message).toMatch(/accounts\[0\]\.regions\[0\]/);
  });
});

describe("backend chosen by the environment", () => {
  const text = readFileSync("bedrock-access.yaml", "utf8");

  it("selects Terraform Cloud named workspaces from BEDROCK_ACCESS_BACKEND and Terraform's own variables", () => {
    const config = parseConfigText(text, "env", {
      BEDROCK_ACCESS_BACKEND: "cloud",
      TF_CLOUD_ORGANIZATION: "example-org",
      BEDROCK_ACCESS_WORKSPACE_PREFIX: "bedrock-prod",
    });
    expect(config.backend).toEqual({
      type: "cloud",
      organization: "example-org",
      hostname: "app.terraform.io",
      workspacePrefix: "bedrock-prod",
    });
  });

  it("selects workspaces by tags", () => {
    const config = parseConfigText(text, "env", {
      BEDROCK_ACCESS_BACKEND: "cloud",
      TF_CLOUD_ORGANIZATION: "o",
      BEDROCK_ACCESS_WORKSPACE_TAGS: "bedrock, prod",
    });
    expect(config.backend).toMatchObject({ type: "cloud", workspaceTags: ["bedrock", "prod"] });
  });

  it("names the missing field when the environment selects a backend without its settings", () => {
    expect(() => parseConfigText(text, "env", { BEDROCK_ACCESS_BACKEND: "s3", BEDROCK_ACCESS_STATE_REGION: "us-east-1" })).toThrow(
      /backend\.bucket: .*\(missing\)/,
    );
  });

  it("leaves the file's backend alone without BEDROCK_ACCESS_BACKEND", () => {
    expect(parseConfigText(text, "env", { TF_CLOUD_ORGANIZATION: "o" }).backend).toEqual({ type: "local" });
  });
});
