import { DataAwsIamRole } from "@cdktf/provider-aws/lib/data-aws-iam-role";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { MODELS_THAT_SPLIT_THE_INVOKE_POLICY, PIPELINE_ROLE, SONNET, stackConfig } from "../helpers/fixtures";
import { asList, synthRuntime, type PolicyJson } from "../helpers/synth";

const INVOKE = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
const OPUS = "anthropic.claude-opus-4-6-v1";
/** Where `us.` profiles called from us-east-1 route (the models' AWS cards). */
const US = ["us-east-1", "us-east-2", "us-west-2"];

const statement = (doc: PolicyJson, sid: string) => {
  const found = doc.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${JSON.stringify(doc)}`);
  return found;
};
const allActions = (doc: PolicyJson) => doc.Statement.flatMap((s) => asList(s.Action));

describe("RuntimeAccountStack invoke policy", () => {
  const { out } = synthRuntime(stackConfig());
  const policy = out.managedPolicy("bedrock-invoke");

  it("allows exactly InvokeModel and InvokeModelWithResponseStream, never a bedrock:Converse action", () => {
    expect(new Set(allActions(policy))).toEqual(new Set(INVOKE));
    for (const s of policy.Statement) expect(asList(s.Action).sort()).toEqual(INVOKE);
  });

  it("grants the configured inference-profile ARNs of the account and source region", () => {
    expect(asList(statement(policy, "InvokeInferenceProfiles").Resource)).toEqual([
      "arn:aws:bedrock:us-east-1:222222222222:inference-profile/global.anthropic.claude-sonnet-4-6",
      "arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-opus-4-6-v1",
      "arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-sonnet-4-6",
    ]);
  });

  it("grants every US destination region's foundation model only through the US profile", () => {
    const s = statement(policy, "InvokeThroughUsAnthropicClaudeOpus46V1");
    expect(asList(s.Resource)).toEqual(US.map((r) => `arn:aws:bedrock:${r}::foundation-model/${OPUS}`));
    expect(s.Condition).toEqual({
      StringEquals: {
        "bedrock:InferenceProfileArn": ["arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-opus-4-6-v1"],
      },
    });
  });

  it("adds the region-less foundation-model ARN for the global profile, under the profile condition", () => {
    const s = statement(policy, "InvokeThroughGlobalAnthropicClaudeSonnet46");
    expect(asList(s.Resource)).toEqual([
      `arn:aws:bedrock:::foundation-model/${SONNET}`,
      `arn:aws:bedrock:us-east-1::foundation-model/${SONNET}`,
    ]);
    expect(s.Condition?.StringEquals["bedrock:InferenceProfileArn"]).toEqual([
      "arn:aws:bedrock:us-east-1:222222222222:inference-profile/global.anthropic.claude-sonnet-4-6",
    ]);
  });

  it("pairs each profile only with its own destinations", () => {
    const us = statement(policy, "InvokeThroughUsAnthropicClaudeSonnet46");
    expect(asList(us.Resource)).toEqual(US.map((r) => `arn:aws:bedrock:${r}::foundation-model/${SONNET}`));
    expect(us.Condition?.StringEquals["bedrock:InferenceProfileArn"]).toEqual([
      "arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-sonnet-4-6",
    ]);
    const profilesPerStatement = policy.Statement.filter((st) => st.Condition).map((st) =>
      asList(st.Condition?.StringEquals["bedrock:InferenceProfileArn"]),
    );
    expect(profilesPerStatement.every((arns) => arns.length === 1)).toBe(true);
  });

  it("grants the base model directly only in the account's regions where in-region invocation is enabled", () => {
    expect(policy.Statement.find((st) => st.Sid === "InvokeInRegion")).toBeUndefined(); // Opus 4.6 has no in-region endpoint in us-east-1
    const { out: withLondon } = synthRuntime(stackConfig((raw) => (raw.accounts[0].regions = ["us-east-1", "eu-west-2"])));
    const s = statement(withLondon.managedPolicy("bedrock-invoke"), "InvokeInRegion");
    expect(asList(s.Resource)).toEqual([`arn:aws:bedrock:eu-west-2::foundation-model/${OPUS}`]);
    expect(s.Condition).toBeUndefined();
  });

  it("never grants invoke on Resource *", () => {
    for (const s of policy.Statement) expect(asList(s.Resource)).not.toContain("*");
  });

  it("uses EU destinations for an eu profile called from an EU region", () => {
    const { out: eu } = synthRuntime(
      stackConfig((raw) => {
        raw.models = [{ id: SONNET, profiles: ["eu"] }];
        raw.accounts[0].regions = ["eu-west-1"];
      }),
    );
    const doc = eu.managedPolicy("bedrock-invoke");
    expect(asList(statement(doc, "InvokeInferenceProfiles").Resource)).toEqual([
      `arn:aws:bedrock:eu-west-1:222222222222:inference-profile/eu.${SONNET}`,
    ]);
    expect(asList(statement(doc, "InvokeThroughEuAnthropicClaudeSonnet46").Resource)).toEqual(
      ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"].map(
        (r) => `arn:aws:bedrock:${r}::foundation-model/${SONNET}`,
      ),
    );
  });

  it("is a managed policy with the configured name prefix and path", () => {
    expect(out.json).toHaveResourceWithProperties(IamPolicy, { name: "bedrock-invoke", path: "/bedrock/" });
  });
});

describe("RuntimeAccountStack roles", () => {
  const { out } = synthRuntime(
    stackConfig((raw) => {
      raw.iam = {
        rolePath: "/bedrock/",
        namePrefix: "acme-",
        permissionsBoundaryArn: "arn:aws:iam::222222222222:policy/ci-boundary",
        maxSessionDurationSeconds: 7200,
        tags: { CostCenter: "platform" },
      };
    }),
  );

  it("gives no runtime role any aws-marketplace action", () => {
    const invoke = out.managedPolicy("acme-invoke");
    expect(allActions(invoke).filter((a) => a.startsWith("aws-marketplace:"))).toEqual([]);
    // The only inline policy belongs to the first-use role; every attachment is the invoke policy.
    expect(out.ofType("aws_iam_role_policy").map((p) => p.role)).toEqual([expect.stringMatching(/^\$\{aws_iam_role\.first-use_role_/)]);
    const attached = out.ofType("aws_iam_role_policy_attachment").map((a) => a.policy_arn);
    expect(attached).toHaveLength(4);
    for (const arn of attached) expect(arn).toMatch(/^\$\{aws_iam_policy\.invoke-policy\.arn\}$/);
  });

  it("gives the first-use role Subscribe and ViewSubscriptions (through Bedrock only) plus read-only availability calls", () => {
    const doc = out.inlinePolicy("first-use-marketplace");
    expect(allActions(doc).sort()).toEqual([
      "aws-marketplace:Subscribe",
      "aws-marketplace:ViewSubscriptions",
      "bedrock:CreateFoundationModelAgreement",
      "bedrock:GetFoundationModelAvailability",
      "bedrock:GetInferenceProfile",
      "bedrock:ListFoundationModelAgreementOffers",
      "bedrock:ListFoundationModels",
    ]);
    const viaBedrock = { StringEquals: { "aws:CalledViaLast": "bedrock.amazonaws.com" } };
    expect(statement(doc, "SubscribeToModelOffers").Condition).toEqual(viaBedrock);
    expect(statement(doc, "ViewSubscriptions").Condition).toEqual(viaBedrock);
  });

  it("scopes Subscribe to the configured Marketplace product ids", () => {
    const { out: scoped } = synthRuntime(
      stackConfig((raw) => {
        raw.models[0].marketplaceProductId = "prod-abc123";
        raw.models[1].marketplaceProductId = "prod-def456";
      }),
    );
    expect(statement(scoped.inlinePolicy("first-use-marketplace"), "SubscribeToModelOffers").Condition).toEqual({
      StringEquals: { "aws:CalledViaLast": "bedrock.amazonaws.com" },
      "ForAnyValue:StringEquals": { "aws-marketplace:ProductId": ["prod-abc123", "prod-def456"] },
    });
  });

  it("lets the first-use role submit the use-case form only in the account's opt-in Regions, and only when it has some", () => {
    expect(allActions(out.inlinePolicy("first-use-marketplace"))).not.toContain("bedrock:PutUseCaseForModelAccess");

    const { out: india } = synthRuntime(
      stackConfig((raw) => {
        raw.models = [{ id: "anthropic.claude-opus-5", profiles: ["in", "global", "messages"] }];
        raw.accounts[0].regions = ["ap-south-1", "ap-south-2", "ap-southeast-4"];
      }),
    );
    // ap-south-2 (Hyderabad) and ap-southeast-4 (Melbourne) are opt-in; ap-south-1 (Mumbai) is a default Region.
    expect(statement(india.inlinePolicy("first-use-marketplace"), "SubmitUseCaseFormInOptInRegions")).toEqual({
      Sid: "SubmitUseCaseFormInOptInRegions",
      Effect: "Allow",
      Action: ["bedrock:GetUseCaseForModelAccess", "bedrock:PutUseCaseForModelAccess"],
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": ["ap-south-2", "ap-southeast-4"] } },
    });
  });

  it("omits the Marketplace permissions when the account opts out", () => {
    const { out: without } = synthRuntime(
      stackConfig((raw) => {
        raw.accounts[0].firstUseMarketplaceAccess = false;
      }),
    );
    expect(allActions(without.inlinePolicy("first-use-marketplace")).filter((a) => a.startsWith("aws-marketplace:"))).toEqual([]);
  });

  it("trusts only the pipeline principal for the first-use role and caps its session at one hour", () => {
    expect(out.role("acme-first-use").max_session_duration).toBe(3600);
    expect(out.trustOf("acme-first-use").Statement).toEqual([
      { Sid: "TrustedPrincipals", Effect: "Allow", Principal: { AWS: [PIPELINE_ROLE] }, Action: "sts:AssumeRole" },
    ]);
  });

  it("applies the permission boundary and path to every role it creates", () => {
    const roles = out.ofType("aws_iam_role");
    expect(roles.map((r) => r.name).sort()).toEqual(["acme-first-use", "acme-github-actions", "acme-runtime"]);
    for (const role of roles) {
      expect(role).toMatchObject({ path: "/bedrock/", permissions_boundary: "arn:aws:iam::222222222222:policy/ci-boundary" });
    }
    expect(out.json).toHaveResourceWithProperties(IamRole, { name: "acme-runtime", max_session_duration: 7200 });
  });

  it("tags every resource through the provider's default tags", () => {
    expect(out.json).toHaveProviderWithProperties(AwsProvider, {
      default_tags: [{ tags: { CostCenter: "platform" } }],
      allowed_account_ids: ["222222222222"],
      assume_role: [{ role_arn: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole", session_name: "bedrock-org-access" }],
      region: "us-east-1",
    });
  });

  it("attaches the invoke policy to the existing RunsOn role by name", () => {
    expect(out.json).toHaveDataSourceWithProperties(DataAwsIamRole, { name: "runs-on-RunnerInstanceRole" });
    expect(out.json).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      role: "${data.aws_iam_role.runs-on-role-0.name}",
    });
  });
});

describe("RuntimeAccountStack GitHub OIDC", () => {
  it("requires aud=sts.amazonaws.com and pins sub to the repository's refs and environments", () => {
    const { out } = synthRuntime(stackConfig());
    const [trust] = out.trustOf("bedrock-github-actions").Statement;
    expect(trust.Action).toBe("sts:AssumeRoleWithWebIdentity");
    // Built from parts, so the plan shows the trust (the role depends on the provider instead).
    expect(trust.Principal).toEqual({ Federated: "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com" });
    expect(out.role("bedrock-github-actions").depends_on).toEqual(["aws_iam_openid_connect_provider.github-oidc-provider"]);
    // Exact subjects compare with StringEquals: nothing in them is meant as a pattern.
    expect(trust.Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": ["repo:example-org/app:environment:prod", "repo:example-org/app:ref:refs/heads/main"],
      },
    });
    expect(out.json).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  it("reuses an existing OIDC provider by ARN instead of creating one", () => {
    const providerArn = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com";
    const { out } = synthRuntime(
      stackConfig((raw) => {
        raw.accounts[0].githubOidc = { providerArn, repositories: [{ repository: "example-org/app" }] };
      }),
    );
    expect(out.ofType("aws_iam_openid_connect_provider")).toEqual([]);
    const [trust] = out.trustOf("bedrock-github-actions").Statement;
    expect(trust.Principal).toEqual({ Federated: providerArn });
    expect(trust.Condition?.StringLike).toEqual({ "token.actions.githubusercontent.com:sub": ["repo:example-org/app:*"] });
  });

  it("trusts every repository of an owner only when the config says so explicitly", () => {
    const { out } = synthRuntime(
      stackConfig((raw) => {
        raw.accounts[0].githubOidc = { repositories: [{ repository: "example-org/*", allowWildcard: true }] };
      }),
    );
    expect(out.trustOf("bedrock-github-actions").Statement[0].Condition?.StringLike).toEqual({
      "token.actions.githubusercontent.com:sub": ["repo:example-org/*:*"],
    });
  });
});

describe("RuntimeAccountStack GitHub OIDC pins", () => {
  const synthOidc = (githubOidc: Record<string, unknown>) =>
    synthRuntime(stackConfig((raw) => (raw.accounts[0].githubOidc = githubOidc))).out;

  it("requires a repository's id in a statement of its own, leaving the others as they were", () => {
    const out = synthOidc({
      repositories: [
        { repository: "example-org/app", repositoryId: "41898282", refs: ["refs/heads/main"] },
        { repository: "example-org/tools", environments: ["ci"] },
      ],
    });
    expect(out.trustOf("bedrock-github-actions").Statement.map((s) => [s.Sid, s.Condition])).toEqual([
      [
        "GithubActionsOidc",
        {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": ["repo:example-org/tools:environment:ci"],
          },
        },
      ],
      [
        "GithubActionsOidcRepository41898282",
        {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": ["repo:example-org/app:ref:refs/heads/main"],
            "token.actions.githubusercontent.com:repository_id": "41898282",
          },
        },
      ],
    ]);
  });

  it("keeps exact subjects under StringEquals and puts patterns in a StringLike statement of their own", () => {
    const out = synthOidc({
      repositories: [
        { repository: "example-org/app", refs: ["refs/heads/main"] },
        { repository: "example-org/*", refs: ["refs/heads/main"], allowWildcard: true },
      ],
    });
    expect(out.trustOf("bedrock-github-actions").Statement.map((s) => [s.Sid, s.Condition])).toEqual([
      [
        "GithubActionsOidc",
        {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": ["repo:example-org/app:ref:refs/heads/main"],
          },
        },
      ],
      [
        "GithubActionsOidcPatterns",
        {
          StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          StringLike: { "token.actions.githubusercontent.com:sub": ["repo:example-org/*:ref:refs/heads/main"] },
        },
      ],
    ]);
  });

  it("accepts GitHub's immutable subject form (OWNER@ID/REPO@ID) and pins it exactly", () => {
    const out = synthOidc({ repositories: [{ repository: "example-org@123456/app@41898282", refs: ["refs/heads/main"] }] });
    expect(out.trustOf("bedrock-github-actions").Statement[0].Condition?.StringEquals).toMatchObject({
      "token.actions.githubusercontent.com:sub": ["repo:example-org@123456/app@41898282:ref:refs/heads/main"],
    });
  });

  it("caps the OIDC role's sessions at one hour unless githubOidc says otherwise, whatever iam.maxSessionDurationSeconds is", () => {
    const config = (oidc: Record<string, unknown>) =>
      synthRuntime(
        stackConfig((raw) => {
          raw.iam = { ...(raw.iam as Record<string, unknown>), maxSessionDurationSeconds: 43200 };
          raw.accounts[0].githubOidc = { repositories: [{ repository: "example-org/app", refs: ["refs/heads/main"] }], ...oidc };
        }),
      ).out;
    expect(config({}).role("bedrock-github-actions").max_session_duration).toBe(3600);
    expect(config({ maxSessionDurationSeconds: 7200 }).role("bedrock-github-actions").max_session_duration).toBe(7200);
  });
});

describe("RuntimeAccountStack external principals", () => {
  const VENDOR = "arn:aws:iam::999999999999:role/vendor-ci";
  const PIPELINE = "arn:aws:iam::111111111111:role/platform-pipeline";

  it("trusts an external principal with an externalId only when it sends that id, and the others as before", () => {
    const { out } = synthRuntime(
      stackConfig((raw) => {
        raw.externalPrincipals = [{ principal: VENDOR, externalId: "vendor-ci-7f3a" }];
        raw.accounts[0].trustedPrincipals = [PIPELINE, VENDOR];
      }),
    );
    expect(out.trustOf("bedrock-runtime").Statement).toEqual([
      { Sid: "TrustedPrincipals", Effect: "Allow", Principal: { AWS: [PIPELINE] }, Action: "sts:AssumeRole" },
      {
        Sid: "TrustedExternalPrincipals49C4BFB8",
        Effect: "Allow",
        Principal: { AWS: [VENDOR] },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": "vendor-ci-7f3a" } },
      },
    ]);
  });
});

describe("RuntimeAccountStack outputs", () => {
  it("exports the outputs contract the enablement script reads", () => {
    const { out } = synthRuntime(stackConfig());
    const outputs = out.root.output as Record<string, { value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual([
      "account_id",
      "first_use_role_arn",
      "invoke_policy_arn",
      "model_profiles",
      "regions",
      "runtime_roles",
    ]);
    expect(outputs.account_id.value).toBe("222222222222");
    expect(outputs.model_profiles.value).toContainEqual({
      region: "us-east-1",
      model_id: "anthropic.claude-opus-4-6-v1",
      kind: "us",
      invocation_id: "us.anthropic.claude-opus-4-6-v1",
      inference_profile_arn: "arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-opus-4-6-v1",
      destination_regions: ["us-east-1", "us-east-2", "us-west-2"],
    });
    expect(outputs.model_profiles.value).toContainEqual(
      expect.objectContaining({
        invocation_id: "global.anthropic.claude-sonnet-4-6",
        destination_regions: ["us-east-1"],
      }),
    );
    expect(outputs.runtime_roles.value).toEqual([
      { arn: expect.stringMatching(/^\$\{aws_iam_role\.runtime_role_/), kind: "plain", pipeline_assumable: true },
      { arn: expect.stringMatching(/^\$\{aws_iam_role\.github-oidc_role_/), kind: "github-oidc", pipeline_assumable: false },
      { arn: "${data.aws_iam_role.runs-on-role-0.arn}", kind: "runs-on", pipeline_assumable: false },
    ]);
  });
});

describe("RuntimeAccountStack invoke policy size", () => {
  it("splits a large invoke policy into managed policies within IAM's limit and attaches all of them to every role", () => {
    const { out } = synthRuntime(
      stackConfig((raw) => {
        raw.models = MODELS_THAT_SPLIT_THE_INVOKE_POLICY;
        raw.accounts[0].regions = ["us-east-1", "us-west-2"];
      }),
    );
    const policies = out.ofType("aws_iam_policy") as { name: string; policy: string }[];
    expect(policies.map((p) => p.name).sort()).toEqual(["bedrock-invoke", "bedrock-invoke-2", "bedrock-invoke-3"]);
    for (const p of policies) expect(p.policy.replace(/\s/g, "").length).toBeLessThanOrEqual(6144);
    const sids = policies.flatMap((p) => (JSON.parse(p.policy) as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid));
    expect(new Set(sids).size).toBe(sids.length);
    const attachments = out.ofType("aws_iam_role_policy_attachment") as { role: string; policy_arn: string }[];
    for (const role of ["first-use", "runtime", "github-oidc"]) {
      const attached = attachments.filter((a) => a.role.includes(`aws_iam_role.${role}_role_`)).map((a) => a.policy_arn);
      expect([role, attached.length]).toEqual([role, 3]);
    }
    expect(attachments.filter((a) => a.role.includes("runs-on-role-0"))).toHaveLength(3);
  });
});
